"""Lever 2 from the referral cohort: handoff delays, escapes and loops.

The rules are written once, per referral, in :func:`flagged_referrals`: whether it escaped,
loops or was taken in charge, and its delay. Two correlated ``EXISTS`` look at each family's
other referrals, which PostgreSQL answers from the ``(family, referred_on)`` index; that is most
of the engine's cost. :func:`measure_groups` adds the flags up as many ways as asked, in one
statement: per period and territory for the engine (a page's year and eight quarters, each
window flagging its own referrals), per corridor, sector pair and immigrant family for the
breakdowns (:mod:`indicators.breakdowns`: each referral flagged once, kept in a materialized
``WITH``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from indicators.compute.sql import AddDays, DaysBetween
from indicators.compute.tally import Tally
from referrals.models import Referral, ReferralStatus

# The columns of a flagged referral every grouping reads (annotations: a model field's name
# cannot be reused as an alias).
FLAGS = ("cohort_territory", "cohort_family", "cohort_day", "is_escaped", "is_loop", "is_taken")

# Lever 2's measures over flagged referrals: the Tally fields set by set_referral_measures.
MEASURES = """
    COUNT(*) AS cohort,
    COUNT(DISTINCT cohort_family) AS families,
    COUNT(DISTINCT CASE WHEN is_escaped THEN cohort_family END) AS escaped_families,
    COUNT(CASE WHEN is_loop THEN 1 END) AS loops,
    COUNT(CASE WHEN is_taken THEN 1 END) AS taken,
    SUM(delay) AS delay_days"""
MEASURE_NAMES = ("cohort", "families", "escaped_families", "loops", "taken", "delay_days")


def referral_cohort(start: date, end: date) -> QuerySet:
    """Cohort C of lever 2: referrals with ``referred_on`` in [start, end], not cancelled."""
    return Referral.objects.filter(referred_on__gte=start, referred_on__lte=end).exclude(
        status=ReferralStatus.CANCELLED
    )


def flagged_referrals(
    referrals: QuerySet, as_of: date, *, loops_where: Q | None = None
) -> QuerySet:
    """``referrals`` (cohort referrals), each annotated with lever 2's flags at ``as_of``:
    ``is_escaped``, ``is_loop``, ``is_taken`` and ``delay`` (days from first contact to
    take-in-charge, None unless taken), and its territory, family and day under the names of
    :data:`FLAGS`. ``loops_where``: the referrals whose loops are looked for (None: all; the
    others' are known already and ``is_loop`` is false).

    Whether a referral escaped or loops looks at every referral of its family on its territory,
    whatever subset of the cohort is aggregated.
    """
    taken = Q(taken_in_charge_on__isnull=False, taken_in_charge_on__lte=as_of)
    later_taken_in_charge = Referral.objects.filter(
        territory_id=OuterRef("territory_id"),
        family_id=OuterRef("family_id"),
        referred_on__gte=OuterRef("referred_on"),
        taken_in_charge_on__lte=as_of,
    )
    escaped = Q(status=ReferralStatus.LOST) | (
        Q(
            status__in=[ReferralStatus.PENDING, ReferralStatus.DECLINED],
            referred_on__lt=as_of - timedelta(days=settings.ESCAPE_DAYS),
        )
        & ~Exists(later_taken_in_charge)
    )
    earlier_reverse = Exists(
        Referral.objects.filter(
            territory_id=OuterRef("territory_id"),
            family_id=OuterRef("family_id"),
            from_sector_id=OuterRef("to_sector_id"),
            to_sector_id=OuterRef("from_sector_id"),
            referred_on__lt=OuterRef("referred_on"),
            referred_on__gte=AddDays(OuterRef("referred_on"), -settings.LOOP_DAYS),
        )
    )
    loop = earlier_reverse
    if loops_where is not None:  # a condition never met leaves the default alone
        loop = Case(When(loops_where, then=earlier_reverse), default=Value(False))
    return referrals.annotate(
        cohort_territory=F("territory_id"),
        cohort_family=F("family_id"),
        cohort_day=F("referred_on"),
        is_escaped=ExpressionWrapper(escaped, output_field=BooleanField()),
        is_loop=loop,
        is_taken=ExpressionWrapper(taken, output_field=BooleanField()),
        delay=Case(
            When(taken, then=DaysBetween("first_contact_on", "taken_in_charge_on")),
            default=None,
            output_field=IntegerField(),
        ),
    )


@dataclass(frozen=True)
class Grouping:
    """One way of adding flagged referrals up: those with ``cohort_day`` from ``start`` to
    ``end`` (None: every one), per territory and the flagged columns ``by``."""

    by: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None


def measure_groups(
    flagged: QuerySet, groupings: Sequence[Grouping], *, once: bool = True
) -> Iterator[tuple[int, int, tuple, dict]]:
    """(the grouping's index, the territory, the ``by`` values, the :data:`MEASURE_NAMES`)
    for every group of every grouping of ``flagged`` (:func:`flagged_referrals`, with the
    ``by`` columns annotated), in one statement.

    ``once``: each referral is flagged once and kept (a materialized ``WITH``), for groupings
    that each read every referral (the breakdowns'); else every grouping flags those it reads.
    Keeping costs about as much per referral as its flags without loops.
    """
    names = list(dict.fromkeys(name for grouping in groupings for name in grouping.by))
    inner, params = flagged.order_by().values(*FLAGS, "delay", *names).query.sql_with_params()
    # A column another grouping reads is NULL here, of its type: PostgreSQL matches the
    # branches' types pairwise, and an untyped NULL becomes text.
    nulls = {
        name: f"CAST(NULL AS {flagged.query.annotations[name].output_field.db_type(connection)})"
        for name in names
    }
    branches, branch_params = [], []
    for index, grouping in enumerate(groupings):
        keys = [name if name in grouping.by else nulls[name] for name in names]
        where = ""
        if grouping.start is not None:
            where = "WHERE cohort_day >= %s AND cohort_day <= %s"
            branch_params += [grouping.start, grouping.end]
        branches.append(
            f"SELECT {index}, cohort_territory, {', '.join([*keys, ''])}{MEASURES}"
            f" FROM flagged {where} GROUP BY {', '.join(['cohort_territory', *grouping.by])}"
        )
    kept = "MATERIALIZED" if once else "NOT MATERIALIZED"
    sql = f"WITH flagged AS {kept} ({inner}) " + " UNION ALL ".join(branches)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *branch_params])
        for index, territory_id, *values in cursor.fetchall():
            by_name = dict(zip(names, values, strict=False))
            keys = tuple(by_name[name] for name in groupings[index].by)
            measures = dict(zip(MEASURE_NAMES, values[len(names) :], strict=True))
            yield index, territory_id, keys, measures


def gather_referrals(
    windows: dict[str, tuple[date, date]],
    as_of: date,
    scopes: dict[str, Collection[int] | None],
    known_loops: dict[str, dict[int, int]] | None = None,
) -> dict[str, dict[int, dict]]:
    """Lever 2's measures of each window (by key: [start, end]) per territory of its scope
    (None: every territory), in one statement. ``known_loops``: per window, the territories
    whose loop count is known already (it reads no date but the referrals' own): their loops
    are not looked for, unless another window needs them."""
    known_loops = known_loops or {}
    keys = [
        key
        for key, (start, end) in windows.items()
        if start <= end and (scopes[key] is None or scopes[key])
    ]
    if not keys:
        return {key: {} for key in windows}
    every = any(scopes[key] is None for key in keys)
    territories = None if every else sorted(set().union(*(scopes[key] for key in keys)))
    loops_where = _loops_where(keys, windows, scopes, known_loops)
    merged = _merged(windows[key] for key in keys)
    in_windows = Q(pk__in=[])
    for start, end in merged:
        in_windows |= Q(referred_on__gte=start, referred_on__lte=end)
    cohort = Referral.objects.filter(in_windows).exclude(status=ReferralStatus.CANCELLED)
    if territories is not None:
        cohort = cohort.filter(territory_id__in=territories)
    groupings = [Grouping(start=windows[key][0], end=windows[key][1]) for key in keys]
    measured: dict[str, dict[int, dict]] = {key: {} for key in windows}
    for index, territory_id, _keys, row in measure_groups(
        # Windows read few referrals again (a year's in its quarters): flagging those twice
        # costs less than keeping every flag (for 50 territories, 2.7 s against 3.5 s).
        flagged_referrals(cohort, as_of, loops_where=loops_where),
        groupings,
        once=False,
    ):
        key = keys[index]
        if scopes[key] is not None and territory_id not in scopes[key]:
            continue
        known = known_loops.get(key, {})
        if territory_id in known:
            row = {**row, "loops": known[territory_id]}
        measured[key][territory_id] = row
    return measured


def _loops_where(keys, windows, scopes, known_loops) -> Q | None:
    """The referrals whose loops some window still has to look for (None: all): those of its
    days, on its territories whose loops it does not know."""
    if not any(known_loops.get(key) for key in keys):
        return None
    where = Q(pk__in=[])
    for key in keys:
        known = known_loops.get(key, {})
        start, end = windows[key]
        days = Q(referred_on__gte=start, referred_on__lte=end)
        if scopes[key] is None:
            where |= days & ~Q(territory_id__in=list(known))
            continue
        wanted = [territory_id for territory_id in scopes[key] if territory_id not in known]
        if wanted:
            where |= days & Q(territory_id__in=wanted)
    return where


def _merged(ranges) -> list[tuple[date, date]]:
    """Date ranges joined where they overlap or touch, in order."""
    merged: list[list[date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def set_referral_measures(tally: Tally, row: dict) -> None:
    """The :data:`MEASURE_NAMES` of ``row`` into ``tally``."""
    tally.cohort = row["cohort"]
    tally.families = row["families"]
    tally.escaped_families = row["escaped_families"]
    tally.loops = row["loops"]
    tally.taken = row["taken"]
    tally.delay_days = row["delay_days"] or 0
