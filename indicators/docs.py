"""``docs/indicators.md``: every indicator of the registry, by lever, in French.

The document is written from the registry (:mod:`indicators.registry`: codes, names, units,
directions, definitions, default targets) and from the formulas in words of the indicator pages
(:mod:`indicators.formulas`), so it cannot drift from them: ``manage.py write_indicator_docs``
writes it, and a test checks that the committed file is what :func:`render` gives. It is always
written in French (``fr-ca``), whatever the active language; its own texts are English msgids
of the ``fr_CA`` catalogue, like every text users read.

The thresholds the formulas quote (``MIN_CELL_SIZE``, ``ESCAPE_DAYS``, ``LOOP_DAYS``,
``PRIORITY_MARGIN``) are those of the settings in force; the document says which it used.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import formulas, registry
from territories import formatting

LANGUAGE = "fr-ca"
PATH = Path(settings.BASE_DIR) / "docs" / "indicators.md"
COMMAND = "python manage.py write_indicator_docs"

COMPARISON_SIGNS = {
    registry.LESS_OR_EQUAL: "≤",
    registry.LESS: "<",
    registry.GREATER_OR_EQUAL: "≥",
}

# When an indicator has no value (not_applicable), for those whose rule the registry does not
# tell by itself (profile values, survey means and plain counts follow from it, below).
NEVER = gettext_lazy("Never: a count is 0 when nothing is counted.")
NOT_APPLICABLE_WHEN = {
    "L1_SECTORS_CONFORMING": gettext_lazy(
        "Never for a territory: a count is 0 when nothing is counted. The Quebec row, a mean "
        "over the territories having a position active during the period, is not applicable "
        "when there is none."
    ),
    "L1_MANDATE_OVERLAP_PCT": gettext_lazy(
        "When there is no pair of positions from different sectors active during the period."
    ),
    "L2_HANDOFF_DELAY_DAYS": gettext_lazy(
        "When no referral of the period was taken in charge by the as-of date."
    ),
    "L2_ESCAPE_RATE_PCT": gettext_lazy("When no family was referred during the period."),
    "L2_LOOP_RATE_PCT": gettext_lazy(
        "When no referral was made during the period (cancelled ones left out)."
    ),
    "L2_FORMAL_CORRIDORS_PCT": gettext_lazy("When no corridor is active during the period."),
    "L3_TURNOVER_PCT": gettext_lazy(
        "When nobody was in post on the first day of the period nor on the last one."
    ),
    "L3_SUPERVISION_HOURS_PER_PAP_MONTH": gettext_lazy(
        "When no PAP was in post during the period."
    ),
    "L5_ADAPTED_CORRIDORS": gettext_lazy(
        "When the territory has no socio-health profile: no priority can be triggered. The "
        "Quebec row adds up the territories where it applies."
    ),
    "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER": gettext_lazy(
        "When no PAP was in post during the period."
    ),
}
NO_PROFILE_VALUE = gettext_lazy(
    "When the territory has no socio-health profile for the period's fiscal year nor an "
    "earlier one, or when the value is empty in the profile used (an empty value is not taken "
    "from an earlier year)."
)
NO_ANSWER = gettext_lazy("When no answer was received during the period.")


def render() -> str:
    """The whole document, in French."""
    with translation.override(LANGUAGE):
        return "\n".join(_document()) + "\n"


def write(path: Path = PATH) -> bool:
    """Write the document to ``path``; whether its content changed."""
    text = render()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def not_applicable_rule(indicator: registry.Indicator) -> str:
    """When ``indicator`` has no value (status not_applicable), in the active language."""
    if indicator.is_profile_value:
        return str(NO_PROFILE_VALUE)
    if indicator.is_survey_mean:
        return str(NO_ANSWER)
    if indicator.code in NOT_APPLICABLE_WHEN:
        return str(NOT_APPLICABLE_WHEN[indicator.code])
    if indicator.unit == registry.COUNT:
        return str(NEVER)
    raise KeyError(f"{indicator.code}: say when it is not applicable (indicators/docs.py).")


def target_text(indicator: registry.Indicator) -> str:
    """``≤ 2``, ``< 10 %``, ``≥ 4``; « aucune cible » without a default target."""
    target = indicator.default_target
    if target is None:
        return _("no target")
    places = max(0, -target.value.normalize().as_tuple().exponent)
    number = formatting.format_decimal(target.value, places)
    if indicator.unit == registry.PERCENT:
        number = formatting.format_percent(target.value, places)
    return f"{COMPARISON_SIGNS[target.comparison]}\u00a0{number}"


def _document() -> list[str]:
    title = _("Arrimage indicators")
    lines = [
        f"# {title}",
        "",
        "<!-- "
        + _(
            "Written by `%(command)s` from indicators/registry.py and indicators/formulas.py: "
            "do not edit by hand."
        )
        % {"command": COMMAND}
        + " -->",
        "",
        _(
            "The %(count)d indicators of the six levers, as Arrimage computes them. This "
            "document is written from the indicator registry (`indicators/registry.py`) and "
            "from the formulas in words of the indicator pages (`indicators/formulas.py`) by "
            "`%(command)s`; a test checks that it matches them. The export and the API name "
            "each indicator by its code; pages show its French name."
        )
        % {"count": len(registry.INDICATORS), "command": COMMAND},
        "",
        *_overview(),
        *_common_rules(),
    ]
    for lever, (name_fr, _name_en) in registry.LEVERS.items():
        heading = _("Lever %(number)s: %(name)s") % {"number": lever, "name": name_fr}
        lines += [f"## {heading}", ""]
        for indicator in registry.INDICATORS:
            if indicator.lever == lever:
                lines += _indicator(indicator)
    while lines[-1] == "":
        lines.pop()
    return lines


def _overview() -> list[str]:
    headers = [_("Lever"), _("Code"), _("Indicator"), _("Unit"), _("Default target")]
    lines = ["| " + " | ".join(headers) + " |", "| --- | --- | --- | --- | --- |"]
    for indicator in registry.INDICATORS:
        lines.append(
            f"| {indicator.lever} | `{indicator.code}` | {indicator.name_fr} | "
            f"{formulas.UNITS[indicator.unit]} | {target_text(indicator)} |"
        )
    return [*lines, ""]


def _common_rules() -> list[str]:
    thresholds = {
        "min_cell_size": settings.MIN_CELL_SIZE,
        "escape_days": settings.ESCAPE_DAYS,
        "loop_days": settings.LOOP_DAYS,
        "margin": formatting.format_percent(Decimal(settings.PRIORITY_MARGIN) * 100, 0),
    }
    statuses = {
        "met": _("Target met"),
        "not_met": _("Target not met"),
        "no_target": _("No target"),
        "suppressed": _("Hidden (x)"),
        "not_applicable": _("Not applicable"),
    }
    paragraphs = [
        _(
            "T is a territory, P the period (a fiscal year from April to March, a quarter or a "
            "month) and A the as-of date: what is known on that day. A period that ends after A "
            "is cut at A (pages mark it « en cours »). A position « of T » is in an "
            "organization of T; « active during P » means that it overlaps P."
        ),
        _(
            "Each value has a status: %(met)s, %(not_met)s, %(no_target)s, %(suppressed)s or "
            "%(not_applicable)s (in the export and the API: `met`, `not_met`, `no_target`, "
            "`suppressed`, `not_applicable`). The status compares the exact, unrounded value "
            "with the target; a value exactly on its target meets a ≤ or ≥ target and misses a "
            "< one. Default targets apply to every territory; an administrator can change them "
            "for the province or for one territory (the change is audited)."
        )
        % statuses,
        _(
            "n is the number a value rests on (sectors, pairs, families, referrals, PAPs, "
            "answers…): always a whole number, given also when the value is hidden or not "
            "applicable (0 when nothing is counted); it is empty only for the five profile "
            "values of lever 5."
        ),
        _(
            "Hidden values (x). A survey mean resting on 1 to %(hidden)d respondents is hidden. "
            "Each paper answer and each one-time code counts as one respondent; online PAP "
            "answers count the distinct PAPs who answered. Where a mean is hidden for exactly "
            "one territory in a result that also shows the Quebec row, the mean of the "
            "territory with the fewest answers among those shown (ties: the lowest code) is "
            "hidden too, so that the first cannot be worked out from the others and the total; "
            "a territory with no answer is never picked, and its n stays. Hiding is decided "
            "over every territory, whatever a page selects."
        )
        % {"hidden": settings.MIN_CELL_SIZE - 1},
        _(
            "Not applicable. A ratio or a mean whose denominator is 0, or a profile value that "
            "does not exist, has no value. A count is never not applicable: nothing counted "
            "is 0."
        ),
        _(
            "The Quebec row (QC) applies the same formulas to the pooled data of every "
            "territory, except where an indicator says otherwise below; it always covers "
            "every territory."
        ),
        _(
            "Thresholds used in this document: MIN_CELL_SIZE = %(min_cell_size)s, ESCAPE_DAYS "
            "= %(escape_days)s, LOOP_DAYS = %(loop_days)s, PRIORITY_MARGIN = %(margin)s. The "
            "environment can change them (`.env.example`); the pages then follow, and "
            "`%(command)s` writes this document again."
        )
        % {**thresholds, "command": COMMAND},
    ]
    heading = _("Reading the indicators")
    lines = [f"## {heading}", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    return lines


def _indicator(indicator: registry.Indicator) -> list[str]:
    formula = formulas.formula_for(indicator)
    table = [
        (_("English name"), indicator.name_en),
        (_("Unit"), formulas.UNITS[indicator.unit]),
        (_("Direction"), formulas.DIRECTIONS[indicator.direction]),
        (_("Default target"), target_text(indicator)),
    ]
    paragraphs = [
        (_("Definition"), indicator.definition_fr),
        (_("Formula"), formula.formula),
        ("n", formula.n),
        (_("Quebec (QC) row"), formula.province),
        (_("Hidden (x)"), formulas.survey_note(indicator)),  # survey means only
        (_("Not applicable"), not_applicable_rule(indicator)),
    ]
    lines = [f"### `{indicator.code}` — {indicator.name_fr}", "", "| | |", "| --- | --- |"]
    lines += [f"| {label} | {text} |" for label, text in table]
    lines.append("")
    for label, text in paragraphs:
        if text:
            lines += [f"**{label}.** {text}", ""]
    return lines
