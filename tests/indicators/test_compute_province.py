"""The province row QC (DESIGN.md section 6), computed by hand, and the set-based query count.

QC applies the same formulas to the pooled data of all territories (a family is its territory
and code), except the mean of L1_SECTORS_CONFORMING, the pooled pairs of L1_MANDATE_OVERLAP_PCT,
the sums of the counts and the reference profile for L5. P is the fiscal year 2024-2025 and A
2025-06-01.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.compute import compute
from indicators.periods import Period
from territories.models import ReferenceFramework
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
AFTER = date(2025, 6, 1)
INDICATOR_COUNT = 19
PROFILE_CODES = [
    "L5_SCREENINGS",
    "L5_REPORTS_PER_1000",
    "L5_OUT_OF_NETWORK_PCT",
    "L5_VULNERABLE_PCT",
    "L5_IMMIGRANT_FAMILIES_PCT",
]


def results(territories=None, key=YEAR):
    return compute(Period.parse(key), as_of=AFTER, territories=territories)


def qc(code, territories=None):
    return results(territories).get("QC", code)


def post(territory, sector, **fields):
    return factories.position(factories.organization(territory, sector), **fields)


def refer(territory, family=None, *, on, taken=None, status=None, frm="MFA", to="MSSS"):
    fields = {"first_contact_on": on, "referred_on": on, "from_sector": frm, "to_sector": to}
    if taken:
        fields["taken_in_charge_on"] = taken
    if status:
        fields["status"] = status
    return factories.referral(territory, family, **fields)


# Lever 1


def test_province_sectors_conforming_is_the_mean_over_territories_with_a_position(
    territory_a, territory_b
):
    """A: MFA, MSSS conforming → 2; B: MFA conforming, MSSS not → 1; C: no position (left out)
    → (2 + 1) ÷ 2 = 3/2; n 2 territories."""
    factories.territory("C")
    post(territory_a, "MFA")
    post(territory_a, "MSSS")
    post(territory_b, "MFA")
    post(territory_b, "MSSS", components=["outreach"])
    result = qc("L1_SECTORS_CONFORMING")
    assert (result.value, result.n, result.status) == (Fraction(3, 2), 2, "no_target")


def test_province_overlap_pools_the_pairs_formed_inside_each_territory(territory_a, territory_b):
    """A: MFA {pregnant, housing}–MSSS {pregnant} = 1/2. B: MFA {immigrant}–MSSS {immigrant} = 1,
    MFA–MEQ {} = 0, MSSS–MEQ = 0. C: one position, no pair. Pooled: (1/2 + 1 + 0 + 0) ÷ 4 × 100
    = 75/2; n 4 (no pair across territories)."""
    post(territory_a, "MFA", populations=["pregnant", "housing"])
    post(territory_a, "MSSS", populations=["pregnant"])
    post(territory_b, "MFA", populations=["immigrant"])
    post(territory_b, "MSSS", populations=["immigrant"])
    post(territory_b, "MEQ", populations=[])
    post(factories.territory("C"), "MFA", populations=["pregnant"])
    result = qc("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n) == (Fraction(75, 2), 4)


def test_province_presentations_are_the_sum(territory_a, territory_b):
    """A 2 + B 3 → 5; n 5."""
    one, two = post(territory_a, "MFA"), post(territory_b, "MFA")
    for position, days in ((one, (1, 2)), (two, (1, 2, 3))):
        for day in days:
            factories.journal_entry(position, "presentation_intra", date=date(2024, 5, day))
    result = qc("L1_PRESENTATIONS")
    assert (result.value, result.n, result.status) == (5, 5, "no_target")


# Lever 2


def test_province_delay_pools_the_referrals(territory_a, territory_b):
    """A: 1 d and 3 d; B: 5 d → (1 + 3 + 5) ÷ 3 = 3 (not the mean of means 7/2); n 3;
    3 > 2 → not_met."""
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 4))
    refer(territory_b, on=date(2024, 5, 1), taken=date(2024, 5, 6))
    result = qc("L2_HANDOFF_DELAY_DAYS")
    assert (result.value, result.n, result.status) == (3, 3, "not_met")
    assert str(result.target) == "<=2"


def test_province_target_ignores_a_territory_override(territory_a):
    """A's override ≤ 1 applies to A only: the QC delay 2 is met against ≤ 2."""
    factories.target("L2_HANDOFF_DELAY_DAYS", territory_a, "<=", Decimal("1"))
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 3))
    result = qc("L2_HANDOFF_DELAY_DAYS")
    assert (result.value, result.status, str(result.target)) == (2, "met", "<=2")


def test_province_escape_counts_a_family_per_territory(territory_a, territory_b):
    """Code F1 on A (lost) and on B (taken in charge): two families → 100 × 1 ÷ 2 = 50; n 2."""
    refer(territory_a, factories.family(territory_a, "F1"), on=date(2024, 5, 1), status="lost")
    refer(
        territory_b,
        factories.family(territory_b, "F1"),
        on=date(2024, 5, 1),
        taken=date(2024, 5, 2),
    )
    result = qc("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (50, 2)


def test_province_loops_pool_the_cohorts(territory_a, territory_b):
    """A: MFA→MSSS then back (1 loop of 2); B: 1 referral → 100 × 1 ÷ 3 = 100/3; n 3."""
    household = factories.family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1))
    refer(territory_a, household, on=date(2024, 5, 10), frm="MSSS", to="MFA")
    refer(territory_b, on=date(2024, 5, 1))
    result = qc("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (Fraction(100, 3), 3)


def test_province_loops_never_join_two_territories(territory_a, territory_b):
    """Code F1 on A (MFA→MSSS) and on B (MSSS→MFA 10 days later): two families, no loop
    → 0; n 2."""
    refer(territory_a, factories.family(territory_a, "F1"), on=date(2024, 5, 1))
    refer(
        territory_b, factories.family(territory_b, "F1"), on=date(2024, 5, 10), frm="MSSS", to="MFA"
    )
    result = qc("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (0, 2)


def test_province_formal_corridors_pool_the_corridors(territory_a, territory_b):
    """A: 1 formal of 1; B: 0 of 2 → 100 × 1 ÷ 3 = 100/3; n 3."""
    factories.corridor(
        territory_a,
        entry_point="Guichet",
        target_delay_days=2,
        consent_languages=["fr", "en"],
        transfer_template=True,
    )
    factories.corridor(territory_b)
    factories.corridor(territory_b)
    result = qc("L2_FORMAL_CORRIDORS_PCT")
    assert (result.value, result.n) == (Fraction(100, 3), 3)


# Lever 3


def test_province_turnover_pools_departures_and_headcounts(territory_a, territory_b):
    """A: stayer + leaver (ended 2024-09-30) → 1 departure, h(start) 2, h(end) 1; B: 3 stayers
    → h 3 and 3. Pooled: 100 × 1 ÷ ((5 + 4) ÷ 2) = 200/9; n 1."""
    factories.pap(territory_a, "MFA")
    factories.pap(territory_a, "MSSS", ended_on=date(2024, 9, 30))
    for sector in ("MFA", "MSSS", "MEQ"):
        factories.pap(territory_b, sector)
    result = qc("L3_TURNOVER_PCT")
    assert (result.value, result.n) == (Fraction(200, 9), 1)


def test_province_supervision_pools_hours_and_paps(territory_a, territory_b):
    """A: 1 PAP, 24 h; B: 3 PAPs, 12 h → 36 ÷ 4 ÷ 12 = 3/4; n 4."""
    factories.journal_entry(factories.pap(territory_a), "supervision", hours=Decimal("24"))
    one = factories.pap(territory_b, "MFA")
    factories.pap(territory_b, "MSSS")
    factories.pap(territory_b, "MEQ")
    factories.journal_entry(one, "supervision", hours=Decimal("12"))
    result = qc("L3_SUPERVISION_HOURS_PER_PAP_MONTH")
    assert (result.value, result.n) == (Fraction(3, 4), 4)


# Lever 4


def test_province_projects_are_the_sum(territory_a, territory_b):
    """A 1 supported + B 2 supported (and an unsupported) → 3; n 3."""
    factories.project(territory_a, supported=True)
    factories.project(territory_b, supported=True)
    factories.project(territory_b, supported=True)
    factories.project(territory_b, supported=False)
    result = qc("L4_PROJECTS")
    assert (result.value, result.n) == (3, 3)


def test_province_family_satisfaction_pools_the_answers(territory_a, territory_b):
    """A: 5, 5, 5, 5; B: 2, 2, 2 → 26 ÷ 7 = 26/7; n 7; < 4 → not_met."""
    for territory, scores in ((territory_a, [5, 5, 5, 5]), (territory_b, [2, 2, 2])):
        project = factories.project(territory)
        factories.survey_answers(territory, scores, kind="family", project=project)
    result = qc("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n, result.status) == (Fraction(26, 7), 7, "not_met")


# Lever 5


def test_province_adapted_corridors_sum_where_they_apply(territory_a, territory_b):
    """QC FY 2024 reports 10. A: no profile (not_applicable, 2 active corridors: adds nothing);
    B: reports 20 → child_protection; corridors [child_protection] ✓, [] ✗, [immigration] ✗
    → 1; n 3."""
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_b, 2024, reports_per_1000=Decimal("20"))
    factories.corridor(territory_a, priorities=["child_protection"])
    factories.corridor(territory_a, priorities=["child_protection"])
    factories.corridor(territory_b, priorities=["child_protection"])
    factories.corridor(territory_b, priorities=[])
    factories.corridor(territory_b, priorities=["immigration"])
    result = qc("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n) == (1, 3)


def test_province_profile_is_the_qc_profile_of_the_year(territory_a):
    """QC FY 2024: 100, 9.50, 20.00, 25.25, empty; A's own figures do not matter."""
    factories.profile(
        None,
        2024,
        screenings_agir_tot=100,
        reports_per_1000=Decimal("9.50"),
        out_of_network_pct=Decimal("20.00"),
        vulnerable_eqdem_pct=Decimal("25.25"),
    )
    factories.profile(territory_a, 2024, screenings_agir_tot=7, reports_per_1000=Decimal("1"))
    table = results()
    got = [(table.get("QC", code).value, table.get("QC", code).n) for code in PROFILE_CODES]
    assert got == [
        (100, None),
        (Fraction(19, 2), None),
        (20, None),
        (Fraction(101, 4), None),
        (None, None),
    ]
    assert table.get("QC", "L5_IMMIGRANT_FAMILIES_PCT").status == "not_applicable"


def test_province_profile_without_qc_is_the_mean_of_territory_profiles(territory_a, territory_b):
    """No QC FY 2024: A (100, 10, –), B (51, 13, –) → screenings 151/2, reports 23/2,
    immigrant empty everywhere → not_applicable."""
    factories.profile(territory_a, 2024, screenings_agir_tot=100, reports_per_1000=Decimal("10"))
    factories.profile(territory_b, 2024, screenings_agir_tot=51, reports_per_1000=Decimal("13"))
    table = results()
    assert table.get("QC", "L5_SCREENINGS").value == Fraction(151, 2)
    assert table.get("QC", "L5_REPORTS_PER_1000").value == Fraction(23, 2)
    immigrant = table.get("QC", "L5_IMMIGRANT_FAMILIES_PCT")
    assert (immigrant.value, immigrant.n, immigrant.status) == (None, None, "not_applicable")


def test_province_mean_skips_empty_values(territory_a, territory_b):
    """No QC FY 2024: A reports 10, B reports empty → 10 (not 5)."""
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_b, 2024, screenings_agir_tot=3)
    assert qc("L5_REPORTS_PER_1000").value == 10


def test_province_profile_falls_back_to_the_latest_earlier_year_with_one(territory_a):
    """QC FY 2022 reports 50; A FY 2023 reports 10; nothing for 2024 → FY 2023 has a profile
    (A's) → reference of 2023 = 10."""
    factories.profile(None, 2022, reports_per_1000=Decimal("50"))
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2025, reports_per_1000=Decimal("99"))
    assert qc("L5_REPORTS_PER_1000").value == 10


def test_province_profile_fallback_takes_the_whole_year(territory_a):
    """QC FY 2024 recorded without reports; QC FY 2023 reports 10 → reports not_applicable."""
    factories.profile(None, 2024, screenings_agir_tot=5)
    factories.profile(None, 2023, reports_per_1000=Decimal("10"))
    result = qc("L5_REPORTS_PER_1000")
    assert (result.value, result.status) == (None, "not_applicable")


def test_province_without_any_profile_is_not_applicable(territory_a):
    """No profile at all → the five QC values not_applicable, n empty."""
    table = results()
    got = {
        (table.get("QC", c).value, table.get("QC", c).n, table.get("QC", c).status)
        for c in PROFILE_CODES
    }
    assert got == {(None, None, "not_applicable")}


# Lever 6


def test_province_support_requests_pool_requests_and_paps(territory_a, territory_b):
    """A: 1 PAP, 2 requests; B: 1 PAP, none → 2 ÷ 2 ÷ 4 = 1/4; n 2."""
    one = factories.pap(territory_a)
    factories.journal_entry(one, "support_request", date=date(2024, 5, 1))
    factories.journal_entry(one, "support_request", date=date(2024, 6, 1))
    factories.pap(territory_b)
    result = qc("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER")
    assert (result.value, result.n) == (Fraction(1, 4), 2)


def test_province_pap_satisfaction_pools_the_answers(territory_a, territory_b):
    """A: 5, 5, 5; B: 2, 2, 2 → 21 ÷ 6 = 7/2; n 6; not_met."""
    factories.survey_answers(territory_a, [5, 5, 5])
    factories.survey_answers(territory_b, [2, 2, 2])
    result = qc("L6_PAP_SATISFACTION")
    assert (result.value, result.n, result.status) == (Fraction(7, 2), 6, "not_met")


# Selection


def test_province_rows_cover_every_territory_when_one_is_selected(territory_a, territory_b):
    """territories=["A"]: QC presentations still A 1 + B 2 = 3; A's own row 1."""
    factories.journal_entry(post(territory_a, "MFA"), "presentation_intra")
    other = post(territory_b, "MFA")
    factories.journal_entry(other, "presentation_intra", date=date(2024, 5, 1))
    factories.journal_entry(other, "presentation_inter", date=date(2024, 5, 1))
    table = results(["A"])
    assert table.get("QC", "L1_PRESENTATIONS").value == 3
    assert table.get("A", "L1_PRESENTATIONS").value == 1


def test_province_pooled_ratio_covers_every_territory_when_one_is_selected(
    territory_a, territory_b
):
    """territories=["A"]: QC delay pools A (1 d) and B (5 d) → 3; n 2."""
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_b, on=date(2024, 5, 1), taken=date(2024, 5, 6))
    result = qc("L2_HANDOFF_DELAY_DAYS", ["A"])
    assert (result.value, result.n) == (3, 2)


def test_rows_hold_every_indicator_of_the_selection_then_qc(territory_a, territory_b):
    """All territories: (2 + 1) × 19 rows; selection ["A"]: (1 + 1) × 19."""
    assert len(results().rows) == 3 * INDICATOR_COUNT
    assert len(results(["A"]).rows) == 2 * INDICATOR_COUNT


# Query count


def _territory_with_data(code):
    """A territory with a bit of everything the engine reads."""
    territory = factories.territory(code)
    one = factories.pap(territory, "MFA", populations=["pregnant"])
    two = factories.pap(territory, "MSSS", ended_on=date(2024, 9, 30))
    factories.journal_entry(one, "supervision", hours=Decimal("3"))
    factories.journal_entry(one, "support_request")
    factories.journal_entry(two, "presentation_inter")
    project = factories.project(territory, supported=True)
    factories.survey_answers(territory, [4, 5, 3])
    factories.survey_answers(territory, [4, 4, 4], kind="family", project=project)
    factories.corridor(territory, priorities=["child_protection"])
    factories.profile(territory, 2024, reports_per_1000=Decimal("12"))
    household = factories.family(territory)
    refer(territory, household, on=date(2024, 5, 1), taken=date(2024, 5, 3))
    refer(territory, household, on=date(2024, 5, 20), frm="MSSS", to="MFA")
    refer(territory, on=date(2024, 6, 1), status="lost")
    return territory


def _query_count():
    with CaptureQueriesContext(connection) as context:
        results()
    return len(context.captured_queries)


def test_compute_runs_the_same_number_of_queries_for_2_and_6_territories():
    """Set-based: the queries of compute do not grow with the territories (2 → 6)."""
    ReferenceFramework.current()
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    for code in "AB":
        _territory_with_data(code)
    results()  # warm up anything created on first use
    with_two = _query_count()
    for code in "CDEF":
        _territory_with_data(code)
    assert _query_count() == with_two
