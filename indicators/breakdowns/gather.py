"""Reading the groups' tallies (one ``GROUP BY`` per dimension) and making their rows.

Each group gets an :class:`indicators.compute.Tally` holding only what its indicators need,
and :func:`indicators.compute._values` turns it into values: the formulas are the engine's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from indicators.breakdowns.groups import Breakdown, Group
from indicators.compute import (
    NOT_APPLICABLE,
    Row,
    Tally,
    Value,
    _ratio,
    _status,
    _targets,
    _values,
    assignments_during,
    referral_cohort,
    referral_measures,
    select_territories,
    staff_measures,
    territory_codes,
)
from indicators.periods import Period
from indicators.registry import Target
from referrals.models import Corridor
from territories.models import JournalEntry, JournalKind, Position, ReferenceFramework, Sector

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
    period: Period, *, as_of: date, territories: list[str], indicator: str | None = None
) -> list[Breakdown]:
    """Every breakdown of ``period`` known at ``as_of``, pooling ``territories`` (codes; raises
    :class:`indicators.compute.UnknownTerritories` like the engine); with ``indicator``, only
    the dimensions giving it, with that indicator alone (none when it is not broken down).

    Queries: 2, then 4 for the referral dimensions and 5 for sectors, whatever the number of
    territories and groups.
    """
    wanted = {
        dimension: [code for code in codes if indicator in (None, code)]
        for dimension, codes in DIMENSIONS.items()
    }
    wanted = {dimension: codes for dimension, codes in wanted.items() if codes}
    if not wanted:
        return []
    selected = select_territories(territory_codes(), territories)
    province_targets, overrides = _targets()
    scope = _Scope(selected, province_targets, overrides)
    start, end = period.start, period.cut_at(as_of)
    titles = _titles()

    groups: dict[str, list[Group]] = {}
    if wanted.keys() & {"corridor", "sector_pair", "immigrant"}:
        groups.update(_referral_groups(scope, period, start, end, as_of, set(wanted)))
    if "sector" in wanted:
        groups["sector"] = _sector_groups(scope, period, start, end, as_of)
    return [
        Breakdown(
            dimension=dimension,
            title=titles[dimension],
            indicators=codes,
            groups=[
                Group(group.key, group.label, {code: group.rows[code] for code in codes})
                for group in groups[dimension]
            ],
        )
        for dimension, codes in wanted.items()
    ]


def _row(key: str, indicator: str, value: Value, target: Target | None) -> Row:
    status = _status(value, target, suppressed=False)
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


def _cohort_tallies(scope: _Scope, start: date, end: date, as_of: date, by: list[str]):
    """(the ``by`` fields' values, the group's tally) for each group of the cohort."""
    rows = (
        referral_cohort(start, end)
        .filter(territory_id__in=scope.ids)
        .values(*by)
        .annotate(**referral_measures(as_of))
        .order_by()
    )
    for row in rows:
        tally = Tally(
            cohort=row["cohort"],
            families=row["families"],
            escaped_families=row["escaped_families"],
            loops=row["loops"],
            taken=row["taken"],
            delay_days=row["delay_days"] or 0,
        )
        yield tuple(row[name] for name in by), tally


def _referral_groups(
    scope: _Scope, period: Period, start: date, end: date, as_of: date, wanted: set[str]
) -> dict[str, list[Group]]:
    """Groups by corridor, sector pair and immigrant family, those ``wanted`` (a query each,
    and one for the corridors active during P)."""
    codes = DIMENSIONS["sector_pair"]

    def group(key: str, label: str, tally: Tally, territory_ids=None) -> Group:
        return _group(key, label, _values(tally, period, as_of, None), codes, scope, territory_ids)

    def cohort(by: list[str]):
        return _cohort_tallies(scope, start, end, as_of, by)

    groups: dict[str, list[Group]] = {}
    active: list[Corridor] = []
    if wanted & {"corridor", "sector_pair"}:
        # For the corridor groups without referrals and the pairs' formal share.
        active = list(
            Corridor.objects.active_during(start, end)
            .filter(territory_id__in=scope.ids)
            .select_related("territory")
            .only(
                "code",
                "territory__code",
                "from_sector_id",
                "to_sector_id",
                "entry_point",
                "target_delay_days",
                "consent_languages",
                "transfer_template",
            )
        )

    if "corridor" in wanted:
        # (territory code, corridor code) → (label, territory id, tally)
        corridors: dict[tuple[str, str], tuple[str, int, Tally]] = {
            (corridor.territory.code, corridor.code): (
                _corridor_label(corridor.territory.code, corridor.code, *_sectors(corridor)),
                corridor.territory_id,
                Tally(),
            )
            for corridor in active
        }
        outside = Tally()
        for (code, territory_id, territory, frm, to), tally in cohort(
            [
                "corridor__code",
                "corridor__territory_id",
                "corridor__territory__code",
                "corridor__from_sector_id",
                "corridor__to_sector_id",
            ]
        ):
            if code is None:
                outside = tally
            else:
                label = _corridor_label(territory, code, frm, to)
                corridors[(territory, code)] = (label, territory_id, tally)
        groups["corridor"] = [
            group(f"corridor:{code}", label, tally, [territory_id])
            for (_territory, code), (label, territory_id, tally) in sorted(corridors.items())
        ]
        groups["corridor"].append(group(NO_CORRIDOR, _("Outside any corridor"), outside))

    if "sector_pair" in wanted:
        pairs: dict[tuple[str, str], Tally] = defaultdict(Tally)
        for (frm, to), tally in cohort(["from_sector_id", "to_sector_id"]):
            pairs[(frm, to)] = tally
        for corridor in active:
            tally = pairs[_sectors(corridor)]
            tally.corridors_active += 1
            tally.corridors_formal += corridor.is_formal
        groups["sector_pair"] = [
            group(f"pair:{frm}>{to}", f"{frm} → {to}", tally)
            for (frm, to), tally in sorted(pairs.items())
        ]

    if "immigrant" in wanted:
        families = {True: Tally(), False: Tally()}
        for (immigrant,), tally in cohort(["family__immigrant"]):
            families[bool(immigrant)] = tally
        groups["immigrant"] = [
            group("immigrant:yes", _("Immigrant families"), families[True]),
            group("immigrant:no", _("Other families"), families[False]),
        ]
    return groups


def _sectors(corridor: Corridor) -> tuple[str, str]:
    return corridor.from_sector_id, corridor.to_sector_id


def _corridor_label(territory: str, code: str, frm: str, to: str) -> str:
    return f"{territory} – {code} ({frm} → {to})"


# Staffing (levers 1, 3 and 6)


def _sector_groups(
    scope: _Scope, period: Period, start: date, end: date, as_of: date
) -> list[Group]:
    """Groups by the sector of the positions' organizations (five queries)."""
    tallies: dict[str, Tally] = defaultdict(Tally)

    # L1_SECTORS_CONFORMING: per territory, whether the sector has an active position and
    # whether one of them meets the framework (the engine's test).
    framework = ReferenceFramework.objects.filter(pk=1).first() or ReferenceFramework()
    required = set(framework.required_components)
    active: dict[str, set[int]] = defaultdict(set)
    conforming: dict[str, set[int]] = defaultdict(set)
    for territory_id, sector, components in (
        Position.objects.active_during(start, end)
        .filter(organization__territory_id__in=scope.ids)
        .values_list("organization__territory_id", "organization__sector_id", "components")
    ):
        active[sector].add(territory_id)
        if required <= set(components or []):
            conforming[sector].add(territory_id)

    for row in (
        JournalEntry.objects.filter(
            date__gte=start,
            date__lte=end,
            kind__in=[
                JournalKind.SUPERVISION,
                JournalKind.SUPPORT_REQUEST,
                JournalKind.PRESENTATION_INTRA,
                JournalKind.PRESENTATION_INTER,
            ],
            position__organization__territory_id__in=scope.ids,
        )
        .values("position__organization__sector_id", "kind")
        .annotate(count=Count("id"), hours=Sum("hours"))
        .order_by()
    ):
        tally = tallies[row["position__organization__sector_id"]]
        if row["kind"] == JournalKind.SUPERVISION:
            tally.supervision_hours += row["hours"] or Decimal(0)
        elif row["kind"] == JournalKind.SUPPORT_REQUEST:
            tally.support_requests += row["count"]
        else:
            tally.presentations += row["count"]

    for row in (
        assignments_during(start, end)
        .filter(position__organization__territory_id__in=scope.ids)
        .values("position__organization__sector_id")
        .annotate(**staff_measures(start, end))
        .order_by()
    ):
        tally = tallies[row["position__organization__sector_id"]]
        tally.departures = row["departures"]
        tally.staff_at_start = row["staff_at_start"]
        tally.staff_at_end = row["staff_at_end"]
        tally.paps = row["paps"]

    names = dict(Sector.objects.values_list("code", "name"))
    groups = []
    for sector in sorted(set(tallies) | set(active)):
        values = _values(tallies[sector], period, as_of, None)
        values["L1_SECTORS_CONFORMING"] = _sector_conforming(
            len(conforming[sector]), len(active[sector]), pooled=len(scope.ids) > 1
        )
        label = f"{sector} – {names[sector]}" if sector in names else sector
        groups.append(_group(f"sector:{sector}", label, values, STAFFING_INDICATORS, scope))
    return groups


def _sector_conforming(conforming: int, active: int, *, pooled: bool) -> Value:
    """One territory: the count (0 or 1) with n 0 or 1, like a territory's row. Several: the
    province's rule, the mean over the territories where the sector is active."""
    if pooled:
        return _ratio(conforming, active, active)
    return Value(Fraction(conforming), active)
