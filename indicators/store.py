"""Indicator results as pages read them: kept per (period, as-of day), never stale.

Computing from the raw rows takes over a second at 50 territories and a million referrals
(DESIGN.md section 10), so pages read **stored tallies** instead: one per territory, period and
as-of day, made at the territory's ``data_version``. The database raises that version whenever
a row the indicators read changes on the territory (triggers, see ``indicators`` migration
0002), whoever wrote it. A page that finds a tally missing or made at an older version computes
that territory's tally again — only the territories touched — and stores it; everything else
(profiles, targets, statuses, suppression, the ``QC`` row) is made from the tallies on every
request, in :func:`indicators.compute.build_results`, so the numbers are exactly the engine's.
A server process remembers each territory's values between requests, under its version and
the profiles' signature (:mod:`indicators.compute.remembered`).

A period still settling is kept per as-of day, and only for the latest day: storing a day's
rows forgets the earlier days' in the same transaction. A settled period — every window that
reads the date has passed — is kept once, under its settling day, and holds on every later day
until data changes (:mod:`indicators.storage_days`): the first page of a new day recomputes only
the periods still settling. A day earlier than one already kept (an explicit past ``as_of``) is
computed on demand and not kept. What pages may ask for is bounded by the periods they offer
(:mod:`dashboards.pages`); ``refresh_indicators`` fills the store before the day's first page.

Nothing here depends on the user: scope is applied by choosing ``territories``, and the
stored tallies are those of every territory (suppression is decided over all of them).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction
from django.db.models import Q

from indicators.compute import (
    Context,
    Results,
    Tally,
    build_results,
    gather_period_tallies,
    province_online_respondents,
    select_territories,
)
from indicators.compute.remembered import remembered
from indicators.models import StoredProvinceTally, StoredTally
from indicators.periods import Period
from indicators.recomputing import one_at_a_time
from indicators.storage_days import (
    forget_earlier_days,
    holding,
    later_day_kept,
    storage_day,
)
from territories.models import Territory


def results(period: Period, *, as_of: date, territories: Iterable[str] | None = None) -> Results:
    """The engine's results for ``period`` at ``as_of`` (see :func:`results_for_periods`)."""
    return results_for_periods([period], as_of=as_of, territories=territories)[period.key]


def results_for_periods(
    periods: Sequence[Period], *, as_of: date, territories: Iterable[str] | None = None
) -> dict[str, Results]:
    """The results of each period (by key) for ``territories`` (codes; None: all) and ``QC``.

    Raises :class:`indicators.compute.UnknownTerritories` like the engine. Queries: 5 when every
    stored tally is current; when some are stale, one recomputation at a time
    (:mod:`indicators.recomputing`: 1 to wait, 3 to read again), then 1 for the referral
    cohorts of every period concerned and 9 more per period (and 1 when an ended period's
    loops are read back, :func:`_known_loops`) and 5 to store (or 1 not to, for a day earlier
    than one kept), whatever the number of territories.
    """
    stored = _Stored.read(periods, as_of)
    selected = select_territories(stored.codes, None if territories is None else list(territories))
    if stored.missing():
        with one_at_a_time():  # another process may have stored them while this one waited
            stored.read_missing_again(periods, as_of)
            stored.compute_missing(periods, as_of)
    codes, tallies, online = stored.codes, stored.tallies, stored.online

    context = Context.load()
    return {
        period.key: build_results(
            period,
            as_of=as_of,
            codes=codes,
            selected=selected,
            tallies=tallies[period.key],
            online_respondents=online[period.key],
            context=context,
            versions=stored.versions,
        )
        for period in periods
    }


class _Stored:
    """What the store holds for some periods at an as-of day, read at the territories' current
    versions, and what it lacks."""

    @classmethod
    def read(cls, periods: Sequence[Period], as_of: date) -> _Stored:
        """3 queries: the territories and their versions, the tallies, the province rows."""
        self = cls()
        keys = [period.key for period in periods]
        self.tallies: dict[str, dict[int, Tally]] = {key: {} for key in keys}
        self.online: dict[str, int] = {}
        self._read_versions()
        self.stale: dict[str, set[int]] = {key: set(self.codes) for key in keys}
        self._read_rows(periods, as_of, StoredTally.objects.all())
        return self

    def read_missing_again(self, periods: Sequence[Period], as_of: date) -> None:
        """What another process stored while this one waited: the versions again (a
        territory changed since is stale everywhere), then only the rows still missing."""
        before = self.versions
        self._read_versions()
        changed = {t for t in self.codes if self.versions[t] != before.get(t)}
        for key, tallies in self.tallies.items():
            for territory_id in changed:
                tallies.pop(territory_id, None)
            self.stale[key] = set(self.codes) - set(tallies)
        self.online = {}
        missing = set().union(*self.stale.values())
        self._read_rows(periods, as_of, StoredTally.objects.filter(territory_id__in=missing))

    def _read_versions(self) -> None:
        known = sorted(
            Territory.objects.values_list("id", "code", "data_version"), key=lambda item: item[1]
        )
        self.codes = {territory_id: code for territory_id, code, _version in known}
        self.versions = {territory_id: version for territory_id, _code, version in known}
        self.fingerprint = _fingerprint(self.versions)

    def _read_rows(self, periods: Sequence[Period], as_of: date, tallies) -> None:
        for key, territory_id, version, data in holding(tallies, periods, as_of).values_list(
            "period", "territory_id", "version", "tally"
        ):
            if self.versions.get(territory_id) == version:
                made = ("tally", territory_id, key, as_of, version)
                self.tallies[key][territory_id] = remembered(
                    made, lambda d=data: Tally.from_json(d)
                )
                self.stale[key].discard(territory_id)
        self.online.update(
            holding(StoredProvinceTally.objects.all(), periods, as_of)
            .filter(versions=self.fingerprint)
            .values_list("period", "online_respondents")
        )

    def missing(self) -> bool:
        return any(self.stale.values()) or len(self.online) < len(self.stale)

    def compute_missing(self, periods: Sequence[Period], as_of: date) -> None:
        """Compute the stale tallies and the missing province rows, and store them."""
        fresh_tallies: list[StoredTally] = []
        fresh_province: list[StoredProvinceTally] = []
        known_loops = _known_loops(periods, self.stale, self.versions, as_of)
        stale = [period for period in periods if self.stale[period.key]]
        computed = gather_period_tallies(
            stale,
            as_of=as_of,
            scopes={period.key: self.stale[period.key] for period in stale},
            known_loops=known_loops,
        )
        for period in periods:
            key = period.key
            for territory_id in sorted(self.stale[key]):  # one order: upserts wait, not lock
                tally = computed[key].get(territory_id, Tally())
                self.tallies[key][territory_id] = tally
                fresh_tallies.append(
                    StoredTally(
                        period=key,
                        as_of=storage_day(period, as_of),
                        computed_on=as_of,
                        territory_id=territory_id,
                        version=self.versions[territory_id],
                        tally=tally.to_json(),
                    )
                )
            if key not in self.online:
                self.online[key] = province_online_respondents(period, as_of=as_of)
                fresh_province.append(
                    StoredProvinceTally(
                        period=key,
                        as_of=storage_day(period, as_of),
                        computed_on=as_of,
                        versions=self.fingerprint,
                        online_respondents=self.online[key],
                    )
                )
        _keep(fresh_tallies, fresh_province, as_of=as_of)


def _known_loops(
    periods: Sequence[Period], stale: dict[str, set[int]], versions: dict[int, int], as_of: date
) -> dict[str, dict[int, int]]:
    """The loop counts a recomputation need not count again (one query, when a period has
    ended): a loop reads no date but the referrals' own, so once the period has ended, a row
    made since at the territory's current version — yesterday's, before the new day's rows
    replace it — gives them. The escapes, which read the date, are counted anew."""
    ended = [period for period in periods if stale[period.key] and as_of >= period.end]
    if not ended:
        return {}
    wanted = Q(pk__in=[])
    for period in ended:
        wanted |= Q(
            period=period.key, computed_on__gte=period.end, territory_id__in=stale[period.key]
        )
    known: dict[str, dict[int, int]] = defaultdict(dict)
    for key, territory_id, version, loops in StoredTally.objects.filter(
        wanted, computed_on__lte=as_of
    ).values_list("period", "territory_id", "version", "tally__loops"):
        if versions.get(territory_id) == version and loops is not None:
            known[key][territory_id] = int(loops)
    return known


def _fingerprint(versions: dict[int, int]) -> str:
    """One text that changes whenever a territory's version changes, or one comes or goes."""
    text = ";".join(f"{territory_id}:{versions[territory_id]}" for territory_id in sorted(versions))
    return hashlib.sha256(text.encode()).hexdigest()


def _keep(tallies: list[StoredTally], province: list[StoredProvinceTally], *, as_of: date) -> None:
    """Store what was computed (replacing rows of the same key) and forget earlier days, in one
    transaction; nothing when a later day is kept already (``as_of`` is an explicit past day).

    A day with stored tallies has its province rows too (both are missing on a new day), so the
    small province table tells whether a later day is kept.
    """
    if not (tallies or province):
        return
    with transaction.atomic(savepoint=False):
        if later_day_kept(StoredProvinceTally.objects.all(), as_of):
            return
        if tallies:
            StoredTally.objects.bulk_create(
                tallies,
                update_conflicts=True,
                unique_fields=["as_of", "period", "territory"],
                update_fields=["computed_on", "version", "tally"],
            )
            forget_earlier_days(StoredTally.objects.all(), as_of)
        if province:
            StoredProvinceTally.objects.bulk_create(
                province,
                update_conflicts=True,
                unique_fields=["as_of", "period"],
                update_fields=["computed_on", "versions", "online_respondents"],
            )
            forget_earlier_days(StoredProvinceTally.objects.all(), as_of)
