"""Lever 2 — handoff delay, escapes, loops, formal corridors (DESIGN.md section 6).

Every expected value is worked out by hand from the referrals each test writes.
P is the fiscal year 2024-2025 (2024-04-01 … 2025-03-31) and A 2025-06-01 unless a test says
otherwise; C is the cohort (referrals of T referred in P, not cancelled).
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
Q1 = "2024-2025-T1"  # 2024-04-01 … 2024-06-30
JULY_1 = date(2024, 7, 1)  # as-of just after Q1: A − 2024-06-01 = 30 days, A − 2024-05-31 = 31


def results(key=YEAR, as_of=AFTER, territories=None):
    return compute(Period.parse(key), as_of=as_of, territories=territories)


def row(code, territory="A", key=YEAR, as_of=AFTER):
    return results(key, as_of).get(territory, code)


def refer(territory, family=None, *, on, taken=None, status=None, first=None, to="MSSS", **kw):
    """A referral ``kw.get('frm', 'MFA')`` → ``to`` referred ``on``, first contact ``first``."""
    fields = {
        "first_contact_on": first or on,
        "referred_on": on,
        "from_sector": kw.pop("frm", "MFA"),
        "to_sector": to,
    }
    if taken:
        fields["taken_in_charge_on"] = taken
    if status:
        fields["status"] = status
    return factories.referral(territory, family, **fields, **kw)


def family(territory, code=None):
    return factories.family(territory, code)


# L2_HANDOFF_DELAY_DAYS


def test_delay_is_the_mean_from_first_contact_to_taking_in_charge(territory_a):
    """Taken in charge: 2024-04-28→05-02 = 4 d, 06-01→06-02 = 1 d, 2024-03-20 (first contact
    before P, referred 04-05)→04-05 = 16 d; pending, declined and lost are left out
    → (4 + 1 + 16) ÷ 3 = 7; n 3; 7 > 2 → not_met."""
    refer(territory_a, on=date(2024, 5, 1), first=date(2024, 4, 28), taken=date(2024, 5, 2))
    refer(territory_a, on=date(2024, 6, 1), taken=date(2024, 6, 2))
    refer(territory_a, on=date(2024, 4, 5), first=date(2024, 3, 20), taken=date(2024, 4, 5))
    refer(territory_a, on=date(2024, 6, 1), status="pending")
    refer(territory_a, on=date(2024, 6, 1), status="declined")
    refer(territory_a, on=date(2024, 6, 1), status="lost")
    result = row("L2_HANDOFF_DELAY_DAYS")
    assert (result.value, result.n, result.status) == (7, 3, "not_met")
    assert str(result.target) == "<=2"


def test_delay_leaves_out_referrals_taken_in_charge_after_as_of(territory_a):
    """A = 2024-06-10: 05-01→05-04 = 3 d ✓; referred 06-01, taken in charge 06-20 (after A) ✗
    → 3; n 1."""
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 4))
    refer(territory_a, on=date(2024, 6, 1), taken=date(2024, 6, 20))
    result = row("L2_HANDOFF_DELAY_DAYS", as_of=date(2024, 6, 10))
    assert (result.value, result.n) == (3, 1)


def test_referral_taken_in_charge_after_as_of_stays_in_the_cohort(territory_a):
    """Same data, A = 2024-06-10: C still holds both referrals (two families) → loop n 2,
    escape n 2."""
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 4))
    refer(territory_a, on=date(2024, 6, 1), taken=date(2024, 6, 20))
    table = results(as_of=date(2024, 6, 10))
    assert table.get("A", "L2_LOOP_RATE_PCT").n == 2
    assert table.get("A", "L2_ESCAPE_RATE_PCT").n == 2


def test_delay_cohort_takes_the_first_and_last_day_of_the_period(territory_a):
    """Referred 2024-04-01 (2 d) ✓ and 2025-03-31 (2 d) ✓; 2024-03-31 (10 d) and
    2025-04-01 (10 d) ✗ → 2; n 2; exactly on ≤ 2 → met."""
    refer(territory_a, on=date(2024, 4, 1), taken=date(2024, 4, 3))
    refer(territory_a, on=date(2025, 3, 31), taken=date(2025, 4, 2))
    refer(territory_a, on=date(2024, 3, 31), taken=date(2024, 4, 10))
    refer(territory_a, on=date(2025, 4, 1), taken=date(2025, 4, 11))
    result = row("L2_HANDOFF_DELAY_DAYS")
    assert (result.value, result.n, result.status) == (2, 2, "met")


def test_cohort_leaves_out_cancelled_referrals(territory_a):
    """Two pending and one cancelled referral in P (three families) → |C| 2: loop n 2,
    escape n 2."""
    refer(territory_a, on=date(2024, 5, 1))
    refer(territory_a, on=date(2024, 6, 1))
    refer(territory_a, on=date(2024, 6, 1), status="cancelled")
    table = results()
    assert table.get("A", "L2_LOOP_RATE_PCT").n == 2
    assert table.get("A", "L2_ESCAPE_RATE_PCT").n == 2


def test_cohort_ends_at_as_of_in_a_period_in_progress(territory_a):
    """A = 2024-11-15: referred on A ✓, the day after ✗ → |C| 1."""
    refer(territory_a, on=date(2024, 11, 15))
    refer(territory_a, on=date(2024, 11, 16))
    assert row("L2_LOOP_RATE_PCT", as_of=date(2024, 11, 15)).n == 1


def test_delay_without_referral_taken_in_charge_is_not_applicable(territory_a):
    """One pending referral → no delay to average: not_applicable, n 0."""
    refer(territory_a, on=date(2024, 5, 1))
    result = row("L2_HANDOFF_DELAY_DAYS")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_delay_mean_can_be_a_fraction(territory_a):
    """Delays 1, 1, 3 → 5/3; n 3; 5/3 ≤ 2 → met."""
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 4))
    result = row("L2_HANDOFF_DELAY_DAYS")
    assert (result.value, result.n, result.status) == (Fraction(5, 3), 3, "met")


def test_per_territory_target_overrides_the_default(territory_a, territory_b):
    """A and B both average 2 d. A's override ≤ 1 → A not_met "<=1"; B keeps ≤ 2 → met "<=2"."""
    factories.target("L2_HANDOFF_DELAY_DAYS", territory_a, "<=", Decimal("1"))
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 3))
    refer(territory_b, on=date(2024, 5, 1), taken=date(2024, 5, 3))
    table = results()
    a, b = table.get("A", "L2_HANDOFF_DELAY_DAYS"), table.get("B", "L2_HANDOFF_DELAY_DAYS")
    assert (a.value, a.status, str(a.target)) == (2, "not_met", "<=1")
    assert (b.value, b.status, str(b.target)) == (2, "met", "<=2")


def test_status_compares_the_unrounded_value(territory_a):
    """A's override ≤ 33.33; 3 families, 1 lost → 100/3 = 33.333… > 33.33 → not_met (the
    value rounded to 33.33 would have met it)."""
    factories.target("L2_ESCAPE_RATE_PCT", territory_a, "<=", Decimal("33.33"))
    refer(territory_a, on=date(2024, 5, 1), status="lost")
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.status, str(result.target)) == (
        Fraction(100, 3),
        "not_met",
        "<=33.33",
    )


def test_not_applicable_wins_over_the_target(territory_a):
    """Delay has a ≤ 2 target, but no referral taken in charge → not_applicable, target kept."""
    refer(territory_a, on=date(2024, 5, 1))
    result = row("L2_HANDOFF_DELAY_DAYS")
    assert (result.status, str(result.target)) == ("not_applicable", "<=2")


# L2_ESCAPE_RATE_PCT


def test_escape_counts_pending_referral_after_30_days(territory_a):
    """Q1, A = 2024-07-01: F1 pending since 05-31 (31 d) escaped; F2 pending since 06-01
    (30 d, not > 30) not → 100 × 1 ÷ 2 = 50; n 2."""
    refer(territory_a, on=date(2024, 5, 31))
    refer(territory_a, on=date(2024, 6, 1))
    result = row("L2_ESCAPE_RATE_PCT", key=Q1, as_of=JULY_1)
    assert (result.value, result.n, result.status) == (50, 2, "not_met")


def test_escape_counts_declined_referral_after_30_days(territory_a):
    """Q1, A = 2024-07-01: F1 declined 05-31 (31 d) escaped; F2 declined 06-01 (30 d) not
    → 50; n 2."""
    refer(territory_a, on=date(2024, 5, 31), status="declined")
    refer(territory_a, on=date(2024, 6, 1), status="declined")
    result = row("L2_ESCAPE_RATE_PCT", key=Q1, as_of=JULY_1)
    assert (result.value, result.n) == (50, 2)


def test_escape_counts_a_lost_referral_at_once(territory_a):
    """Q1, A = 2024-07-01: F1 lost on 06-30 (1 d) escaped; F2 taken in charge → 50; n 2."""
    refer(territory_a, on=date(2024, 6, 30), status="lost")
    refer(territory_a, on=date(2024, 6, 30), taken=date(2024, 6, 30))
    result = row("L2_ESCAPE_RATE_PCT", key=Q1, as_of=JULY_1)
    assert (result.value, result.n) == (50, 2)


def test_lost_referral_escapes_even_when_a_later_one_is_taken_in_charge(territory_a):
    """F1: lost 05-01, then referred 05-10 and taken in charge 05-12 → lost is always
    escaped → 100 × 1 ÷ 1 = 100; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1), status="lost")
    refer(territory_a, household, on=date(2024, 5, 10), taken=date(2024, 5, 12), to="MEQ")
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (100, 1)


def test_later_referral_taken_in_charge_prevents_escape(territory_a):
    """F1 pending 05-01 then referred 06-01, taken in charge 06-03 → not escaped; F2 pending
    05-01 alone → escaped → 100 × 1 ÷ 2 = 50; n 2."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1))
    refer(territory_a, household, on=date(2024, 6, 1), taken=date(2024, 6, 3), to="MEQ")
    refer(territory_a, on=date(2024, 5, 1))
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (50, 2)


def test_same_day_referral_taken_in_charge_prevents_escape(territory_a):
    """F1 pending 05-01 and referred the same day elsewhere, taken in charge 05-02
    (referred_on ≥ r.referred_on) → 0; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1))
    refer(territory_a, household, on=date(2024, 5, 1), taken=date(2024, 5, 2), to="MEQ")
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n, result.status) == (0, 1, "met")


def test_referral_after_the_period_taken_in_charge_before_as_of_prevents_escape(territory_a):
    """F1 pending 2025-01-10; referred 2025-04-10 (after P, outside C), taken in charge
    2025-04-15 ≤ A → not escaped → 0; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2025, 1, 10))
    refer(territory_a, household, on=date(2025, 4, 10), taken=date(2025, 4, 15), to="MEQ")
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (0, 1)


def test_referral_before_the_period_taken_in_charge_does_not_prevent_escape(territory_a):
    """F1 referred 2024-03-20 (before P and before r), taken in charge 2024-06-15; r pending
    2024-05-01: the earlier one has referred_on < r.referred_on → r escaped → 100; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 3, 20), taken=date(2024, 6, 15), to="MEQ")
    refer(territory_a, household, on=date(2024, 5, 1))
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (100, 1)


def test_later_referral_taken_in_charge_after_as_of_does_not_prevent_escape(territory_a):
    """F1 pending 2024-05-01; referred 2024-06-01, taken in charge 2025-07-01 (after A)
    → r still escaped → 100; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1))
    refer(territory_a, household, on=date(2024, 6, 1), taken=date(2025, 7, 1), to="MEQ")
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (100, 1)


def test_referral_of_another_family_does_not_prevent_escape(territory_a):
    """F1 pending 05-01; F2 referred 06-01, taken in charge 06-02 → F1 escaped → 50; n 2."""
    refer(territory_a, on=date(2024, 5, 1))
    refer(territory_a, on=date(2024, 6, 1), taken=date(2024, 6, 2))
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (50, 2)


def test_family_with_two_escaped_referrals_counts_once(territory_a):
    """F1 lost twice; F2 and F3 taken in charge → 100 × 1 ÷ 3 = 100/3; n 3."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1), status="lost")
    refer(territory_a, household, on=date(2024, 6, 1), status="lost", to="MEQ")
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (Fraction(100, 3), 3)


def test_escaped_referral_outside_the_cohort_does_not_count(territory_a):
    """F1 lost 2024-03-01 (before P) and taken in charge in P → F1 not escaped; F2 has only a
    cancelled referral → not in C → 0; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 3, 1), status="lost")
    refer(territory_a, household, on=date(2024, 5, 1), taken=date(2024, 5, 2), to="MEQ")
    refer(territory_a, on=date(2024, 5, 1), status="cancelled")
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n) == (0, 1)


def test_escape_with_an_empty_cohort_is_not_applicable(territory_a):
    """Only a cancelled referral → no family in C: not_applicable, n 0."""
    refer(territory_a, on=date(2024, 5, 1), status="cancelled")
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_escape_exactly_on_its_target_misses_it(territory_a):
    """10 families, one lost → 100 × 1 ÷ 10 = 10; target < 10 → not_met ("<10")."""
    refer(territory_a, on=date(2024, 5, 1), status="lost")
    for _ in range(9):
        refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    result = row("L2_ESCAPE_RATE_PCT")
    assert (result.value, result.n, result.status) == (10, 10, "not_met")
    assert str(result.target) == "<10"


def test_escape_days_setting_moves_the_boundary(territory_a, settings):
    """ESCAPE_DAYS 10, Q1, A = 2024-07-01: pending since 06-20 (11 d) escaped, since 06-21
    (10 d) not → 50; n 2."""
    settings.ESCAPE_DAYS = 10
    refer(territory_a, on=date(2024, 6, 20))
    refer(territory_a, on=date(2024, 6, 21))
    result = row("L2_ESCAPE_RATE_PCT", key=Q1, as_of=JULY_1)
    assert (result.value, result.n) == (50, 2)


# L2_LOOP_RATE_PCT


def test_loop_is_a_return_to_the_sender(territory_a):
    """F1: MFA→MSSS 05-01 then MSSS→MFA 06-01 → the second is a loop → 100 × 1 ÷ 2 = 50;
    n 2."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1), frm="MFA", to="MSSS")
    refer(territory_a, household, on=date(2024, 6, 1), frm="MSSS", to="MFA")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n, result.status) == (50, 2, "no_target")


def test_loops_count_in_both_directions(territory_a):
    """F1: MSSS→MEQ 05-01, MEQ→MSSS 05-10 (loop), MSSS→MEQ 05-20 (loop) → 100 × 2 ÷ 3 = 200/3;
    n 3."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1), frm="MSSS", to="MEQ")
    refer(territory_a, household, on=date(2024, 5, 10), frm="MEQ", to="MSSS")
    refer(territory_a, household, on=date(2024, 5, 20), frm="MSSS", to="MEQ")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (Fraction(200, 3), 3)


def test_loop_at_90_days_counts_and_at_91_does_not(territory_a):
    """F1: MFA→MSSS 05-01, back 07-30 (90 d) → loop; F2: MFA→MSSS 05-01, back 07-31 (91 d)
    → not → 100 × 1 ÷ 4 = 25; n 4."""
    first, second = family(territory_a), family(territory_a)
    refer(territory_a, first, on=date(2024, 5, 1))
    refer(territory_a, first, on=date(2024, 7, 30), frm="MSSS", to="MFA")
    refer(territory_a, second, on=date(2024, 5, 1))
    refer(territory_a, second, on=date(2024, 7, 31), frm="MSSS", to="MFA")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (25, 4)


def test_loop_with_first_referral_before_the_period(territory_a):
    """F1: MFA→MSSS 2024-03-15 (before P, outside C), MSSS→MFA 2024-04-10 → loop
    → 100 × 1 ÷ 1 = 100; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 3, 15))
    refer(territory_a, household, on=date(2024, 4, 10), frm="MSSS", to="MFA")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (100, 1)


def test_loop_with_a_cancelled_first_referral(territory_a):
    """F1: MFA→MSSS 05-01 cancelled (outside C, still an r0), MSSS→MFA 05-20 → loop
    → 100; n 1."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1), status="cancelled")
    refer(territory_a, household, on=date(2024, 5, 20), frm="MSSS", to="MFA")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (100, 1)


def test_same_direction_is_not_a_loop(territory_a):
    """F1: MFA→MSSS 05-01 and MFA→MSSS 05-20 → 0; n 2."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1))
    refer(territory_a, household, on=date(2024, 5, 20))
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (0, 2)


def test_onward_referral_to_a_third_sector_is_not_a_loop(territory_a):
    """F1: MFA→MSSS 05-01 then MSSS→MEQ 05-20 → 0; n 2."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1))
    refer(territory_a, household, on=date(2024, 5, 20), frm="MSSS", to="MEQ")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (0, 2)


def test_same_day_return_is_not_a_loop(territory_a):
    """F1: MFA→MSSS and MSSS→MFA both on 05-01: r0.referred_on < r.referred_on fails both
    ways → 0; n 2."""
    household = family(territory_a)
    refer(territory_a, household, on=date(2024, 5, 1))
    refer(territory_a, household, on=date(2024, 5, 1), frm="MSSS", to="MFA")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (0, 2)


def test_return_by_another_family_is_not_a_loop(territory_a):
    """F1: MFA→MSSS 05-01; F2: MSSS→MFA 05-20 → 0; n 2."""
    refer(territory_a, on=date(2024, 5, 1))
    refer(territory_a, on=date(2024, 5, 20), frm="MSSS", to="MFA")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (0, 2)


def test_loop_with_an_empty_cohort_is_not_applicable(territory_a):
    """No referral → |C| 0: not_applicable, n 0."""
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_loop_days_setting_moves_the_boundary(territory_a, settings):
    """LOOP_DAYS 10: F1 back after 10 d → loop; F2 back after 11 d → not → 25; n 4."""
    settings.LOOP_DAYS = 10
    first, second = family(territory_a), family(territory_a)
    refer(territory_a, first, on=date(2024, 5, 1))
    refer(territory_a, first, on=date(2024, 5, 11), frm="MSSS", to="MFA")
    refer(territory_a, second, on=date(2024, 5, 1))
    refer(territory_a, second, on=date(2024, 5, 12), frm="MSSS", to="MFA")
    result = row("L2_LOOP_RATE_PCT")
    assert (result.value, result.n) == (25, 4)


# L2_FORMAL_CORRIDORS_PCT

FORMAL = {
    "entry_point": "Accueil psychosocial du CLSC",
    "target_delay_days": 2,
    "consent_languages": ["fr", "en"],
    "transfer_template": True,
}


@pytest.mark.parametrize(
    "missing",
    [
        {"entry_point": ""},
        {"target_delay_days": None},
        {"consent_languages": ["fr"]},
        {"transfer_template": False},
    ],
    ids=["no-entry-point", "no-target-delay", "one-consent-language", "no-transfer-template"],
)
def test_formal_corridor_needs_each_of_the_four_criteria(territory_a, missing):
    """A formal corridor and one lacking a single criterion → 100 × 1 ÷ 2 = 50; n 2."""
    factories.corridor(territory_a, **FORMAL)
    factories.corridor(territory_a, **{**FORMAL, **missing})
    result = row("L2_FORMAL_CORRIDORS_PCT")
    assert (result.value, result.n, result.status) == (50, 2, "no_target")


def test_formal_corridors_count_two_consent_languages_or_more(territory_a):
    """Formal with {fr, en} and with {fr, en, es, ar} → 100 × 2 ÷ 2 = 100; n 2."""
    factories.corridor(territory_a, **FORMAL)
    factories.corridor(territory_a, **{**FORMAL, "consent_languages": ["fr", "en", "es", "ar"]})
    result = row("L2_FORMAL_CORRIDORS_PCT")
    assert (result.value, result.n) == (100, 2)


def test_formal_corridors_leave_out_inactive_corridors(territory_a):
    """Active: formal from P.end, formal until P.start, informal → 100 × 2 ÷ 3 = 200/3; n 3.
    Inactive (formal until the day before P, formal from the day after P) left out."""
    factories.corridor(territory_a, **FORMAL, active_from=date(2025, 3, 31))
    factories.corridor(
        territory_a, **FORMAL, active_from=date(2023, 4, 1), active_to=date(2024, 4, 1)
    )
    factories.corridor(territory_a)
    factories.corridor(
        territory_a, **FORMAL, active_from=date(2023, 4, 1), active_to=date(2024, 3, 31)
    )
    factories.corridor(territory_a, **FORMAL, active_from=date(2025, 4, 1))
    result = row("L2_FORMAL_CORRIDORS_PCT")
    assert (result.value, result.n) == (Fraction(200, 3), 3)


def test_formal_corridors_cut_a_period_in_progress_at_as_of(territory_a):
    """A = 2024-11-15: formal from A ✓; informal from the day after A ✗ → 100; n 1."""
    factories.corridor(territory_a, **FORMAL, active_from=date(2024, 11, 15))
    factories.corridor(territory_a, active_from=date(2024, 11, 16))
    result = row("L2_FORMAL_CORRIDORS_PCT", as_of=date(2024, 11, 15))
    assert (result.value, result.n) == (100, 1)


def test_formal_corridors_without_an_active_corridor_are_not_applicable(territory_a):
    """No active corridor → not_applicable, n 0."""
    factories.corridor(territory_a, **FORMAL, active_from=date(2025, 4, 1))
    result = row("L2_FORMAL_CORRIDORS_PCT")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")
