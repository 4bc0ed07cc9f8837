"""What every indicator page needs before its results: the period asked for (``?periode=``),
the periods to offer, and the territories the user may see.

Views call :func:`page_period` and :func:`visible_codes`, then read results through
:mod:`indicators.store` for those codes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

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
    that is not a period gives the default with a French message saying what is expected;
    a well-formed period the data does not cover is shown as asked (its values are empty).
    Three queries.
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
    if period not in [choice for group in groups for choice in group.periods]:
        groups = _with(groups, period)
    return PagePeriod(period, groups, error, period.is_in_progress(as_of))


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
