"""Reads for referrals and corridors: the referral list, the watch list, a family's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Case, F, Q, QuerySet, When

from referrals.loops import loop_ids
from referrals.models import Corridor, Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from referrals.sql import DaysSince
from territories.models import Territory

if TYPE_CHECKING:
    from territories.models import User

# A pending referral this old is on the watch list whatever its corridor: the escape rule
# (ESCAPE_DAYS, 30) is near.
WATCH_DAYS = 21

# The list's sorts: key → ordering (the second key keeps pages stable).
SORTS = {
    "referred_on": ["referred_on", "ref"],
    "-referred_on": ["-referred_on", "ref"],
    "ref": ["ref", "territory__code"],
    "-ref": ["-ref", "territory__code"],
    "status": ["status", "-referred_on", "ref"],
    "-status": ["-status", "-referred_on", "ref"],
    "days_waiting": [F("days_waiting").asc(nulls_last=True), "ref"],
    "-days_waiting": [F("days_waiting").desc(nulls_last=True), "ref"],
}


@dataclass(frozen=True)
class ReferralFilters:
    """What the list shows; each ``None`` (or ``False``) filters nothing."""

    territory: Territory | None = None
    status: str | None = None
    from_sector: str | None = None
    to_sector: str | None = None
    corridor: Corridor | None = None
    referred_from: date | None = None
    referred_to: date | None = None
    overdue: bool = False
    sort: str = "-referred_on"


def find_family(*, territory: Territory, code: str) -> Family | None:
    """The family a coordinator's file code names on ``territory``, if it is recorded.

    Callers scope ``territory`` to the user first (``get_for_user_or_404``).
    """
    return Family.objects.filter(territory=territory, code_hash=hash_family_code(code)).first()


def corridors_of(*, user: User, territory: Territory) -> QuerySet[Corridor]:
    """The corridors of ``territory`` the user may see (sectors are read from the foreign keys:
    one query)."""
    return Corridor.objects.for_user(user).filter(territory=territory).order_by("code")


def with_days_waiting(queryset: QuerySet[Referral], *, today: date) -> QuerySet[Referral]:
    """``days_waiting``: today − referred_on for a pending referral, else None."""
    return queryset.annotate(
        days_waiting=Case(
            When(status=ReferralStatus.PENDING, then=DaysSince("referred_on", today)),
            default=None,
        )
    )


def overdue_condition(today: date) -> Q:
    """Pending, and past the corridor's target delay (more days than it) or waiting
    :data:`WATCH_DAYS` days or more. Needs ``days_waiting`` (:func:`with_days_waiting`)."""
    return Q(status=ReferralStatus.PENDING) & (
        Q(days_waiting__gte=WATCH_DAYS)
        | Q(
            corridor__target_delay_days__isnull=False,
            days_waiting__gt=F("corridor__target_delay_days"),
        )
    )


def referral_list(*, user: User, filters: ReferralFilters, today: date) -> QuerySet[Referral]:
    """The user's referrals under ``filters``, with what a row shows (one query a page)."""
    queryset = with_days_waiting(Referral.objects.for_user(user), today=today)
    f = filters
    conditions = {
        "territory": f.territory,
        "status": f.status,
        "from_sector_id": f.from_sector,
        "to_sector_id": f.to_sector,
        "corridor": f.corridor,
        "referred_on__gte": f.referred_from,
        "referred_on__lte": f.referred_to,
    }
    queryset = queryset.filter(**{k: v for k, v in conditions.items() if v is not None})
    if f.overdue:
        queryset = queryset.filter(overdue_condition(today))
    return queryset.select_related("territory", "family", "corridor").order_by(
        *SORTS.get(f.sort, SORTS["-referred_on"])
    )


def watch_list(*, user: User, today: date) -> QuerySet[Referral]:
    """Pending referrals past their corridor's target delay or waiting :data:`WATCH_DAYS` days
    or more, oldest first (the page a coordinator opens every morning)."""
    queryset = with_days_waiting(Referral.objects.for_user(user), today=today)
    return (
        queryset.filter(overdue_condition(today))
        .select_related("territory", "family", "corridor")
        .order_by("referred_on", "territory__code", "ref")
    )


def watch_count(*, user: User, today: date) -> int:
    """How many referrals :func:`watch_list` holds: one query (after the user's scope, which
    ``territories.access`` keeps for the request)."""
    return (
        with_days_waiting(Referral.objects.for_user(user), today=today)
        .filter(overdue_condition(today))
        .count()
    )


@dataclass(frozen=True)
class TimelineEntry:
    referral: Referral
    loop: bool


def family_timeline(*, family: Family) -> list[TimelineEntry]:
    """The family's referrals, oldest first, each marked when it loops (:mod:`referrals.loops`).
    One query."""
    referrals = list(family.referrals.select_related("corridor").order_by("referred_on", "ref"))
    loops = loop_ids(referrals)
    return [TimelineEntry(referral, referral.pk in loops) for referral in referrals]
