"""Making the breakdowns' rows from the groups' tallies (:mod:`indicators.breakdowns.tallies`).

Each group has an :class:`indicators.compute.Tally` holding only what its indicators need, pooled
over the territories shown, and :func:`indicators.compute.values.tally_values` turns it into
values: the formulas are the engine's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext as _

from indicators.breakdowns.groups import Breakdown, Group
from indicators.breakdowns.privacy import hide_small_groups
from indicators.breakdowns.tallies import GroupTallies, group_tallies
from indicators.compute import (
    NOT_APPLICABLE,
    Row,
    Tally,
    Value,
    select_territories,
    territory_codes,
)
from indicators.compute.targets import load_targets, status_of
from indicators.compute.values import ratio, tally_values
from indicators.periods import Period
from indicators.registry import Target
from territories.models import Sector

REFERRAL_INDICATORS = ["L2_HANDOFF_DELAY_DAYS", "L2_ESCAPE_RATE_PCT", "L2_LOOP_RATE_PCT"]
STAFFING_INDICATORS = [
    "L1_SECTORS_CONFORMING",
    "L1_PRESENTATIONS",
    "L3_TURNOVER_PCT",
    "L3_SUPERVISION_HOURS_PER_PAP_MONTH",
    "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER",
]
# The indicators of each dimension, in the order pages and downloads give them.
DIMENSIONS: dict[str, list[str]] = {
    "corridor": REFERRAL_INDICATORS,
    "sector_pair": [*REFERRAL_INDICATORS, "L2_FORMAL_CORRIDORS_PCT"],
    "immigrant": REFERRAL_INDICATORS,
    "sector": STAFFING_INDICATORS,
}
BROKEN_DOWN = frozenset(code for codes in DIMENSIONS.values() for code in codes)
# Counts of a whole territory: a target for them says nothing of one sector's share.
WITHOUT_TARGET = frozenset({"L1_SECTORS_CONFORMING", "L1_PRESENTATIONS"})

NO_CORRIDOR = "none"


def _titles() -> dict[str, str]:
    return {
        "corridor": _("By corridor"),
        "sector_pair": _("By sector pair"),
        "immigrant": _("Immigrant families and the others"),
        "sector": _("By sector"),
    }


@dataclass(frozen=True)
class _Scope:
    """The territories pooled (ids) and the targets in force for them."""

    ids: list[int]
    province_targets: dict[str, Target | None]
    overrides: dict[tuple[int, str], Target | None]

    def target(self, indicator: str, territory_ids: Iterable[int] | None = None) -> Target | None:
        """The target of ``indicator`` for one territory (its override, else the province's);
        for several, the province's. ``territory_ids`` defaults to the whole scope."""
        if indicator in WITHOUT_TARGET:
            return None
        ids = list(self.ids if territory_ids is None else territory_ids)
        if len(ids) == 1:
            return self.overrides.get((ids[0], indicator), self.province_targets[indicator])
        return self.province_targets[indicator]


def breakdowns(
    period: Period,
    *,
    as_of: date,
    territories: list[str],
    indicator: str | None = None,
    reveal_small: bool = False,
) -> list[Breakdown]:
    """Every breakdown of ``period`` known at ``as_of``, pooling ``territories`` (codes; raises
    :class:`indicators.compute.UnknownTerritories` like the engine); with ``indicator``, only
    the dimensions giving it, with that indicator alone (none when it is not broken down).
    Small referral groups are hidden (:func:`~indicators.breakdowns.privacy.hide_small_groups`)
    unless ``reveal_small`` — for those who see family-level data.

    The groups' tallies are kept per territory (:mod:`indicators.breakdowns.tallies`). Queries:
    5 when they are current, whatever the number of territories and groups; 10 more when some
    territory's changed.
    """
    wanted = _wanted(indicator, DIMENSIONS)
    if not wanted:
        return []
    codes = territory_codes()
    selected = select_territories(codes, territories)
    targets = load_targets()
    tallies = group_tallies(period, as_of=as_of, territory_ids=selected)
    built = _build(wanted, selected, codes, targets, tallies, period, as_of)
    return built if reveal_small else hide_small_groups(built)


def breakdowns_each(
    period: Period,
    *,
    as_of: date,
    territories: list[str],
    dimensions: Iterable[str] = ("corridor", "sector_pair"),
    reveal_small: bool = False,
) -> dict[str, list[Breakdown]]:
    """Each of ``territories``' own breakdowns (not pooled) along ``dimensions`` (not by
    sector, which reads the sectors' names), by code: the queries of one :func:`breakdowns`
    call, whatever the number of territories."""
    wanted = _wanted(None, {d: DIMENSIONS[d] for d in dimensions if d != "sector"})
    codes = territory_codes()
    selected = select_territories(codes, territories)
    if not wanted or not selected:
        return {codes[territory_id]: [] for territory_id in selected}
    targets = load_targets()
    tallies = group_tallies(period, as_of=as_of, territory_ids=selected)
    built = {
        codes[territory_id]: _build(wanted, [territory_id], codes, targets, tallies, period, as_of)
        for territory_id in selected
    }
    return built if reveal_small else {c: hide_small_groups(b) for c, b in built.items()}


def _wanted(indicator: str | None, dimensions: dict[str, list[str]]) -> dict[str, list[str]]:
    """The indicators to give per dimension: all, or ``indicator`` where it is broken down."""
    wanted = {
        dimension: [code for code in codes if indicator in (None, code)]
        for dimension, codes in dimensions.items()
    }
    return {dimension: codes for dimension, codes in wanted.items() if codes}


def _build(
    wanted: dict[str, list[str]],
    selected: list[int],
    codes: dict[int, str],
    targets: tuple,
    tallies: dict[int, GroupTallies],
    period: Period,
    as_of: date,
) -> list[Breakdown]:
    """The breakdowns of the territories ``selected`` pooled, from their group tallies."""
    province_targets, overrides = targets
    scope = _Scope(selected, province_targets, overrides)
    pooled = [tallies[territory_id] for territory_id in selected]
    titles = _titles()

    groups: dict[str, list[Group]] = {}
    if "corridor" in wanted:
        groups["corridor"] = _corridor_groups(scope, period, as_of, codes, tallies)
    if "sector_pair" in wanted:
        groups["sector_pair"] = _pair_groups(scope, period, as_of, pooled)
    if "immigrant" in wanted:
        groups["immigrant"] = _immigrant_groups(scope, period, as_of, pooled)
    if "sector" in wanted:
        groups["sector"] = _sector_groups(scope, period, as_of, pooled)
    return [
        Breakdown(
            dimension=dimension,
            title=titles[dimension],
            indicators=indicators,
            groups=[
                replace(group, rows={code: group.rows[code] for code in indicators})
                for group in groups[dimension]
            ],
        )
        for dimension, indicators in wanted.items()
    ]


def _row(key: str, indicator: str, value: Value, target: Target | None) -> Row:
    status = status_of(value, target, suppressed=False)
    shown = None if status == NOT_APPLICABLE else value.value
    return Row(key, indicator, shown, target, status, value.n)


def _group(
    key: str,
    label: str,
    values: dict[str, Value],
    codes: list[str],
    scope: _Scope,
    territory_ids: Iterable[int] | None = None,
) -> Group:
    ids = None if territory_ids is None else list(territory_ids)
    return Group(
        key,
        label,
        {code: _row(key, code, values[code], scope.target(code, ids)) for code in codes},
    )


# Referrals (lever 2)


def _referral_group(
    scope: _Scope,
    period: Period,
    as_of: date,
    key: str,
    label: str,
    tally: Tally,
    territory_ids: Iterable[int] | None = None,
    parts: Iterable[Tally] = (),
) -> Group:
    """A referral group; ``parts``: each territory's share of a pooled group, whose smallest
    (in families) is kept so that a small share can be hidden (indicators.breakdowns.privacy)."""
    values = tally_values(tally, period, as_of, None)
    group = _group(key, label, values, DIMENSIONS["sector_pair"], scope, territory_ids)
    smallest = min((part.families for part in parts if part.families), default=None)
    return replace(group, families=tally.families, smallest_share=smallest)


def _corridor_groups(
    scope: _Scope,
    period: Period,
    as_of: date,
    codes: dict[int, str],
    tallies: dict[int, GroupTallies],
) -> list[Group]:
    """A group per corridor active during P or used by the cohort (a corridor is of one
    territory), by territory and code, then the referrals along no corridor."""
    corridors = sorted(
        (codes[territory_id], code, territory_id, route)
        for territory_id in scope.ids
        for code, route in tallies[territory_id].corridors.items()
    )
    pair_families: dict[tuple[str, str], int] = defaultdict(int)
    for territory_id in scope.ids:
        for pair, tally in tallies[territory_id].pairs.items():
            pair_families[pair] += tally.families
    groups = [
        replace(
            _referral_group(
                scope,
                period,
                as_of,
                f"corridor:{code}",
                _corridor_label(territory, code, route.from_sector, route.to_sector),
                route.tally,
                [territory_id],
            ),
            within=f"pair:{route.from_sector}>{route.to_sector}",
            within_families=pair_families[route.from_sector, route.to_sector],
        )
        for territory, code, territory_id, route in corridors
    ]
    shares = [tallies[territory_id].outside for territory_id in scope.ids]
    groups.append(
        _referral_group(
            scope, period, as_of, NO_CORRIDOR, _("Outside any corridor"), sum(shares, Tally()),
            parts=shares,
        )
    )  # fmt: skip
    return groups


def _pair_groups(
    scope: _Scope, period: Period, as_of: date, pooled: list[GroupTallies]
) -> list[Group]:
    pairs: dict[tuple[str, str], list[Tally]] = defaultdict(list)
    for tallies in pooled:
        for route, tally in tallies.pairs.items():
            pairs[route].append(tally)
    return [
        _referral_group(
            scope, period, as_of, f"pair:{frm}>{to}", f"{frm} → {to}", sum(shares, Tally()),
            parts=shares,
        )
        for (frm, to), shares in sorted(pairs.items())
    ]  # fmt: skip


def _immigrant_groups(
    scope: _Scope, period: Period, as_of: date, pooled: list[GroupTallies]
) -> list[Group]:
    shares = {flag: [tallies.immigrant[flag] for tallies in pooled] for flag in (True, False)}
    families = {flag: sum(shares[flag], Tally()) for flag in (True, False)}
    return [
        _referral_group(
            scope,
            period,
            as_of,
            "immigrant:yes",
            _("Immigrant families"),
            families[True],
            parts=shares[True],
        ),
        _referral_group(
            scope,
            period,
            as_of,
            "immigrant:no",
            _("Other families"),
            families[False],
            parts=shares[False],
        ),
    ]


def _corridor_label(territory: str, code: str, frm: str, to: str) -> str:
    return f"{territory} – {code} ({frm} → {to})"


# Staffing (levers 1, 3 and 6)


def _sector_groups(
    scope: _Scope, period: Period, as_of: date, pooled: list[GroupTallies]
) -> list[Group]:
    """A group per sector with a position, a journal entry or an assignment (one query: the
    sectors' names)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    active: dict[str, int] = defaultdict(int)  # territories where the sector has a position
    conforming: dict[str, int] = defaultdict(int)
    for territory in pooled:
        for sector, tally in territory.sectors.items():
            tallies[sector] += tally
        for sector in territory.sectors_active:
            active[sector] += 1
        for sector in territory.sectors_conforming:
            conforming[sector] += 1
    names = dict(Sector.objects.values_list("code", "name"))
    groups = []
    for sector in sorted(set(tallies) | set(active)):
        values = tally_values(tallies[sector], period, as_of, None)
        values["L1_SECTORS_CONFORMING"] = _sector_conforming(
            conforming[sector], active[sector], pooled=len(scope.ids) > 1
        )
        label = f"{sector} – {names[sector]}" if sector in names else sector
        groups.append(_group(f"sector:{sector}", label, values, STAFFING_INDICATORS, scope))
    return groups


def _sector_conforming(conforming: int, active: int, *, pooled: bool) -> Value:
    """One territory: the count (0 or 1) with n 0 or 1, like a territory's row. Several: the
    province's rule, the mean over the territories where the sector is active."""
    if pooled:
        return ratio(conforming, active, active)
    return Value(Fraction(conforming), active)
