"""Reporting periods: Quebec fiscal years (April to March), their quarters, and calendar months.

Keys (DESIGN.md section 5): ``2024-2025`` is the fiscal year 2024-04-01 to 2025-03-31,
``2024-2025-T1`` … ``T4`` its quarters (T1 = April–June, T4 = January–March), ``2024-11`` a month.
A period that ends after the as-of date is cut at that date (DESIGN.md section 6); nothing here
reads today's date: callers pass ``as_of``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

PeriodKind = Literal["fiscal_year", "quarter", "month"]

FISCAL_YEAR = "fiscal_year"
QUARTER = "quarter"
MONTH = "month"

FISCAL_YEAR_START_MONTH = 4
_MONTHS_IN = {FISCAL_YEAR: 12, QUARTER: 3, MONTH: 1}

_FISCAL_YEAR_RE = re.compile(r"([0-9]{4})-([0-9]{4})")
_QUARTER_RE = re.compile(r"([0-9]{4})-([0-9]{4})-T([1-4])", re.IGNORECASE)
_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")


class InvalidPeriod(ValueError):
    """A period key that is not a fiscal year, a quarter or a month."""

    def __init__(self, key: object) -> None:
        self.key = key
        super().__init__(
            _(
                "The period “%(key)s” is not valid. Use a fiscal year (2024-2025), "
                "a quarter (2024-2025-T3) or a month (2024-11)."
            )
            % {"key": key}
        )


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by ``months`` months."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fiscal_year_start(d: date) -> int:
    return d.year if d.month >= FISCAL_YEAR_START_MONTH else d.year - 1


@dataclass(frozen=True, order=True, repr=False)
class Period:
    """A fiscal year, a quarter or a month, from ``start`` to ``end`` inclusive.

    Periods are hashable and ordered by (start, end): chronologically, the shorter first among
    periods starting on the same day (April 2024 < 2024-2025-T1 < 2024-2025). Build them with
    :meth:`parse` or the classmethods rather than directly.
    """

    start: date
    end: date
    kind: PeriodKind = field(compare=False)

    def __post_init__(self) -> None:
        months = _MONTHS_IN.get(self.kind)
        valid = (
            months is not None
            and self.start.day == 1
            and self.end == _month_end(*_add_months(self.start.year, self.start.month, months - 1))
            and (self.kind == MONTH or (self.start.month - FISCAL_YEAR_START_MONTH) % months == 0)
        )
        if not valid:
            raise ValueError(f"No {self.kind} period runs from {self.start} to {self.end}.")

    # Construction

    @classmethod
    def parse(cls, key: str) -> Period:
        """The period of ``key``; surrounding spaces and a lowercase ``t`` are accepted."""
        if not isinstance(key, str):
            raise InvalidPeriod(key)
        text = key.strip()
        if match := _QUARTER_RE.fullmatch(text):
            first, second, quarter = (int(group) for group in match.groups())
            if first >= 1 and second == first + 1:
                return cls._quarter(first, quarter)
        elif match := _FISCAL_YEAR_RE.fullmatch(text):
            first, second = (int(group) for group in match.groups())
            if first >= 1 and second == first + 1:
                return cls.for_fiscal_year(first)
        elif match := _MONTH_RE.fullmatch(text):
            year, month = (int(group) for group in match.groups())
            if year >= 1 and 1 <= month <= 12:
                return cls._month(year, month)
        raise InvalidPeriod(key)

    @classmethod
    def for_fiscal_year(cls, start_year: int) -> Period:
        """The fiscal year starting on April 1st of ``start_year``."""
        return cls(
            start=date(start_year, FISCAL_YEAR_START_MONTH, 1),
            end=date(start_year + 1, FISCAL_YEAR_START_MONTH - 1, 31),
            kind=FISCAL_YEAR,
        )

    @classmethod
    def fiscal_year_of(cls, d: date) -> Period:
        """The fiscal year containing ``d``."""
        return cls.for_fiscal_year(_fiscal_year_start(d))

    @classmethod
    def quarter_of(cls, d: date) -> Period:
        """The quarter containing ``d``."""
        months_in = (d.month - FISCAL_YEAR_START_MONTH) % 12
        return cls._quarter(_fiscal_year_start(d), months_in // 3 + 1)

    @classmethod
    def month_of(cls, d: date) -> Period:
        """The month containing ``d``."""
        return cls._month(d.year, d.month)

    @classmethod
    def _quarter(cls, fiscal_year: int, quarter: int) -> Period:
        year, month = _add_months(fiscal_year, FISCAL_YEAR_START_MONTH, 3 * (quarter - 1))
        end_year, end_month = _add_months(year, month, 2)
        return cls(start=date(year, month, 1), end=_month_end(end_year, end_month), kind=QUARTER)

    @classmethod
    def _month(cls, year: int, month: int) -> Period:
        return cls(start=date(year, month, 1), end=_month_end(year, month), kind=MONTH)

    # Description

    @property
    def fiscal_year(self) -> int:
        """The year the fiscal year containing this period starts in (2024 for 2024-2025)."""
        return _fiscal_year_start(self.start)

    @property
    def fiscal_year_key(self) -> str:
        """The key of the fiscal year containing this period, e.g. ``2024-2025``."""
        return f"{self.fiscal_year:04d}-{self.fiscal_year + 1:04d}"

    @property
    def quarter(self) -> int | None:
        """1 to 4 for a quarter, else None."""
        if self.kind != QUARTER:
            return None
        return (self.start.month - FISCAL_YEAR_START_MONTH) % 12 // 3 + 1

    @property
    def key(self) -> str:
        """The canonical key: ``2024-2025``, ``2024-2025-T3`` or ``2024-11``."""
        if self.kind == FISCAL_YEAR:
            return self.fiscal_year_key
        if self.kind == QUARTER:
            return f"{self.fiscal_year_key}-T{self.quarter}"
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def months(self) -> int:
        """Months in the period: 12, 3 or 1."""
        return _MONTHS_IN[self.kind]

    @property
    def quarters(self) -> Fraction:
        """Quarters in the period: 4, 1 or 1/3."""
        return Fraction(self.months, 3)

    @property
    def label(self) -> str:
        """The name users read, in the active language: 2024-2025, T3 2024-2025, novembre 2024."""
        if self.kind == FISCAL_YEAR:
            return self.fiscal_year_key
        if self.kind == QUARTER:
            # Translators: a fiscal-year quarter, written with T like the period keys
            # (2024-2025-T3); English may prefer "Q%(quarter)d %(fiscal_year)s".
            return _("T%(quarter)d %(fiscal_year)s") % {
                "quarter": self.quarter,
                "fiscal_year": self.fiscal_year_key,
            }
        return _("%(month)s %(year)d") % {
            "month": MONTHS[self.start.month],
            "year": self.start.year,
        }

    def __str__(self) -> str:
        return self.key

    def __repr__(self) -> str:
        return f"Period({self.key!r})"

    # Periods cut at the as-of date

    @property
    def previous(self) -> Period | None:
        """The period of the same kind just before (2023-2024 for 2024-2025, 2024-2025-T4 for
        2025-2026-T1, 2024-12 for 2025-01); None before the first one :meth:`parse` accepts."""
        if (self.start.year, self.start.month) <= (1, FISCAL_YEAR_START_MONTH):
            return None
        day = self.start - timedelta(days=1)
        of = {FISCAL_YEAR: Period.fiscal_year_of, QUARTER: Period.quarter_of}
        return of.get(self.kind, Period.month_of)(day)

    def contains(self, d: date) -> bool:
        """Whether ``d`` falls in the period (both ends included)."""
        return self.start <= d <= self.end

    def cut_at(self, as_of: date) -> date:
        """The effective end: the period's end, or ``as_of`` when that comes first."""
        return min(self.end, as_of)

    def is_in_progress(self, as_of: date) -> bool:
        """Whether the period has begun but not ended by ``as_of`` (pages say « en cours »)."""
        return self.start <= as_of < self.end

    def months_begun(self, as_of: date) -> int:
        """Months of the period begun by ``as_of``: ``months`` once over, 0 before it starts."""
        if as_of < self.start:
            return 0
        last = self.cut_at(as_of)
        return (last.year - self.start.year) * 12 + last.month - self.start.month + 1

    def quarters_begun(self, as_of: date) -> Fraction:
        """Quarters of the period begun by ``as_of``, counted by month (months begun / 3)."""
        return Fraction(self.months_begun(as_of), 3)

    # Neighbours

    def previous_quarters(self, n: int) -> list[Period]:
        """The ``n`` quarters ending with the one containing this period's end, oldest first.

        Fewer near the beginning of the calendar: none before ``0001-0002-T1``, the first
        quarter :meth:`parse` accepts (a trend of ``0001-0002`` has its four quarters).
        """
        if n < 0:
            raise ValueError("n must not be negative.")
        last = Period.quarter_of(self.end)
        quarters = []
        for back in range(n - 1, -1, -1):
            year, month = _add_months(last.start.year, last.start.month, -3 * back)
            if (year, month) >= (1, FISCAL_YEAR_START_MONTH):  # fiscal year 0001-0002 on
                quarters.append(Period.quarter_of(date(year, month, 1)))
        return quarters


# The quarters a trend covers, on the territory page and the indicator page.
TREND_QUARTERS = 8


def trend_quarters(period: Period, *, as_of: date) -> list[Period]:
    """The eight quarters ending with the one holding the end of ``period`` (cut at ``as_of``:
    quarters not begun yet are left out), oldest first."""
    return Period.quarter_of(period.cut_at(as_of)).previous_quarters(TREND_QUARTERS)


def covered_periods(*, first: date, last: date) -> list[Period]:
    """Every fiscal year, quarter and month overlapping ``first`` … ``last`` (both included).

    Returned grouped by kind — fiscal years, then quarters, then months — each group newest
    first, as a period picker lists them. Empty when ``first`` is after ``last``.
    """
    if first > last:
        return []
    periods: list[Period] = []
    for step, period_of in (
        (12, Period.fiscal_year_of),
        (3, Period.quarter_of),
        (1, Period.month_of),
    ):
        period = period_of(last)
        while period.end >= first:
            periods.append(period)
            year, month = _add_months(period.start.year, period.start.month, -step)
            if year < 1:
                break
            period = period_of(date(year, month, 1))
    return periods
