"""The groups' tallies of each territory, read from the raw rows or kept beside the engine's.

A family belongs to one territory, and so do a corridor, a position and its journal: every
group's tally over several territories is the sum of each territory's. So the tallies are
gathered per territory (one ``GROUP BY`` per dimension, the territory among the keys), kept in
:class:`indicators.models.StoredBreakdown` at the territory's ``data_version`` like
:mod:`indicators.store` keeps the engine's, and pooled by addition. Only counts: no
family-level row, no label (labels and targets are made anew on every request).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F, FilteredRelation, Q

from indicators.compute import (
    JOURNAL_MEASURES,
    Grouping,
    Tally,
    add_journal_measures,
    assignments_during,
    flagged_referrals,
    journal_entries,
    measure_groups,
    referral_cohort,
    set_referral_measures,
    set_staff_measures,
    staff_measures,
)
from indicators.models import StoredBreakdown
from indicators.periods import Period
from indicators.recomputing import one_at_a_time
from indicators.storage_days import forget_earlier_days, holding, later_day_kept, storage_day
from referrals.models import Corridor
from territories.models import Position, ReferenceFramework, Territory

# Written into every kept tally: a release that changes what is kept changes it, and tallies
# kept by an earlier release are then gathered again rather than misread.
FORMAT = 1


@dataclass
class Route:
    """A corridor's sectors and its referrals' tally (empty: active, no referral in C)."""

    from_sector: str
    to_sector: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class GroupTallies:
    """One territory's tallies for one period, by group."""

    corridors: dict[str, Route] = field(default_factory=dict)  # by corridor code
    outside: Tally = field(default_factory=Tally)  # referrals along no corridor
    # By (from sector, to sector); with the pair's active and formal corridors.
    pairs: dict[tuple[str, str], Tally] = field(default_factory=dict)
    immigrant: dict[bool, Tally] = field(default_factory=lambda: {True: Tally(), False: Tally()})
    sectors: dict[str, Tally] = field(default_factory=dict)  # by the organizations' sector
    sectors_active: set[str] = field(default_factory=set)  # with a position active during P
    sectors_conforming: set[str] = field(default_factory=set)  # …one meeting the framework

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "corridors": {
                code: [route.from_sector, route.to_sector, route.tally.to_json()]
                for code, route in self.corridors.items()
            },
            "outside": self.outside.to_json(),
            "pairs": [[frm, to, tally.to_json()] for (frm, to), tally in self.pairs.items()],
            "immigrant": {
                "yes": self.immigrant[True].to_json(),
                "no": self.immigrant[False].to_json(),
            },
            "sectors": {sector: tally.to_json() for sector, tally in self.sectors.items()},
            "sectors_active": sorted(self.sectors_active),
            "sectors_conforming": sorted(self.sectors_conforming),
        }

    @classmethod
    def from_json(cls, data: dict) -> GroupTallies:
        return cls(
            corridors={
                code: Route(frm, to, Tally.from_json(tally))
                for code, (frm, to, tally) in data["corridors"].items()
            },
            outside=Tally.from_json(data["outside"]),
            pairs={(frm, to): Tally.from_json(tally) for frm, to, tally in data["pairs"]},
            immigrant={
                True: Tally.from_json(data["immigrant"]["yes"]),
                False: Tally.from_json(data["immigrant"]["no"]),
            },
            sectors={sector: Tally.from_json(tally) for sector, tally in data["sectors"].items()},
            sectors_active=set(data["sectors_active"]),
            sectors_conforming=set(data["sectors_conforming"]),
        )


def group_tallies(
    period: Period, *, as_of: date, territory_ids: Sequence[int]
) -> dict[int, GroupTallies]:
    """The group tallies of each of ``territory_ids`` for ``period`` at ``as_of``: the stored
    ones when made at the territory's current version, the others gathered and stored.

    Queries: 2 when every one is current; else, one recomputation at a time
    (:mod:`indicators.recomputing`: 1 to wait, 2 to read again), 6 more to gather (whatever the
    number of stale territories; 7 when an ended period's loops are read back) and 3 to store
    (or 1 not to, for a day earlier than one kept).
    """
    versions, found = _stored(period, as_of, territory_ids)
    if len(found) == len(versions):
        return found
    with one_at_a_time():  # another process may have stored them while this one waited
        missing = [territory_id for territory_id in versions if territory_id not in found]
        again, stored = _stored(period, as_of, missing)
        versions.update(again)
        found.update(stored)
        stale = sorted(territory_id for territory_id in versions if territory_id not in found)
        if stale:
            known = _known_loops(period, as_of, versions, stale)
            gathered = gather_group_tallies(
                period, as_of=as_of, territory_ids=stale, known_loops=known
            )
            found.update(gathered)
            _keep(period, as_of=as_of, versions=versions, gathered=gathered)
    return found


def _stored(
    period: Period, as_of: date, territory_ids: Sequence[int]
) -> tuple[dict[int, int], dict[int, GroupTallies]]:
    """The territories' versions, and the group tallies stored at them (2 queries)."""
    versions = dict(
        Territory.objects.filter(pk__in=territory_ids).values_list("id", "data_version")
    )
    found: dict[int, GroupTallies] = {}
    for territory_id, version, data in (
        holding(StoredBreakdown.objects.all(), [period], as_of)
        .filter(territory_id__in=versions)
        .values_list("territory_id", "version", "data")
    ):
        if versions[territory_id] == version and data.get("format") == FORMAT:
            found[territory_id] = GroupTallies.from_json(data)
    return versions, found


def _known_loops(
    period: Period, as_of: date, versions: dict[int, int], stale: Sequence[int]
) -> dict[int, GroupTallies]:
    """The group tallies whose loops a recomputation need not count again (one query, when
    the period has ended), as :func:`indicators.store._known_loops` does for the engine: a loop
    reads no date but the referrals' own, so once the period has ended, a row made since at the
    territory's current version gives every group's loops."""
    if as_of < period.end:
        return {}
    known: dict[int, GroupTallies] = {}
    for territory_id, version, data in StoredBreakdown.objects.filter(
        period=period.key,
        computed_on__gte=period.end,
        computed_on__lte=as_of,
        territory_id__in=stale,
    ).values_list("territory_id", "version", "data"):
        if versions.get(territory_id) == version and data.get("format") == FORMAT:
            known[territory_id] = GroupTallies.from_json(data)
    return known


def _keep(
    period: Period, *, as_of: date, versions: dict[int, int], gathered: dict[int, GroupTallies]
) -> None:
    """Store what was gathered and forget earlier days, in one transaction, like
    :mod:`indicators.store`; nothing when a later day is kept (``as_of`` is an explicit past
    day: computed on demand)."""
    with transaction.atomic(savepoint=False):
        if later_day_kept(StoredBreakdown.objects.all(), as_of):
            return
        StoredBreakdown.objects.bulk_create(
            [
                StoredBreakdown(
                    period=period.key,
                    as_of=storage_day(period, as_of),
                    computed_on=as_of,
                    territory_id=territory_id,
                    version=versions[territory_id],
                    data=tallies.to_json(),
                )
                for territory_id, tallies in sorted(gathered.items())
            ],
            update_conflicts=True,
            unique_fields=["as_of", "period", "territory"],
            update_fields=["computed_on", "version", "data"],
        )
        forget_earlier_days(StoredBreakdown.objects.all(), as_of)


def gather_group_tallies(
    period: Period,
    *,
    as_of: date,
    territory_ids: Iterable[int],
    known_loops: dict[int, GroupTallies] | None = None,
) -> dict[int, GroupTallies]:
    """Every group tally of ``territory_ids`` from the raw rows (six queries); ``known_loops``:
    territories whose groups' loops are known already (see :func:`_known_loops`)."""
    ids = list(territory_ids)
    tallies = {territory_id: GroupTallies() for territory_id in ids}
    start, end = period.start, period.cut_at(as_of)
    known = {tid: groups for tid, groups in (known_loops or {}).items() if tid in tallies}
    _gather_referrals(tallies, ids, start, end, as_of, known)
    _gather_staffing(tallies, ids, start, end)
    return tallies


# Referrals (lever 2)


def _gather_referrals(
    tallies: dict[int, GroupTallies],
    ids: list[int],
    start: date,
    end: date,
    as_of: date,
    known: dict[int, GroupTallies],
) -> None:
    """By corridor, sector pair and immigrant family (one statement), and the corridors active
    during P: every one is a group, with or without referrals, and counts in its pair's
    formal share."""
    for corridor in (
        Corridor.objects.active_during(start, end)
        .filter(territory_id__in=ids)
        .only(
            "code",
            "territory_id",
            "from_sector_id",
            "to_sector_id",
            "entry_point",
            "target_delay_days",
            "consent_languages",
            "transfer_template",
        )
    ):
        groups = tallies[corridor.territory_id]
        route = (corridor.from_sector_id, corridor.to_sector_id)
        groups.corridors[corridor.code] = Route(*route)
        pair = groups.pairs.setdefault(route, Tally())
        pair.corridors_active += 1
        pair.corridors_formal += corridor.is_formal

    cohort = referral_cohort(start, end).filter(territory_id__in=ids)
    loops_where = Q(territory_id__in=[tid for tid in ids if tid not in known]) if known else None
    # The family joined on its territory too: for one territory, PostgreSQL then reads only that
    # territory's families, not all of them. Every writer keeps a family on its referrals'
    # territory (Referral.clean, the import); one that were not would count as not immigrant.
    own_family = FilteredRelation("family", condition=Q(family__territory_id=F("territory_id")))
    flagged = (
        flagged_referrals(cohort, as_of, loops_where=loops_where)
        .annotate(own_family=own_family)
        .annotate(
            corridor_code=F("corridor__code"),
            corridor_from=F("corridor__from_sector_id"),
            corridor_to=F("corridor__to_sector_id"),
            pair_from=F("from_sector_id"),
            pair_to=F("to_sector_id"),
            immigrant=F("own_family__immigrant"),
        )
    )
    by_corridor = Grouping(by=("corridor_code", "corridor_from", "corridor_to"))
    by_pair = Grouping(by=("pair_from", "pair_to"))
    by_immigrant = Grouping(by=("immigrant",))
    # The pairs come after the corridors, whose activity they carry.
    groupings = [by_corridor, by_pair, by_immigrant]
    measured = sorted(measure_groups(flagged, groupings), key=lambda group: group[0])
    for grouping, territory_id, keys, row in measured:
        tally = Tally()
        set_referral_measures(tally, row)
        groups = tallies[territory_id]
        if grouping == 0:
            code, frm, to = keys
            if code is None:
                groups.outside = tally
            else:
                groups.corridors[code] = Route(frm, to, tally)
        elif grouping == 1:
            pair = groups.pairs.setdefault(keys, Tally())
            tally.corridors_active, tally.corridors_formal = (
                pair.corridors_active,
                pair.corridors_formal,
            )
            groups.pairs[keys] = tally
        else:
            (immigrant,) = keys
            groups.immigrant[bool(immigrant)] = tally
    for territory_id, earlier in known.items():
        _loops_from(earlier, tallies[territory_id])


def _loops_from(earlier: GroupTallies, groups: GroupTallies) -> None:
    """Every group's loop count, from the same territory's ``earlier`` groups."""
    for code, route in groups.corridors.items():
        route.tally.loops = earlier.corridors[code].tally.loops if code in earlier.corridors else 0
    groups.outside.loops = earlier.outside.loops
    for route, tally in groups.pairs.items():
        tally.loops = earlier.pairs.get(route, Tally()).loops
    for immigrant, tally in groups.immigrant.items():
        tally.loops = earlier.immigrant[immigrant].loops


# Staffing (levers 1, 3 and 6)


def _gather_staffing(
    tallies: dict[int, GroupTallies], ids: list[int], start: date, end: date
) -> None:
    """By the sector of the positions' organizations (four queries)."""
    sectors: dict[int, dict[str, Tally]] = {
        territory_id: defaultdict(Tally) for territory_id in ids
    }

    # L1_SECTORS_CONFORMING: whether the sector has an active position, and whether one of
    # them meets the framework (the engine's test).
    framework = ReferenceFramework.current()
    for territory_id, sector, components in (
        Position.objects.active_during(start, end)
        .filter(organization__territory_id__in=ids)
        .values_list("organization__territory_id", "organization__sector_id", "components")
    ):
        tallies[territory_id].sectors_active.add(sector)
        if framework.is_met_by(components or []):
            tallies[territory_id].sectors_conforming.add(sector)

    for row in (
        journal_entries(start, end)
        .filter(position__organization__territory_id__in=ids)
        .values("position__organization__territory_id", "position__organization__sector_id", "kind")
        .annotate(**JOURNAL_MEASURES)
        .order_by()
    ):
        territory_id = row["position__organization__territory_id"]
        add_journal_measures(sectors[territory_id][row["position__organization__sector_id"]], row)

    for row in (
        assignments_during(start, end)
        .filter(position__organization__territory_id__in=ids)
        .values("position__organization__territory_id", "position__organization__sector_id")
        .annotate(**staff_measures(start, end))
        .order_by()
    ):
        territory_id = row["position__organization__territory_id"]
        set_staff_measures(sectors[territory_id][row["position__organization__sector_id"]], row)

    for territory_id, by_sector in sectors.items():
        tallies[territory_id].sectors = dict(by_sector)
