"""Lever 5 — socio-health profile, triggered priorities, adapted corridors (DESIGN.md
section 6), computed by hand.

P is the fiscal year 2024-2025 (fiscal year 2024) and A 2025-06-01 unless a test says otherwise.
A profile's ``fiscal_year`` is the year its fiscal year starts (2024 for 2024-2025).
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from indicators.compute import compute
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
AFTER = date(2025, 6, 1)
PROFILE_CODES = [
    "L5_SCREENINGS",
    "L5_REPORTS_PER_1000",
    "L5_OUT_OF_NETWORK_PCT",
    "L5_VULNERABLE_PCT",
    "L5_IMMIGRANT_FAMILIES_PCT",
]


def results(key=YEAR, as_of=AFTER):
    return compute(Period.parse(key), as_of=as_of, territories=None)


def row(code, territory="A", key=YEAR, as_of=AFTER):
    return results(key, as_of).get(territory, code)


def corridors(territory, *priority_lists, **fields):
    for priorities in priority_lists:
        factories.corridor(territory, priorities=list(priorities), **fields)


# L5 profile values


def test_profile_values_are_those_of_the_fiscal_year(territory_a):
    """FY 2024: 120, 10.50, 30.25, 28.00, 12.40 (FY 2023's other figures ignored); n empty."""
    factories.profile(
        territory_a,
        2024,
        screenings_agir_tot=120,
        reports_per_1000=Decimal("10.50"),
        out_of_network_pct=Decimal("30.25"),
        vulnerable_eqdem_pct=Decimal("28.00"),
        immigrant_families_pct=Decimal("12.40"),
    )
    factories.profile(territory_a, 2023, screenings_agir_tot=1, reports_per_1000=Decimal("1"))
    table = results()
    got = [(table.get("A", code).value, table.get("A", code).n) for code in PROFILE_CODES]
    expected = [Fraction(120), Fraction(21, 2), Fraction(121, 4), Fraction(28), Fraction(62, 5)]
    assert got == [(value, None) for value in expected]
    assert {table.get("A", code).status for code in PROFILE_CODES} == {"no_target"}


def test_empty_profile_value_is_not_applicable(territory_a):
    """FY 2024 with immigrant_families_pct empty → that value not_applicable, n empty."""
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("10"))
    result = row("L5_IMMIGRANT_FAMILIES_PCT")
    assert (result.value, result.n, result.status) == (None, None, "not_applicable")


def test_profile_falls_back_to_the_latest_earlier_year(territory_a):
    """FY 2022 (5), FY 2023 (7), FY 2025 (99), none for 2024 → FY 2023: 7."""
    factories.profile(territory_a, 2022, reports_per_1000=Decimal("5"))
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("7"))
    factories.profile(territory_a, 2025, reports_per_1000=Decimal("99"))
    result = row("L5_REPORTS_PER_1000")
    assert (result.value, result.n, result.status) == (7, None, "no_target")


def test_fallback_takes_the_whole_profile_not_single_values(territory_a):
    """FY 2024 has screenings 50 and no reports; FY 2023 has reports 12 → reports stay
    not_applicable (not 12); screenings 50."""
    factories.profile(territory_a, 2024, screenings_agir_tot=50)
    factories.profile(territory_a, 2023, screenings_agir_tot=1, reports_per_1000=Decimal("12"))
    table = results()
    reports = table.get("A", "L5_REPORTS_PER_1000")
    assert (reports.value, reports.status) == (None, "not_applicable")
    assert table.get("A", "L5_SCREENINGS").value == 50


def test_no_profile_makes_the_five_values_not_applicable(territory_a):
    """Only a later profile (FY 2025) → no profile for 2024 or before: all five
    not_applicable, n empty."""
    factories.profile(territory_a, 2025, screenings_agir_tot=10, reports_per_1000=Decimal("1"))
    table = results()
    got = {
        (table.get("A", c).value, table.get("A", c).n, table.get("A", c).status)
        for c in PROFILE_CODES
    }
    assert got == {(None, None, "not_applicable")}


def test_profile_of_a_month_is_that_of_its_fiscal_year(territory_a):
    """2025-02 is in fiscal year 2024-2025 → FY 2024 (10), not FY 2025 (20)."""
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2025, reports_per_1000=Decimal("20"))
    assert row("L5_REPORTS_PER_1000", key="2025-02").value == 10


def test_profile_of_a_quarter_is_that_of_its_fiscal_year(territory_a):
    """2024-2025-T4 (Jan–Mar 2025) → FY 2024 (10)."""
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2025, reports_per_1000=Decimal("20"))
    assert row("L5_REPORTS_PER_1000", key="2024-2025-T4").value == 10


# L5_ADAPTED_CORRIDORS and triggered priorities


def test_adapted_corridors_answer_a_triggered_priority(territory_a):
    """QC FY 2024 reports 10, A 11 = 10 × 1.1 → child_protection triggered (≥). Active
    corridors: [child_protection] ✓, [immigration] ✗, [] ✗, [child_protection, immigration] ✓;
    an inactive [child_protection] left out → 2; n 4."""
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("11"))
    corridors(territory_a, ["child_protection"], ["immigration"], [])
    corridors(territory_a, ["child_protection", "immigration"])
    corridors(territory_a, ["child_protection"], active_to=date(2024, 3, 31))
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n, result.status) == (2, 4, "no_target")


def test_priority_just_below_the_margin_is_not_triggered(territory_a):
    """QC 10, A 10.99 < 11 → nothing triggered → 0; n 1."""
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("10.99"))
    corridors(territory_a, ["child_protection"])
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n) == (0, 1)


def test_priority_comparison_rounds_both_sides_to_6_decimals(territory_a, settings):
    """PRIORITY_MARGIN 0.10000004: reference side 10 × 1.10000004 = 11.0000004 → 11.000000;
    A 11 ≥ 11.000000 → triggered → 1 (unrounded, 11 < 11.0000004 would not be)."""
    settings.PRIORITY_MARGIN = Decimal("0.10000004")
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("11"))
    corridors(territory_a, ["child_protection"])
    assert row("L5_ADAPTED_CORRIDORS").value == 1


def test_priority_margin_setting_is_used(territory_a, settings):
    """PRIORITY_MARGIN 0.20: QC 10 → threshold 12; A 11 → not triggered → 0."""
    settings.PRIORITY_MARGIN = Decimal("0.20")
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("11"))
    corridors(territory_a, ["child_protection"])
    assert row("L5_ADAPTED_CORRIDORS").value == 0


def test_each_priority_follows_its_own_profile_value(territory_a):
    """QC: reports 10, out 20, vulnerable 30, immigrant 10. A: reports 5 ✗, out 22 ✓ (= 22),
    vulnerable 33 ✓ (= 33), immigrant 10.99 ✗ (< 11). Corridors [out_of_network] ✓,
    [vulnerability] ✓, [immigration] ✗, [child_protection] ✗ → 2; n 4."""
    factories.profile(
        None,
        2024,
        reports_per_1000=Decimal("10"),
        out_of_network_pct=Decimal("20"),
        vulnerable_eqdem_pct=Decimal("30"),
        immigrant_families_pct=Decimal("10"),
    )
    factories.profile(
        territory_a,
        2024,
        reports_per_1000=Decimal("5"),
        out_of_network_pct=Decimal("22"),
        vulnerable_eqdem_pct=Decimal("33"),
        immigrant_families_pct=Decimal("10.99"),
    )
    corridors(territory_a, ["out_of_network"], ["vulnerability"], ["immigration"])
    corridors(territory_a, ["child_protection"])
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n) == (2, 4)


def test_immigration_priority_follows_immigrant_families(territory_a):
    """QC immigrant 10, A 11 → immigration triggered: [immigration] ✓, [vulnerability] ✗
    → 1; n 2."""
    factories.profile(None, 2024, immigrant_families_pct=Decimal("10"))
    factories.profile(territory_a, 2024, immigrant_families_pct=Decimal("11"))
    corridors(territory_a, ["immigration"], ["vulnerability"])
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n) == (1, 2)


def test_reference_without_qc_profile_is_the_mean_of_territory_profiles(territory_a, territory_b):
    """No QC FY 2024; A 20, B 12, C empty (skipped) → reference 16, threshold 17.6:
    A ✓ → 1; B ✗ → 0 (counting C as 0 would give 32/3 × 1.1 ≈ 11.7 and trigger B)."""
    territory_c = factories.territory("C")
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("20"))
    factories.profile(territory_b, 2024, reports_per_1000=Decimal("12"))
    factories.profile(territory_c, 2024, screenings_agir_tot=5)
    corridors(territory_a, ["child_protection"])
    corridors(territory_b, ["child_protection"])
    table = results()
    assert table.get("A", "L5_ADAPTED_CORRIDORS").value == 1
    assert table.get("B", "L5_ADAPTED_CORRIDORS").value == 0


def test_reference_is_the_qc_profile_when_one_is_recorded(territory_a, territory_b):
    """QC FY 2024 reports 30 (threshold 33); A 20, B 12 (mean 16 would give 17.6) → A ✗ → 0."""
    factories.profile(None, 2024, reports_per_1000=Decimal("30"))
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("20"))
    factories.profile(territory_b, 2024, reports_per_1000=Decimal("12"))
    corridors(territory_a, ["child_protection"])
    assert row("L5_ADAPTED_CORRIDORS").value == 0


def test_empty_value_of_the_qc_profile_triggers_nothing(territory_a, territory_b):
    """QC FY 2024 recorded with reports empty → the reference's reports are empty (the
    territories' mean, 15, is not used) → A 20 triggers nothing → 0; n 1."""
    factories.profile(None, 2024, screenings_agir_tot=100)
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("20"))
    factories.profile(territory_b, 2024, reports_per_1000=Decimal("10"))
    corridors(territory_a, ["child_protection"])
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n) == (0, 1)


def test_empty_value_of_the_territory_triggers_nothing(territory_a):
    """QC reports 10, A's profile without reports → nothing triggered → 0; n 1."""
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2024, screenings_agir_tot=10)
    corridors(territory_a, ["child_protection"])
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n, result.status) == (0, 1, "no_target")


def test_triggers_compare_with_the_reference_of_the_profiles_own_year(territory_a):
    """A has only FY 2023 (reports 11); QC FY 2023 10 (threshold 11 ✓), QC FY 2024 100
    (threshold 110 ✗) → FY 2023's reference → 1."""
    factories.profile(None, 2023, reports_per_1000=Decimal("10"))
    factories.profile(None, 2024, reports_per_1000=Decimal("100"))
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("11"))
    corridors(territory_a, ["child_protection"])
    assert row("L5_ADAPTED_CORRIDORS").value == 1


def test_own_year_reference_mean_uses_that_years_territory_profiles(territory_a, territory_b):
    """No QC profile. FY 2023: A 11, B 9 → mean 10, threshold 11; FY 2024: B 50 only.
    A's profile is FY 2023 (fallback) → compared with 11 → triggered → 1."""
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("11"))
    factories.profile(territory_b, 2023, reports_per_1000=Decimal("9"))
    factories.profile(territory_b, 2024, reports_per_1000=Decimal("50"))
    corridors(territory_a, ["child_protection"])
    assert row("L5_ADAPTED_CORRIDORS").value == 1


def test_adapted_corridors_without_profile_are_not_applicable(territory_a):
    """No profile for A → not_applicable; n = the 2 active corridors."""
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    corridors(territory_a, ["child_protection"], ["immigration"])
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n, result.status) == (None, 2, "not_applicable")


def test_adapted_corridors_without_active_corridor_are_zero(territory_a):
    """A profile, no active corridor → 0; n 0."""
    factories.profile(None, 2024, reports_per_1000=Decimal("10"))
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("20"))
    result = row("L5_ADAPTED_CORRIDORS")
    assert (result.value, result.n, result.status) == (0, 0, "no_target")
