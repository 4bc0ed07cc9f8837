"""What every indicator page needs before its results: the period asked for (``?periode=``),
the periods to offer, and the territories the user may see.

Views call :func:`page_period` and :func:`visible_codes`, then read results through
:mod:`indicators.store` for those codes only.

Pages offer the periods that begin between April 1st of the fiscal year ``YEARS_BEFORE_DATA``
(5) years before the first recorded activity (before today's without activity) and today.
Every period asked for is computed and stored for the day, so the bounds keep what a user can
store small; the command ``export_indicators`` computes any valid period without storing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.periods import (
    FISCAL_YEAR,
    MONTH,
    QUARTER,
    InvalidPeriod,
    Period,
    covered_periods,
)
from indicators.selectors import data_date_range
from territories.models import Territory

PERIOD_PARAMETER = "periode"
# How many fiscal years before the first activity's the pages go back.
YEARS_BEFORE_DATA = 5


@dataclass(frozen=True)
class PeriodGroup:
    label: str
    periods: list[Period]


@dataclass(frozen=True)
class PagePeriod:
    """The period a page shows, the choices it offers, and what went wrong with the request."""

    period: Period
    groups: list[PeriodGroup]
    error: str = ""
    in_progress: bool = False

    @property
    def choices(self) -> list[Period]:
        return [period for group in self.groups for period in group.periods]


def page_period(raw: str | None, *, as_of: date) -> PagePeriod:
    """The period of ``?periode=raw`` (or the default one), and the periods the data covers.

    The default is the latest fiscal year holding data (the current one without data). A key
    that is not a period, or a period outside the ones offered (see the module), gives the
    default with a French message saying what is expected; a period offered that the data does
    not cover is shown as asked (its values are empty). Three queries.
    """
    bounds = data_date_range(as_of=as_of)
    last = bounds[1] if bounds else as_of
    default = Period.fiscal_year_of(last)
    groups = _groups(bounds)
    error = ""
    period = default
    if raw is not None and raw.strip():
        try:
            period = Period.parse(raw.strip())
        except InvalidPeriod:
            error = _(
                "« %(key)s » is not a period. Choose one in the list, or write a fiscal year "
                "(2024-2025), a quarter (2024-2025-T1) or a month (2024-07)."
            ) % {"key": raw.strip()[:40]}
        else:
            error = _outside_error(period, first=bounds[0] if bounds else None, as_of=as_of)
        if error:
            period = default
    if period not in [choice for group in groups for choice in group.periods]:
        groups = _with(groups, period)
    return PagePeriod(period, groups, error, period.is_in_progress(as_of))


def first_offered_day(*, first_activity: date | None, as_of: date) -> date:
    """The first day a period offered by the pages may begin on: April 1st of the fiscal year
    ``YEARS_BEFORE_DATA`` years before the first activity's (before ``as_of``'s without any)."""
    fiscal_year = Period.fiscal_year_of(first_activity or as_of).fiscal_year
    return Period.for_fiscal_year(max(fiscal_year - YEARS_BEFORE_DATA, 1)).start


def _outside_error(period: Period, *, first: date | None, as_of: date) -> str:
    """The French message for a period the pages do not offer, or ``""``."""
    earliest = first_offered_day(first_activity=first, as_of=as_of)
    if earliest <= period.start <= as_of:
        return ""
    count = {"count": YEARS_BEFORE_DATA}
    if first is None:
        reason = (
            ngettext(
                "%(count)d fiscal year before the current one",
                "%(count)d fiscal years before the current one",
                YEARS_BEFORE_DATA,
            )
            % count
        )
    else:
        reason = (
            ngettext(
                "%(count)d fiscal year before that of the first data",
                "%(count)d fiscal years before that of the first data",
                YEARS_BEFORE_DATA,
            )
            % count
        )
    return _(
        "« %(key)s » is outside the periods offered: choose a period that starts between "
        "%(first)s (%(reason)s) and today (%(today)s)."
    ) % {
        "key": period.key,
        "first": date_format(earliest, "SHORT_DATE_FORMAT"),
        "reason": reason,
        "today": date_format(as_of, "SHORT_DATE_FORMAT"),
    }


def _groups(bounds: tuple[date, date] | None) -> list[PeriodGroup]:
    periods = covered_periods(first=bounds[0], last=bounds[1]) if bounds else []
    return [
        PeriodGroup(label, [period for period in periods if period.kind == kind])
        for kind, label in (
            (FISCAL_YEAR, _("Fiscal years")),
            (QUARTER, _("Quarters")),
            (MONTH, _("Months")),
        )
    ]


def _with(groups: list[PeriodGroup], period: Period) -> list[PeriodGroup]:
    """``groups`` with ``period`` added to its kind's group, newest first."""
    kinds = (FISCAL_YEAR, QUARTER, MONTH)
    result = []
    for kind, group in zip(kinds, groups, strict=True):
        periods = group.periods
        if period.kind == kind:
            periods = sorted([*periods, period], key=lambda p: p.start, reverse=True)
        result.append(PeriodGroup(group.label, periods))
    return result


def visible_codes(user) -> list[str]:
    """The codes of the territories ``user`` may see, in code order (one query)."""
    return sorted(Territory.objects.for_user(user).values_list("code", flat=True))
