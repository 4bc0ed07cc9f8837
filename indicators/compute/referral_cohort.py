"""Lever 2 from the referral cohort: handoff delays, escapes and loops, in one statement for
every territory. Two correlated ``EXISTS`` look at each family's other referrals, which
PostgreSQL answers from the ``(family, referred_on)`` index. The breakdowns group the same
measures by corridor, sector pair and immigrant family."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum

from indicators.compute.sql import AddDays, DaysBetween, within
from indicators.compute.tally import Tally
from referrals.models import Referral, ReferralStatus


def gather_referrals(
    tallies: dict[int, Tally],
    start: date,
    end: date,
    as_of: date,
    scope: list[int] | None,
    known_loops: dict[int, int] | None = None,
) -> None:
    """Lever 2 from the referral cohort: one statement for every territory. ``known_loops``:
    the territories whose loop count is already known (it reads no date but the referrals'
    own), counted without the loops' correlated ``EXISTS`` in a second statement."""
    known = {t: n for t, n in (known_loops or {}).items() if scope is not None and t in scope}
    counted = scope if not known else [t for t in scope if t not in known]
    if counted is None or counted:
        for row in _measured(start, end, as_of, counted, loops=True):
            set_referral_measures(tallies[row["territory_id"]], row)
    if known:
        for row in _measured(start, end, as_of, list(known), loops=False):
            set_referral_measures(
                tallies[row["territory_id"]], {**row, "loops": known[row["territory_id"]]}
            )


def _measured(start: date, end: date, as_of: date, scope: list[int] | None, *, loops: bool):
    """The cohort's :func:`referral_measures` per territory of ``scope`` (None: all)."""
    return (
        within(referral_cohort(start, end), "territory_id", scope)
        .values("territory_id")
        .annotate(**referral_measures(as_of, loops=loops))
        .order_by()
    )


def set_referral_measures(tally: Tally, row: dict) -> None:
    """The ``referral_measures`` of ``row`` into ``tally``."""
    tally.cohort = row["cohort"]
    tally.families = row["families"]
    tally.escaped_families = row["escaped_families"]
    tally.loops = row["loops"]
    tally.taken = row["taken"]
    tally.delay_days = row["delay_days"] or 0


def referral_cohort(start: date, end: date):
    """Cohort C of lever 2: referrals with ``referred_on`` in [start, end], not cancelled."""
    return Referral.objects.filter(referred_on__gte=start, referred_on__lte=end).exclude(
        status=ReferralStatus.CANCELLED
    )


def referral_measures(as_of: date, *, loops: bool = True) -> dict:
    """Lever 2's aggregates over a set of cohort referrals, for ``.annotate()`` after
    ``.values(...)``: the :class:`Tally` fields ``cohort``, ``families``, ``escaped_families``,
    ``loops``, ``taken`` and ``delay_days`` (None when nothing is taken in charge).

    Whether a referral escaped or loops looks at every referral of its family on its territory
    (correlated ``EXISTS``), whatever subset of the cohort is aggregated: the breakdowns
    (:mod:`indicators.breakdowns`) group the same measures by corridor, sector pair and the like.
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
    earlier_reverse = Referral.objects.filter(
        territory_id=OuterRef("territory_id"),
        family_id=OuterRef("family_id"),
        from_sector_id=OuterRef("to_sector_id"),
        to_sector_id=OuterRef("from_sector_id"),
        referred_on__lt=OuterRef("referred_on"),
        referred_on__gte=AddDays(OuterRef("referred_on"), -settings.LOOP_DAYS),
    )
    measures = {
        "cohort": Count("id"),
        "families": Count("family_id", distinct=True),
        "escaped_families": Count("family_id", distinct=True, filter=escaped),
        "loops": Count("id", filter=Exists(earlier_reverse)),
        "taken": Count("id", filter=taken),
        "delay_days": Sum(DaysBetween("first_contact_on", "taken_in_charge_on"), filter=taken),
    }
    if not loops:
        del measures["loops"]
    return measures
