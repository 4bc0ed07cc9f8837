"""Numbers and dates written the Quebec way, for pages (DESIGN.md section 2).

Pure functions, independent of the active language: ``19,64`` (decimal comma), ``31,4 %``
(a non-breaking space before ``%``), ``1 234 567`` (groups of three digits separated by
non-breaking spaces), ``2024-11-24`` (ISO 8601 dates).

Rounding is **half-up** on the exact decimal value (``0.625`` → ``0,63``); floats are read through
their shortest representation (``str(2.675)`` is ``"2.675"``, so it rounds to ``2,68``).

A missing value (``None``) prints :data:`MISSING`, an em dash: tables keep a visible mark for an
unknown value (pages say what the dash means), and the cell is never mistaken for a zero. So do
NaN and infinities. Anything else that is not a number raises ``TypeError`` (a bool, an object)
or ``ValueError`` (a string that is not a number); the template filters in
``indicators/templatetags/quebec.py`` catch both and leave such a value unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

MISSING = "—"
NBSP = "\u00a0"
DECIMAL_SEPARATOR = ","
GROUP_SEPARATOR = NBSP

Number = int | float | Decimal


def to_decimal(value: Number | str) -> Decimal:
    """``value`` as an exact :class:`~decimal.Decimal` (floats through ``str``)."""
    if isinstance(value, bool):
        raise TypeError("A boolean is not a number to format.")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float | str):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation as error:
            raise ValueError(f"Not a number: {value!r}") from error
    raise TypeError(f"Cannot format {type(value).__name__} as a number.")


def round_half_up(value: Number | str, places: int = 0) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals (``0.625`` → ``0.63``)."""
    number = to_decimal(value)
    if not number.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # never print "-0,00"
    return rounded


def _group(digits: str) -> str:
    """``1234567`` → ``1 234 567`` (non-breaking spaces)."""
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return GROUP_SEPARATOR.join(groups)


def _format(value: Number | str | None, places: int) -> str:
    if value is None or not to_decimal(value).is_finite():  # NaN, infinity: no value to show
        return MISSING
    rounded = round_half_up(value, places)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{places}f}"
    whole, _dot, fraction = text.partition(".")
    result = sign + _group(whole)
    if places > 0:
        result += DECIMAL_SEPARATOR + fraction
    return result


def format_decimal(value: Number | None, places: int = 2) -> str:
    """``19.6432`` → ``19,64``; ``1234.5`` → ``1 234,50``; ``None`` → ``—``."""
    return _format(value, places)


def format_percent(value: Number | None, places: int = 1) -> str:
    """A value already in percent: ``31.44`` → ``31,4 %`` (non-breaking space); ``None`` → ``—``.

    The value is in percentage points (``31.4`` for 31.4 %), not a ratio (``0.314``).
    """
    text = _format(value, places)
    return text if text == MISSING else f"{text}{NBSP}%"


def format_integer(value: Number | None) -> str:
    """``1234567`` → ``1 234 567``; ``160.5`` → ``161`` (half-up); ``None`` → ``—``."""
    return _format(value, 0)


def format_date(value: date | datetime | None) -> str:
    """ISO 8601: ``2024-11-24``; an aware datetime is read in the local time zone."""
    if value is None:
        return MISSING
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Cannot format {type(value).__name__} as a date.")
