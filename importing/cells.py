"""Cell parsers: each takes a non-blank cell (a string from CSV; also a number, date or bool
from XLSX) and returns the typed value or raises :class:`~importing.problems.CellError`.

Row specs build their columns from these (DESIGN.md section 7: booleans ``oui/non/yes/no/1/0``,
dates ``YYYY-MM-DD``, decimals with ``.`` or ``,`` rounded half-up, lists separated by ``|``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from importing.formulas import FORMULA_MESSAGE, FORMULA_STARTS
from importing.problems import CellError

Parser = Callable[[Any], Any]

_BOOLEANS = {
    "oui": True,
    "yes": True,
    "1": True,
    "true": True,
    "vrai": True,
    "non": False,
    "no": False,
    "0": False,
    "false": False,
    "faux": False,
}
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    if value.__class__ is str:  # CSV cells: the common case first
        return value.strip()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def text(max_length: int, validators: Sequence[Callable[[str], None]] = ()) -> Parser:
    # A value a RegexValidator's own pattern accepts needs no call to it (its pattern is a lazy
    # object: a million calls cost seconds); any other value goes through the validator.
    regexes = {
        index: re.compile(validator.regex.pattern, validator.regex.flags).search
        for index, validator in enumerate(validators)
        if isinstance(validator, RegexValidator) and not validator.inverse_match
    }

    def parse(value: Any) -> str:
        result = value.strip() if value.__class__ is str else as_text(value)
        if len(result) > max_length:
            raise CellError(
                _("At most %(max)d characters (this value has %(length)d).")
                % {"max": max_length, "length": len(result)}
            )
        if result.startswith(FORMULA_STARTS):  # importing.formulas: the forms' rule too
            raise CellError(str(FORMULA_MESSAGE))
        for index, validator in enumerate(validators):
            search = regexes.get(index)
            if search is not None and search(result):
                continue
            try:
                validator(result)
            except ValidationError as error:
                raise CellError(" ".join(error.messages)) from None
        return result

    return parse


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    result = _BOOLEANS.get((value.strip() if value.__class__ is str else as_text(value)).lower())
    if result is None:
        raise CellError(_("Give oui or non (yes/no, 1/0 and true/false are accepted too)."))
    return result


def a_date(value: Any) -> date:
    if isinstance(value, str):
        candidate = value.strip()
        if _DATE_RE.fullmatch(candidate):
            try:
                return date.fromisoformat(candidate)
            except ValueError:
                pass
    elif isinstance(value, datetime):
        return value.date()
    elif isinstance(value, date):
        return value
    raise CellError(
        _("Give a date as YYYY-MM-DD (for example 2024-05-01), not “%(value)s”.")
        % {"value": as_text(value)}
    )


# No cell holds a number of more than 16 digits before the decimal point.
MAX_DIGITS = 15


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Give a number, not “%(value)s”.") % {"value": as_text(value)})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # 12.345 stays 12.345 (not 12.3449999…) before rounding
    candidate = as_text(value).translate(_SPACES).replace(",", ".")
    try:
        number = Decimal(candidate)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError(_("Give a number, not “%(value)s”.") % {"value": as_text(value)})
    if number.adjusted() > MAX_DIGITS:
        # 1e400 cannot be rounded (InvalidOperation) and int(Decimal("1e1000000")) takes
        # seconds of CPU: refused before either, whatever the column's own range.
        raise CellError(_("This number is too large."))
    return number


def _check_range(number: Decimal | int, minimum: Any, maximum: Any) -> None:
    if minimum is not None and number < minimum:
        raise CellError(_("The value cannot be below %(min)s.") % {"min": minimum})
    if maximum is not None and number > maximum:
        raise CellError(_("The value cannot be above %(max)s.") % {"max": maximum})


def decimal(places: int = 2, minimum: Any = None, maximum: Any = None) -> Parser:
    """A number rounded half-up to ``places`` decimals (never refused for extra decimals)."""
    exponent = Decimal(1).scaleb(-places)

    def parse(value: Any) -> Decimal:
        number = _number(value).quantize(exponent, rounding=ROUND_HALF_UP)
        _check_range(number, minimum, maximum)
        return number

    return parse


def integer(
    minimum: int | None = None, maximum: int | None = None, out_of_range: str | None = None
) -> Parser:
    """A whole number (``2.0`` is 2; ``2.5`` is refused); ``out_of_range``: the message when it
    falls outside [minimum, maximum]."""

    def parse(value: Any) -> int:
        number = _number(value)
        if number != number.to_integral_value():
            raise CellError(_("Give a whole number, not “%(value)s”.") % {"value": as_text(value)})
        result = int(number)
        if out_of_range is not None and not minimum <= result <= maximum:
            raise CellError(_(out_of_range))
        _check_range(result, minimum, maximum)
        return result

    return parse


def normalise_name(value: str) -> str:
    """``Région``, ``  REGION `` and ``date d'ouverture`` → ``region``, ``date_d_ouverture``."""
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def choice(choices: type[models.TextChoices], aliases: dict[str, str] | None = None) -> Parser:
    """A value of ``choices``: its code, or its English or French label, any case or accents."""
    lookup: dict[str, str] | None = None
    codes = frozenset(choices.values)

    def build() -> dict[str, str]:
        names: dict[str, str] = {}
        for language in ("en", "fr-ca"):
            with translation.override(language):
                for value, label in choices.choices:
                    names.setdefault(normalise_name(str(label)), value)
        for value in choices.values:
            names[normalise_name(value)] = value
        for alias, value in (aliases or {}).items():
            names[normalise_name(alias)] = value
        return names

    def parse(value: Any) -> str:
        nonlocal lookup
        text_value = value.strip() if value.__class__ is str else as_text(value)
        if text_value in codes:
            return text_value
        if lookup is None:
            lookup = build()
        result = lookup.get(normalise_name(text_value))
        if result is None:
            raise CellError(
                _("Unknown value “%(value)s”. Allowed: %(allowed)s.")
                % {"value": text_value, "allowed": ", ".join(choices.values)}
            )
        return result

    return parse


def code_list(item: Parser) -> Parser:
    """Values separated by ``|``, each typed by ``item``, each given once; empty: ``[]``."""

    def parse(value: Any) -> list:
        items = [part.strip() for part in as_text(value).split("|")]
        result = [item(part) for part in items if part]
        if len(set(result)) != len(result):
            raise CellError(_("A value is given twice."))
        return result

    return parse


def reference(table: Callable[[], dict[str, Any]], unknown: str) -> Parser:
    """The row (from ``table()``, preloaded and keyed by code) that the cell names.

    ``unknown`` is a message with ``%(code)s``. Codes match exactly, else in any case when only
    one row has that code in any case.
    """
    folded: dict[str, list[Any]] | None = None

    def parse(value: Any) -> Any:
        nonlocal folded
        code = value.strip() if value.__class__ is str else as_text(value)
        rows = table()
        row = rows.get(code)
        if row is None:
            if folded is None:
                folded = {}
                for stored_code, stored_row in rows.items():
                    folded.setdefault(stored_code.upper(), []).append(stored_row)
            matches = folded.get(code.upper(), ())
            if len(matches) != 1:
                raise CellError(unknown % {"code": code})
            row = matches[0]
        return row

    return parse
