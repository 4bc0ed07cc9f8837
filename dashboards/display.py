"""How pages write an indicator result: its value in Quebec style, its status in words and a
symbol (colour is never the only signal), the target in words.

One place for every page, chart table and download label, so a number reads the same
everywhere. Percentages keep one decimal (``31,4 %``), other non-whole values two (``19,64``),
counts none; suppressed values print ``x`` (Statistics Canada's convention) and values that do
not apply ``s.o.`` (« sans objet »).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from indicators import registry
from indicators.compute import MET, NO_TARGET, NOT_APPLICABLE, NOT_MET, SUPPRESSED, Row
from indicators.export import round_value
from territories import formatting

SUPPRESSED_MARK = "x"
NOT_APPLICABLE_MARK = "s.o."
# Pages' own state, beside the engine's statuses: nothing stands behind the value (n = 0), so
# it is neither a zero nor a target met or missed (issue 14). The export keeps the engine's.
NO_DATA = "no_data"
HIDDEN = (SUPPRESSED, NOT_APPLICABLE, NO_DATA)  # statuses whose value is never printed


@dataclass(frozen=True)
class StatusStyle:
    label: str  # words, for the table cell's text and screen readers
    symbol: str  # shown beside the value: the status never rests on colour alone
    css: str  # modifier class: status--met …


def suppressed_label() -> str:
    """Why a value is hidden, with the number of respondents the setting asks for."""
    count = settings.MIN_CELL_SIZE
    return ngettext(
        "Confidential: fewer than %(count)d respondent",
        "Confidential: fewer than %(count)d respondents",
        count,
    ) % {"count": count}


def small_group_label() -> str:
    """Why a breakdown's group is hidden (``indicators.breakdowns.privacy``)."""
    count = settings.MIN_CELL_SIZE
    return ngettext(
        "Confidential: a group of fewer than %(count)d family, or hidden so that a total cannot "
        "reveal one",
        "Confidential: a group of fewer than %(count)d families, or hidden so that a total "
        "cannot reveal one",
        count,
    ) % {"count": count}


STATUSES: dict[str, StatusStyle] = {
    MET: StatusStyle(_("Target met"), "✓", "met"),
    NOT_MET: StatusStyle(_("Target not met"), "✗", "not-met"),
    NO_TARGET: StatusStyle(_("No target"), "", "no-target"),
    # Written when shown, in the active language and with the setting of the moment.
    SUPPRESSED: StatusStyle(lazy(suppressed_label, str)(), SUPPRESSED_MARK, "suppressed"),
    NOT_APPLICABLE: StatusStyle(_("Not applicable"), NOT_APPLICABLE_MARK, "not-applicable"),
    NO_DATA: StatusStyle(_("No data"), "", "no-data"),
}

# The colour class of a status's symbol, where it has one (the words beside it say the same).
STATUS_ICONS = {MET: "status-icon--yes", NOT_MET: "status-icon--no"}

COMPARISON_WORDS = {
    registry.LESS_OR_EQUAL: _("at most"),
    registry.LESS: _("less than"),
    registry.GREATER_OR_EQUAL: _("at least"),
}


def shown_status(row: Row) -> str:
    """The status pages show: the engine's, or :data:`NO_DATA` when nothing stands behind the
    value (:attr:`~indicators.compute.Row.stands_on_data`)."""
    return row.status if row.stands_on_data else NO_DATA


def style(row: Row) -> StatusStyle:
    """How pages show ``row``'s status: words, a symbol, a colour class."""
    return STATUSES[shown_status(row)]


def shows_value(row: Row | None) -> bool:
    """Whether pages print ``row``'s value as a number: there is one, and something stands
    behind it (neither suppressed, nor not applicable, nor without data). Only these are
    ranked, sorted and drawn."""
    return row is not None and row.value is not None and shown_status(row) not in HIDDEN


def status_label(status: str) -> str:
    """The status in words, as a plain string (figures go out as JSON)."""
    return str(STATUSES[status].label)


def no_data_text() -> str:
    return str(_("no data"))


def indicator_name(indicator: registry.Indicator) -> str:
    """The indicator's name in the active language (French unless English is active)."""
    return indicator.name_en if (get_language() or "fr").startswith("en") else indicator.name_fr


def lever_name(lever: int) -> str:
    french, english = registry.LEVERS[lever]
    return english if (get_language() or "fr").startswith("en") else french


DAYS_UNIT = "\u00a0j"  # « 6,71 j »: the Quebec abbreviation of « jours »


def rounded(value: Fraction, indicator: registry.Indicator) -> tuple[Decimal | int, int]:
    """``value`` as pages round it — half-up once, from the exact value — and its decimals: a
    percentage to one, a whole count to none, anything else to two."""
    if indicator.unit == registry.PERCENT:
        return round_value(value, 1), 1
    if indicator.unit == registry.COUNT and value.denominator == 1:
        return value.numerator, 0
    return round_value(value, 2), 2


def unit(indicator: registry.Indicator) -> str:
    """The unit a table header or column names: « % », « j », « 1-5 », or nothing."""
    return {
        registry.PERCENT: "%",
        registry.DAYS: pgettext("unit", "days"),
        registry.SCORE: "1-5",
    }.get(indicator.unit, "")


def format_number(
    value: Fraction | None, indicator: registry.Indicator, *, whole: bool = False
) -> str:
    """``value`` of ``indicator`` as pages print it (``31,4 %``, ``6,71 j``, ``19,64``, ``3``);
    an em dash when there is none. ``whole``: a whole number without decimals (targets)."""
    if value is None:
        return formatting.MISSING
    if whole and value.denominator == 1:
        number, places = value.numerator, 0
    else:
        number, places = rounded(value, indicator)
    if indicator.unit == registry.PERCENT:
        return formatting.format_percent(number, places)
    text = formatting.format_decimal(number, places)
    return text + DAYS_UNIT if indicator.unit == registry.DAYS else text


def format_value(row: Row) -> str:
    """The value cell of ``row``: the number, ``x`` when suppressed, « aucune donnée » when
    nothing stands behind it, ``s.o.`` when it does not apply (a profile value without a
    profile)."""
    if row.status == SUPPRESSED:
        return SUPPRESSED_MARK
    if shown_status(row) == NO_DATA:
        return no_data_text()
    if row.status == NOT_APPLICABLE:
        return NOT_APPLICABLE_MARK
    return format_number(row.value, row.definition)


def format_target(target: registry.Target | None, indicator: registry.Indicator) -> str:
    """``≤ 2 j``, ``< 10 %``, ``≥ 4`` — or an em dash without a target."""
    if target is None:
        return formatting.MISSING
    symbol = {"<=": "≤", "<": "<", ">=": "≥"}[target.comparison]
    return f"{symbol}\u00a0{format_number(Fraction(target.value), indicator, whole=True)}"


def describe_target(target: registry.Target | None, indicator: registry.Indicator) -> str:
    """The target in words: « at most 2 », « less than 10 % » (empty without a target)."""
    if target is None:
        return ""
    number = format_number(Fraction(target.value), indicator, whole=True)
    return f"{COMPARISON_WORDS[target.comparison]} {number}"


def format_n(row: Row) -> str:
    return "" if row.n is None else formatting.format_integer(row.n)
