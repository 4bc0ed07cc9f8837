"""From tallies to values: each formula of DESIGN.md section 6, exact (:class:`Fraction`) with
its ``n``, for a territory, a group of the breakdowns, or the province row ``QC``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from indicators import registry
from indicators.compute.profiles import Profile, profile_for
from indicators.compute.tally import Tally
from indicators.periods import Period


@dataclass(frozen=True)
class Value:
    """An exact value (None: not applicable) and its n, before targets and suppression."""

    value: Fraction | None
    n: int | None
    respondents: int | None = None


def ratio(numerator, denominator, n: int, scale: int = 1, respondents: int | None = None) -> Value:
    """``numerator`` × ``scale`` ÷ ``denominator`` with its ``n`` (not applicable when the
    denominator is 0)."""
    if respondents is not None and n:
        # Answers always rest on someone: online answers without participation records
        # still count as one respondent, never as none (which would show them).
        respondents = max(respondents, 1)
    if not denominator:
        return Value(None, n, respondents)
    return Value(Fraction(numerator) * scale / Fraction(denominator), n, respondents)


def tally_values(
    tally: Tally,
    period: Period,
    as_of: date,
    profile: Profile | None,
    triggered: list[str] | None = None,
) -> dict[str, Value]:
    """Every indicator of one territory from its tally (DESIGN.md section 6); ``triggered``:
    the priorities its profile triggers (None: it has no profile)."""
    months = period.months_begun(as_of)
    staff = Fraction(tally.staff_at_start + tally.staff_at_end, 2)
    values = {
        "L1_SECTORS_CONFORMING": Value(Fraction(tally.sectors_conforming), tally.sectors_active),
        "L1_MANDATE_OVERLAP_PCT": ratio(tally.jaccard_sum, tally.pairs, tally.pairs, 100),
        "L1_PRESENTATIONS": Value(Fraction(tally.presentations), tally.presentations),
        "L2_HANDOFF_DELAY_DAYS": ratio(tally.delay_days, tally.taken, tally.taken),
        "L2_ESCAPE_RATE_PCT": ratio(tally.escaped_families, tally.families, tally.families, 100),
        "L2_LOOP_RATE_PCT": ratio(tally.loops, tally.cohort, tally.cohort, 100),
        "L2_FORMAL_CORRIDORS_PCT": ratio(
            tally.corridors_formal, tally.corridors_active, tally.corridors_active, 100
        ),
        "L3_TURNOVER_PCT": ratio(tally.departures, staff, tally.departures, 100),
        "L3_SUPERVISION_HOURS_PER_PAP_MONTH": ratio(
            tally.supervision_hours, tally.paps * months, tally.paps
        ),
        "L4_PROJECTS": Value(Fraction(tally.projects), tally.projects),
        "L4_FAMILY_SATISFACTION": ratio(
            tally.family_score,
            tally.family_responses,
            tally.family_responses,
            respondents=tally.family_respondents,
        ),
        "L5_ADAPTED_CORRIDORS": Value(
            None if triggered is None else Fraction(tally.adapted_corridors(triggered)),
            tally.corridors_active,
        ),
        "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER": ratio(
            tally.support_requests, tally.paps * Fraction(months, 3), tally.paps
        ),
        "L6_PAP_SATISFACTION": ratio(
            tally.pap_score,
            tally.pap_responses,
            tally.pap_responses,
            respondents=tally.pap_respondents + tally.pap_online_respondents,
        ),
    }
    values.update(profile_values(profile))
    return values


def profile_values(profile: Profile | None) -> dict[str, Value]:
    """The ``L5_*`` profile values of ``profile`` (not applicable without one), without n."""
    return {
        code: Value(None if profile is None else profile.values[name], None)
        for code, name in registry.PROFILE_FIELDS.items()
    }


def province_values(
    tallies: dict[int, Tally],
    values: dict[int, dict[str, Value]],
    period: Period,
    as_of: date,
    references: dict[int, Profile],
    online_paps: int,
) -> dict[str, Value]:
    """The ``QC`` row: the pooled data, with the design's exceptions."""
    pooled = sum(tallies.values(), Tally())
    # A PAP who answered online on two territories is one respondent of the province.
    pooled.pap_online_respondents = online_paps
    province = tally_values(pooled, period, as_of, None)

    with_positions = [v for v in values.values() if v["L1_SECTORS_CONFORMING"].n]
    province["L1_SECTORS_CONFORMING"] = ratio(
        sum((v["L1_SECTORS_CONFORMING"].value for v in with_positions), Fraction(0)),
        len(with_positions),
        len(with_positions),
    )
    applicable = [v["L5_ADAPTED_CORRIDORS"] for v in values.values()]
    applicable = [v for v in applicable if v.value is not None]
    province["L5_ADAPTED_CORRIDORS"] = Value(
        sum((v.value for v in applicable), Fraction(0)), sum(v.n for v in applicable)
    )
    province.update(profile_values(profile_for(references, period.fiscal_year)))
    return province
