"""Under which day a period's stored results are kept, and for which days they hold.

A period's results read the date in a few places only: the period is cut at it while it runs,
a referral escapes once ``ESCAPE_DAYS`` have passed without a take-in-charge, and a
take-in-charge counts from its date (loops read no date but the referrals' own; the settling
day still waits ``LOOP_DAYS`` more, as issue 14 sets it). From :func:`settles_on` on, every one
of those windows has passed, and a take-in-charge is never dated after the day it is recorded
(:meth:`referrals.models.Referral.clean`, the referral import): results made on one day hold on
every later day, until data changes — which raises the territory's ``data_version``. So a
settled period is stored once, under its settling day, with the day it was made
(``computed_on``); a period still settling is stored per day, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet

from indicators.periods import Period


def settles_on(period: Period) -> date:
    """The first day from which ``period``'s results no longer change with the date alone."""
    return period.end + timedelta(days=settings.ESCAPE_DAYS + settings.LOOP_DAYS)


def storage_day(period: Period, as_of: date) -> date:
    """The day results of ``period`` at ``as_of`` are kept under: ``as_of`` itself while the
    period settles, then its settling day for every later day."""
    return min(as_of, settles_on(period))


def holding(stored: QuerySet, periods: Iterable[Period], as_of: date) -> QuerySet:
    """The rows of ``stored`` (a stored-results model) that hold for ``periods`` at ``as_of``,
    their ``version`` still to be compared: kept under each period's storage day, and made no
    later than ``as_of`` (a row made on a later day may count a take-in-charge after it)."""
    wanted = Q(pk__in=[])
    for period in periods:
        wanted |= Q(period=period.key, as_of=storage_day(period, as_of))
    return stored.filter(wanted, computed_on__lte=as_of)


def later_day_kept(stored: QuerySet, as_of: date) -> bool:
    """Whether rows made after ``as_of`` are kept: ``as_of`` is then an explicit past day,
    computed on demand and not stored over them."""
    return stored.filter(computed_on__gt=as_of).exists()


def forget_earlier_days(stored: QuerySet, as_of: date) -> None:
    """Delete the rows kept for single days before ``as_of``: those made on their storage day.
    Settled periods' rows made later stay; one made on its settling day itself goes too, and is
    made once more (no query needed to tell it apart)."""
    stored.filter(as_of__lt=as_of, computed_on=F("as_of")).delete()
