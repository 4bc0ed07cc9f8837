"""Each indicator's formula in words, for its page: what is counted, what it is divided by, what
``n`` counts, and how the province row (``QC``) differs from a territory's.

The one mapping of these texts (DESIGN.md section 6 says it in full; the registry's
``definition_fr`` says what the indicator means). Texts are English msgids translated through
gettext; the thresholds that settings may change (30 days, 90 days, 10 %, 3 respondents) are
filled in when a page asks, so the words always match the computation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from indicators import registry
from territories import formatting


@dataclass(frozen=True)
class Formula:
    formula: str  # numerator ÷ denominator, in words
    n: str  # what n counts
    province: str  # how the QC row is made


POOLED = _("The same formula over the pooled data of every territory.")
SUMMED = _(
    "The sum of the territories' values (n likewise); a territory where it does not apply "
    "adds nothing."
)
SURVEY_NOTE = _(
    "The mean is hidden (x) when it rests on 1 to %(hidden)d respondents, and so is one more "
    "territory's when only one would be hidden beside the Quebec row."
)
PROFILE = Formula(
    _(
        "The value of the territory's socio-health profile for the period's fiscal year, else of "
        "its latest earlier profile (an empty value is not taken from an earlier year)."
    ),
    _("None: a profile value is not counted."),
    _(
        "The reference profile: Quebec's profile when one is recorded, else the unweighted mean "
        "of the territories' profiles of that year."
    ),
)

FORMULAS: dict[str, Formula] = {
    "L1_SECTORS_CONFORMING": Formula(
        _(
            "The number of distinct sectors having a PAP position active during the period whose "
            "mandate has every component the shared reference framework requires."
        ),
        _("Sectors having a PAP position active during the period."),
        _(
            "The mean of the values of the territories having an active position (n: those "
            "territories)."
        ),
    ),
    "L1_MANDATE_OVERLAP_PCT": Formula(
        _(
            "For each pair of active positions from different sectors: target populations in "
            "common ÷ target populations of either one (0 when both lists are empty). The mean "
            "over the pairs, × 100."
        ),
        _("Pairs of active positions from different sectors."),
        _("The mean over the pairs formed inside each territory."),
    ),
    "L1_PRESENTATIONS": Formula(
        _(
            "The number of presentations of a PAP's mandate and role, inside their organization "
            "or to other organizations, entered in the journal during the period."
        ),
        _("The presentations themselves."),
        SUMMED,
    ),
    "L2_HANDOFF_DELAY_DAYS": Formula(
        _(
            "The days from first contact to taking charge, added up ÷ the referrals made during "
            "the period (cancelled ones left out) and taken in charge by the as-of date."
        ),
        _("Those referrals taken in charge."),
        POOLED,
    ),
    "L2_ESCAPE_RATE_PCT": Formula(
        _(
            "Families with an escaped referral × 100 ÷ the distinct families referred during the "
            "period (cancelled referrals left out). A referral escapes when it is lost, or still "
            "pending or declined more than %(escape_days)d days later while no later referral of "
            "the family was taken in charge."
        ),
        _("Distinct families referred during the period."),
        POOLED,
    ),
    "L2_LOOP_RATE_PCT": Formula(
        _(
            "Referrals in a loop × 100 ÷ the referrals made during the period (cancelled ones "
            "left out). A referral loops when it sends the family back to the sector that "
            "referred it to this one in the previous %(loop_days)d days."
        ),
        _("Referrals made during the period (cancelled ones left out)."),
        POOLED,
    ),
    "L2_FORMAL_CORRIDORS_PCT": Formula(
        _(
            "Formal corridors × 100 ÷ the corridors active during the period. A corridor is "
            "formal when it has an entry point, a target delay, consent forms in at least two "
            "languages and a transfer form."
        ),
        _("Corridors active during the period."),
        POOLED,
    ),
    "L3_TURNOVER_PCT": Formula(
        _(
            "PAP departures during the period × 100 ÷ the mean of the PAPs in post on the first "
            "and on the last day of the period."
        ),
        _("Departures."),
        POOLED,
    ),
    "L3_SUPERVISION_HOURS_PER_PAP_MONTH": Formula(
        _(
            "Supervision hours entered in the journal during the period ÷ the PAPs in post "
            "during the period ÷ the months of the period (12, 3 or 1; those begun when the "
            "period is in progress)."
        ),
        _("PAPs in post during the period."),
        POOLED,
    ),
    "L4_PROJECTS": Formula(
        _("The number of supported territorial projects active during the period."),
        _("The projects themselves."),
        SUMMED,
    ),
    "L4_FAMILY_SATISFACTION": Formula(
        _(
            "The overall scores (1 to 5) of the families' answers received during the period, "
            "added up ÷ the number of answers."
        ),
        _("Answers."),
        POOLED,
    ),
    "L5_SCREENINGS": PROFILE,
    "L5_REPORTS_PER_1000": PROFILE,
    "L5_OUT_OF_NETWORK_PCT": PROFILE,
    "L5_VULNERABLE_PCT": PROFILE,
    "L5_IMMIGRANT_FAMILIES_PCT": PROFILE,
    "L5_ADAPTED_CORRIDORS": Formula(
        _(
            "The number of corridors active during the period that answer at least one priority "
            "triggered on the territory: a profile value at least %(margin)s above the reference "
            "profile."
        ),
        _("Corridors active during the period."),
        SUMMED,
    ),
    "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER": Formula(
        _(
            "Formal support requests entered in the journal during the period ÷ the PAPs in post "
            "during the period ÷ the quarters of the period (4, 1 or 1/3)."
        ),
        _("PAPs in post during the period."),
        POOLED,
    ),
    "L6_PAP_SATISFACTION": Formula(
        _(
            "The overall scores (1 to 5) of the PAPs' answers to the survey received during the "
            "period, added up ÷ the number of answers."
        ),
        _("Answers."),
        POOLED,
    ),
}

UNITS = {
    registry.COUNT: _("a count"),
    registry.PERCENT: _("a percentage"),
    registry.DAYS: _("days"),
    registry.RATE: _("a rate"),
    registry.SCORE: _("a mean score from 1 to 5"),
}

DIRECTIONS = {
    registry.LOWER: _("lower is better"),
    registry.HIGHER: _("higher is better"),
    registry.NEUTRAL: _("neither higher nor lower is better: it describes the territory"),
}


def _filled(text: str) -> str:
    return str(text) % {
        "escape_days": settings.ESCAPE_DAYS,
        "loop_days": settings.LOOP_DAYS,
        "margin": formatting.format_percent(settings.PRIORITY_MARGIN * 100, 0),
    }


def formula_for(indicator: registry.Indicator) -> Formula:
    """The words of ``indicator``'s formula in the active language, thresholds filled in."""
    formula = FORMULAS[indicator.code]
    return Formula(_filled(formula.formula), str(formula.n), str(formula.province))


# How the QC row is made, in a few words, for the overview's legend.
QC_POOLED = _("every territory's data pooled, the same formula")
QC_SUMMED = _("the sum of the territories")
QC_PROFILE = _("the reference profile")
QC_MEANS = {
    "L1_SECTORS_CONFORMING": _("the mean of the territories having an active position"),
    "L1_MANDATE_OVERLAP_PCT": _("the mean over every territory's pairs of positions"),
}


def province_in_short(indicator: registry.Indicator) -> str:
    """How ``indicator``'s QC row is made, in a few words (its page says it in full)."""
    formula = FORMULAS[indicator.code]
    if formula is PROFILE:
        return str(QC_PROFILE)
    if formula.province is POOLED:
        return str(QC_POOLED)
    if formula.province is SUMMED:
        return str(QC_SUMMED)
    return str(QC_MEANS[indicator.code])


def survey_note(indicator: registry.Indicator) -> str:
    """For survey means, when they are hidden; empty for other indicators."""
    if not indicator.is_survey_mean:
        return ""
    return str(SURVEY_NOTE) % {"hidden": settings.MIN_CELL_SIZE - 1}
