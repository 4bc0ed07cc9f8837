"""The engine's entry: :func:`compute`, and :func:`build_results`, which turns every
territory's tally into the rows of the selected territories and ``QC`` (no query)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from indicators import registry
from indicators.compute.gather import gather_tallies
from indicators.compute.priorities import triggered_priorities
from indicators.compute.profiles import Profile, gather_profiles, profile_for
from indicators.compute.remembered import remembered, remembered_values
from indicators.compute.results import NOT_APPLICABLE, SUPPRESSED, Results, Row, UnknownTerritories
from indicators.compute.suppression import is_small, suppressed
from indicators.compute.survey_responses import province_online_respondents
from indicators.compute.tally import Tally
from indicators.compute.targets import load_targets, status_of
from indicators.compute.values import Value, province_values, tally_values
from indicators.periods import Period
from territories.models import PROVINCE_CODE, Territory


@dataclass(frozen=True)
class Context:
    """What every computation reads besides the tallies: profiles and targets (two queries)."""

    profiles: dict[int, dict[int, Profile]]
    references: dict[int, Profile]
    province_targets: dict[str, registry.Target | None]
    overrides: dict[tuple[int, str], registry.Target | None]
    # (territory id, fiscal year of its profile) → triggered priorities: periods of one year
    # share them, and a page builds up to nine periods (exact Fractions make them slow).
    _triggered: dict[tuple[int, int], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def load(cls) -> Context:
        profiles, references = gather_profiles()
        province_targets, overrides = load_targets()
        return cls(profiles, references, province_targets, overrides)

    @cached_property
    def signature(self) -> str:
        """A text that changes whenever a profile (a territory's or a reference) does."""
        profiles = sorted((tid, sorted(by_year.items())) for tid, by_year in self.profiles.items())
        text = repr((profiles, sorted(self.references.items())))
        return hashlib.sha256(text.encode()).hexdigest()

    def triggered(self, territory_id: int, profile: Profile) -> list[str]:
        """The priorities ``profile`` (the territory's, for some period) triggers."""
        key = (territory_id, profile.fiscal_year)
        if key not in self._triggered:
            reference = self.references.get(profile.fiscal_year)
            self._triggered[key] = remembered(
                ("triggered", *key, self.signature),
                lambda: tuple(triggered_priorities(profile, reference)),
            )
        return list(self._triggered[key])


def territory_codes() -> dict[int, str]:
    """Every territory's code by id, in code order (one query)."""
    # Sorted by Python, not by the database, whose collation may put "a" before "B".
    return dict(sorted(Territory.objects.values_list("id", "code"), key=lambda item: item[1]))


def compute(period: Period, *, as_of: date, territories: Iterable[str] | None = None) -> Results:
    """Every indicator of ``period`` known at ``as_of``, for ``territories`` (codes; None: all),
    then the ``QC`` rows over every territory, computed from the raw rows.

    Raises :class:`UnknownTerritories` when a code names no territory (codes match whatever
    their case). A fixed number of queries, whatever the number of territories. Pages read
    the same results through :mod:`indicators.store`, which keeps the tallies.
    """
    codes = territory_codes()
    selected = select_territories(codes, territories)
    return build_results(
        period,
        as_of=as_of,
        codes=codes,
        selected=selected,
        tallies=gather_tallies(period, as_of=as_of),
        online_respondents=province_online_respondents(period, as_of=as_of),
        context=Context.load(),
    )


def build_results(
    period: Period,
    *,
    as_of: date,
    codes: dict[int, str],
    selected: list[int],
    tallies: dict[int, Tally],
    online_respondents: int,
    context: Context,
    versions: Mapping[int, int] | None = None,
) -> Results:
    """The rows of ``selected`` then ``QC`` from every territory's tally (no query).

    ``versions``: the ``data_version`` each tally was made at, when known (the store's): each
    territory's values are then remembered between requests (:mod:`.remembered`).
    """
    used = {
        territory_id: profile_for(context.profiles.get(territory_id, {}), period.fiscal_year)
        for territory_id in codes
    }

    def triggered(territory_id: int) -> list[str] | None:
        profile = used[territory_id]
        return None if profile is None else context.triggered(territory_id, profile)

    def values_of(territory_id: int) -> Mapping[str, Value]:
        def make() -> dict[str, Value]:
            tally = tallies.get(territory_id, Tally())
            return tally_values(tally, period, as_of, used[territory_id], triggered(territory_id))

        if versions is None:
            return make()
        key = ("values", territory_id, period.key, as_of, versions[territory_id])
        return remembered_values((*key, context.signature), make)

    values = {territory_id: values_of(territory_id) for territory_id in codes}
    hidden = suppressed(values, codes)

    rows: list[Row] = []
    for territory_id in selected:
        for indicator in registry.CODES:
            target = context.overrides.get(
                (territory_id, indicator), context.province_targets[indicator]
            )
            value = values[territory_id][indicator]
            status = status_of(value, target, (territory_id, indicator) in hidden)
            shown = None if status in (SUPPRESSED, NOT_APPLICABLE) else value.value
            rows.append(Row(codes[territory_id], indicator, shown, target, status, value.n))

    def make_province() -> dict[str, Value]:
        every = {territory_id: tallies.get(territory_id, Tally()) for territory_id in codes}
        references = context.references
        return province_values(every, values, period, as_of, references, online_respondents)

    if versions is None:
        province = make_province()
    else:
        every_version = tuple(sorted(versions.items()))
        key = ("province", period.key, as_of, every_version, context.signature)
        province = remembered_values((*key, online_respondents), make_province)
    for indicator in registry.CODES:
        value = province[indicator]
        target = context.province_targets[indicator]
        status = status_of(value, target, is_small(value))
        shown = None if status in (SUPPRESSED, NOT_APPLICABLE) else value.value
        rows.append(Row(PROVINCE_CODE, indicator, shown, target, status, value.n))

    return Results(
        period=period,
        as_of=as_of,
        territories=[codes[tid] for tid in selected],
        rows=rows,
        priorities={codes[tid]: triggered(tid) or [] for tid in selected},
    )


def select_territories(all_territories: dict[int, str], codes: Iterable[str] | None) -> list[int]:
    """Ids of the territories named by ``codes`` (any case), in code order; all when None."""
    if codes is None:
        return list(all_territories)
    by_code = {code.casefold(): tid for tid, code in all_territories.items()}
    wanted = {code.strip().casefold(): code for code in codes}
    unknown = [original for folded, original in wanted.items() if folded not in by_code]
    if unknown:
        raise UnknownTerritories(unknown)
    ids = {by_code[folded] for folded in wanted}
    return [tid for tid in all_territories if tid in ids]
