"""Lever 6 — support requests and PAP satisfaction (DESIGN.md section 6), computed by hand.

P is the fiscal year 2024-2025 (2024-04-01 … 2025-03-31) and A 2025-06-01 unless a test says
otherwise. Quarters in P: 4 for a year, 1 for a quarter, 1/3 for a month.
"""

from datetime import date
from fractions import Fraction

import pytest

from indicators.compute import compute
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
AFTER = date(2025, 6, 1)


def row(code, territory="A", key=YEAR, as_of=AFTER):
    return compute(Period.parse(key), as_of=as_of, territories=None).get(territory, code)


def requests(position, *days):
    for day in days:
        factories.journal_entry(position, "support_request", date=day)


# L6_SUPPORT_REQUESTS_PER_PAP_QUARTER


def test_support_requests_per_pap_per_quarter_over_a_fiscal_year(territory_a, territory_b):
    """2 PAPs, 6 requests in P (P.start and P.end included); left out: 2024-03-31,
    2025-04-01, a supervision entry, B's request → 6 ÷ 2 ÷ 4 = 3/4; n 2."""
    one = factories.pap(territory_a, "MFA")
    two = factories.pap(territory_a, "MSSS")
    requests(one, date(2024, 4, 1), date(2024, 6, 1), date(2024, 9, 1))
    requests(two, date(2024, 12, 1), date(2025, 2, 1), date(2025, 3, 31))
    requests(one, date(2024, 3, 31), date(2025, 4, 1))
    factories.journal_entry(one, "supervision", date=date(2024, 5, 1), hours=2)
    requests(factories.pap(territory_b), date(2024, 5, 1))
    result = row("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER")
    assert (result.value, result.n, result.status) == (Fraction(3, 4), 2, "no_target")


def test_support_requests_over_a_quarter_divide_by_1(territory_a):
    """2024-2025-T3 (Oct–Dec), 1 PAP: 10-01 and 12-31 ✓, 09-30 ✗ → 2 ÷ 1 ÷ 1 = 2; n 1."""
    one = factories.pap(territory_a)
    requests(one, date(2024, 10, 1), date(2024, 12, 31), date(2024, 9, 30))
    result = row("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER", key="2024-2025-T3")
    assert (result.value, result.n) == (2, 1)


def test_support_requests_over_a_month_divide_by_a_third(territory_a):
    """2024-07, 2 PAPs, 1 request → 1 ÷ 2 ÷ (1/3) = 3/2; n 2."""
    one = factories.pap(territory_a, "MFA")
    factories.pap(territory_a, "MSSS")
    requests(one, date(2024, 7, 15), date(2024, 8, 1))
    result = row("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER", key="2024-07")
    assert (result.value, result.n) == (Fraction(3, 2), 2)


def test_support_requests_in_a_period_in_progress_count_quarters_by_months_begun(territory_a):
    """A = 2024-11-15: 8 months begun = 8/3 quarters; 4 requests up to A (one on A), one after
    → 4 ÷ 1 ÷ (8/3) = 3/2; n 1."""
    one = factories.pap(territory_a)
    requests(one, date(2024, 4, 1), date(2024, 6, 1), date(2024, 9, 1), date(2024, 11, 15))
    requests(one, date(2024, 11, 16))
    result = row("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER", as_of=date(2024, 11, 15))
    assert (result.value, result.n) == (Fraction(3, 2), 1)


def test_support_requests_of_a_position_without_assignment_still_count(territory_a):
    """Entries of any position of T: 1 request by the PAP + 1 on an unheld position
    → 2 ÷ 1 ÷ 4 = 1/2; n 1."""
    one = factories.pap(territory_a, "MFA")
    empty = factories.position(factories.organization(territory_a, "MSSS"))
    requests(one, date(2024, 5, 1))
    requests(empty, date(2024, 5, 1))
    result = row("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER")
    assert (result.value, result.n) == (Fraction(1, 2), 1)


def test_support_requests_without_pap_are_not_applicable(territory_a):
    """A request on a position nobody holds → no PAP: not_applicable, n 0."""
    requests(factories.position(factories.organization(territory_a)), date(2024, 5, 1))
    result = row("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_no_support_request_is_zero(territory_a):
    """1 PAP, no request → 0 ÷ 1 ÷ 4 = 0; n 1."""
    factories.pap(territory_a)
    result = row("L6_SUPPORT_REQUESTS_PER_PAP_QUARTER")
    assert (result.value, result.n) == (0, 1)


# L6_PAP_SATISFACTION


def test_pap_satisfaction_is_the_mean_of_pap_answers_in_the_period(territory_a, territory_b):
    """A: 5, 4, 3, 2 in P → 14/4 = 7/2; n 4; left out: a family answer, answers on
    2024-03-31 and 2025-04-01, B's answers. 7/2 < 4 → not_met."""
    factories.survey_answers(territory_a, [5, 4, 3, 2])
    factories.survey_answers(territory_a, [5], kind="family")
    factories.survey_answers(territory_a, [5], submitted_on=date(2024, 3, 31))
    factories.survey_answers(territory_a, [5], submitted_on=date(2025, 4, 1))
    factories.survey_answers(territory_b, [5, 5, 5])
    result = row("L6_PAP_SATISFACTION")
    assert (result.value, result.n, result.status) == (Fraction(7, 2), 4, "not_met")
    assert str(result.target) == ">=4"


def test_pap_satisfaction_exactly_on_its_target_meets_it(territory_a):
    """5, 4, 3 → 4; target ≥ 4 → met; n 3."""
    factories.survey_answers(territory_a, [5, 4, 3])
    result = row("L6_PAP_SATISFACTION")
    assert (result.value, result.n, result.status) == (4, 3, "met")


def test_pap_satisfaction_in_a_quarter(territory_a):
    """2024-2025-T2: 3, 3, 4 between 07-01 and 09-30 → 10/3; 5 on 06-30 left out; n 3."""
    factories.survey_answers(territory_a, [3, 3], submitted_on=date(2024, 7, 1))
    factories.survey_answers(territory_a, [4], submitted_on=date(2024, 9, 30))
    factories.survey_answers(territory_a, [5], submitted_on=date(2024, 6, 30))
    result = row("L6_PAP_SATISFACTION", key="2024-2025-T2")
    assert (result.value, result.n) == (Fraction(10, 3), 3)


def test_pap_satisfaction_without_answers_is_not_applicable(territory_a):
    """No PAP answer → not_applicable, n 0."""
    result = row("L6_PAP_SATISFACTION")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_target_override_to_no_target(territory_a):
    """An override of A with no comparison removes the ≥ 4 target: 5, 5, 5 → no_target."""
    factories.target("L6_PAP_SATISFACTION", territory_a, "", None)
    factories.survey_answers(territory_a, [5, 5, 5])
    result = row("L6_PAP_SATISFACTION")
    assert (result.value, result.status) == (5, "no_target")
    assert result.target is None or str(result.target) == ""
