"""Lever 3 — turnover and supervision (DESIGN.md section 6), computed by hand.

P is the fiscal year 2024-2025 (2024-04-01 … 2025-03-31) and A 2025-06-01 unless a test says
otherwise. h(d) counts assignments with started_on ≤ d and (ended_on null or ≥ d).
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
IN_PROGRESS = date(2024, 11, 15)  # 8 months of 2024-2025 begun (April … November)


def row(code, territory="A", key=YEAR, as_of=AFTER):
    return compute(Period.parse(key), as_of=as_of, territories=None).get(territory, code)


def post(territory, sector="MFA"):
    return factories.position(factories.organization(territory, sector))


def held(position, person, started, ended=None):
    return factories.assignment(position, person=person, started_on=started, ended_on=ended)


# L3_TURNOVER_PCT


def test_turnover_divides_departures_by_the_mean_headcount(territory_a, territory_b):
    """Two stayers; a leaver (ended 2024-09-30) and their replacement (from 2024-10-01):
    h(P.start) 3, h(P.end) 3, 1 departure → 100 × 1 ÷ 3 = 100/3; n 1. B's departure is B's."""
    held(post(territory_a), "S1", date(2023, 4, 1))
    held(post(territory_a), "S2", date(2023, 4, 1))
    shared = post(territory_a)
    held(shared, "L1", date(2023, 4, 1), date(2024, 9, 30))
    held(shared, "R1", date(2024, 10, 1))
    held(post(territory_b), "B1", date(2023, 4, 1), date(2024, 6, 30))
    result = row("L3_TURNOVER_PCT")
    assert (result.value, result.n, result.status) == (Fraction(100, 3), 1, "no_target")


def test_turnover_counts_assignments_at_the_period_edges(territory_a):
    """a: 2023-01-01→2024-04-01 (departure; in h(start)); b: 2024-05-01→2025-03-31 (departure;
    in h(end)); c: →2024-03-31 (nothing); d: from 2025-03-31 (h(end)); e: from 2025-04-01
    (nothing); f: 2023-01-01→2025-04-15 (both h, no departure).
    h(start) 2, h(end) 3, 2 departures → 200 ÷ (5/2) = 80; n 2."""
    held(post(territory_a), "a", date(2023, 1, 1), date(2024, 4, 1))
    held(post(territory_a), "b", date(2024, 5, 1), date(2025, 3, 31))
    held(post(territory_a), "c", date(2023, 1, 1), date(2024, 3, 31))
    held(post(territory_a), "d", date(2025, 3, 31))
    held(post(territory_a), "e", date(2025, 4, 1))
    held(post(territory_a), "f", date(2023, 1, 1), date(2025, 4, 15))
    result = row("L3_TURNOVER_PCT")
    assert (result.value, result.n) == (80, 2)


def test_turnover_cuts_a_period_in_progress_at_as_of(territory_a):
    """A = 2024-11-15: a ends 2024-12-01 (after A: no departure; in h(start) and h(A));
    b ends 2024-10-01 (departure; in h(start)); c starts 2024-12-01 (in neither)
    → h(start) 2, h(A) 1, 1 departure → 100 ÷ (3/2) = 200/3; n 1."""
    held(post(territory_a), "a", date(2023, 4, 1), date(2024, 12, 1))
    held(post(territory_a), "b", date(2023, 4, 1), date(2024, 10, 1))
    held(post(territory_a), "c", date(2024, 12, 1))
    result = row("L3_TURNOVER_PCT", as_of=IN_PROGRESS)
    assert (result.value, result.n) == (Fraction(200, 3), 1)


def test_turnover_over_a_quarter_uses_the_quarters_first_and_last_day(territory_a):
    """2024-2025-T2 (07-01 … 09-30): a stays; b ends 07-01 (departure, in h(start));
    c starts 09-30 (in h(end)); d ends 06-30 (nothing) → h(start) 2, h(end) 2,
    1 departure → 100 ÷ 2 = 50; n 1."""
    held(post(territory_a), "a", date(2023, 4, 1))
    held(post(territory_a), "b", date(2023, 4, 1), date(2024, 7, 1))
    held(post(territory_a), "c", date(2024, 9, 30))
    held(post(territory_a), "d", date(2023, 4, 1), date(2024, 6, 30))
    result = row("L3_TURNOVER_PCT", key="2024-2025-T2")
    assert (result.value, result.n) == (50, 1)


def test_turnover_without_staff_at_either_end_is_not_applicable(territory_a):
    """One assignment 2024-05-01→2024-08-01: 1 departure, h(start) 0, h(end) 0
    → not_applicable; n 1 (the departures)."""
    held(post(territory_a), "a", date(2024, 5, 1), date(2024, 8, 1))
    result = row("L3_TURNOVER_PCT")
    assert (result.value, result.n, result.status) == (None, 1, "not_applicable")


def test_turnover_without_any_assignment_is_not_applicable(territory_a):
    """No assignment → 0 departures ÷ 0 → not_applicable; n 0."""
    post(territory_a)
    result = row("L3_TURNOVER_PCT")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_turnover_without_departure_is_zero(territory_a):
    """One stayer: h 1 and 1, no departure → 0; n 0."""
    held(post(territory_a), "a", date(2023, 4, 1))
    result = row("L3_TURNOVER_PCT")
    assert (result.value, result.n, result.status) == (0, 0, "no_target")


# L3_SUPERVISION_HOURS_PER_PAP_MONTH


def test_supervision_per_pap_per_month_over_a_fiscal_year(territory_a):
    """2 PAPs; supervision 10 h + 15.5 h in P; codevelopment 5 h, supervision on 2024-03-31
    and 2025-04-01 left out → 25.5 ÷ 2 ÷ 12 = 17/16; n 2."""
    one = factories.pap(territory_a, "MFA")
    two = factories.pap(territory_a, "MSSS")
    factories.journal_entry(one, "supervision", date=date(2024, 5, 1), hours=Decimal("10"))
    factories.journal_entry(two, "supervision", date=date(2024, 9, 1), hours=Decimal("15.50"))
    factories.journal_entry(one, "codevelopment", date=date(2024, 5, 1), hours=Decimal("5"))
    factories.journal_entry(one, "supervision", date=date(2024, 3, 31), hours=Decimal("8"))
    factories.journal_entry(one, "supervision", date=date(2025, 4, 1), hours=Decimal("8"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH")
    assert (result.value, result.n, result.status) == (Fraction(17, 16), 2, "no_target")


def test_supervision_hours_of_a_position_without_assignment_still_count(territory_a):
    """Hours of any position of T: 12 h (PAP) + 12 h (position held by nobody in P)
    → 24 ÷ 1 PAP ÷ 12 = 2; n 1."""
    one = factories.pap(territory_a, "MFA")
    empty = post(territory_a, "MSSS")
    held(empty, "gone", date(2023, 4, 1), date(2024, 3, 31))
    factories.journal_entry(one, "supervision", date=date(2024, 5, 1), hours=Decimal("12"))
    factories.journal_entry(empty, "supervision", date=date(2024, 5, 1), hours=Decimal("12"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH")
    assert (result.value, result.n) == (2, 1)


def test_supervision_over_a_quarter_divides_by_3_months(territory_a):
    """2024-2025-T2 (Jul–Sep): 4 h on 07-01 + 5 h on 09-30; 100 h on 06-30 left out
    → 9 ÷ 1 ÷ 3 = 3; n 1."""
    one = factories.pap(territory_a)
    factories.journal_entry(one, "supervision", date=date(2024, 7, 1), hours=Decimal("4"))
    factories.journal_entry(one, "supervision", date=date(2024, 9, 30), hours=Decimal("5"))
    factories.journal_entry(one, "supervision", date=date(2024, 6, 30), hours=Decimal("100"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH", key="2024-2025-T2")
    assert (result.value, result.n) == (3, 1)


def test_supervision_over_a_month_divides_by_1_month(territory_a):
    """2024-07: 2.5 h + 3 h; 9 h on 08-01 left out; 2 PAPs → 5.5 ÷ 2 ÷ 1 = 11/4; n 2."""
    one = factories.pap(territory_a, "MFA")
    two = factories.pap(territory_a, "MSSS")
    factories.journal_entry(one, "supervision", date=date(2024, 7, 1), hours=Decimal("2.5"))
    factories.journal_entry(two, "supervision", date=date(2024, 7, 31), hours=Decimal("3"))
    factories.journal_entry(two, "supervision", date=date(2024, 8, 1), hours=Decimal("9"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH", key="2024-07")
    assert (result.value, result.n) == (Fraction(11, 4), 2)


def test_supervision_in_a_period_in_progress_counts_months_begun(territory_a):
    """A = 2024-11-15 → 8 months begun; 8 h (05-01) + 8 h (on A); 100 h after A left out;
    a position held only from 2024-12-01 is no PAP → 16 ÷ 1 ÷ 8 = 2; n 1."""
    one = factories.pap(territory_a, "MFA")
    factories.pap(territory_a, "MSSS", started_on=date(2024, 12, 1))
    factories.journal_entry(one, "supervision", date=date(2024, 5, 1), hours=Decimal("8"))
    factories.journal_entry(one, "supervision", date=date(2024, 11, 15), hours=Decimal("8"))
    factories.journal_entry(one, "supervision", date=date(2024, 11, 20), hours=Decimal("100"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH", as_of=IN_PROGRESS)
    assert (result.value, result.n) == (2, 1)


def test_supervision_counts_a_position_once_whatever_its_assignments(territory_a):
    """One position held by X until 2024-06-30 then by Y; 12 h → 12 ÷ 1 ÷ 12 = 1; n 1."""
    one = post(territory_a)
    held(one, "X", date(2023, 4, 1), date(2024, 6, 30))
    held(one, "Y", date(2024, 7, 1))
    factories.journal_entry(one, "supervision", date=date(2024, 8, 1), hours=Decimal("12"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH")
    assert (result.value, result.n) == (1, 1)


def test_supervision_counts_an_assignment_ending_on_the_first_day(territory_a):
    """PAP 1 held until 2024-04-01 (overlaps P), PAP 2 held throughout; 24 h
    → 24 ÷ 2 ÷ 12 = 1; n 2."""
    one = factories.pap(territory_a, "MFA", ended_on=date(2024, 4, 1))
    factories.pap(territory_a, "MSSS")
    factories.journal_entry(one, "supervision", date=date(2024, 4, 1), hours=Decimal("24"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH")
    assert (result.value, result.n) == (1, 2)


def test_supervision_without_pap_is_not_applicable(territory_a):
    """Hours on a position nobody holds during P → no PAP: not_applicable, n 0."""
    empty = post(territory_a)
    factories.journal_entry(empty, "supervision", date=date(2024, 5, 1), hours=Decimal("3"))
    result = row("L3_SUPERVISION_HOURS_PER_PAP_MONTH")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_supervision_exact_value_of_five_eighths(territory_a):
    """7.5 h ÷ 1 PAP ÷ 12 = 5/8 (0.625, the export's rounding case)."""
    one = factories.pap(territory_a)
    factories.journal_entry(one, "supervision", date=date(2024, 5, 1), hours=Decimal("7.50"))
    assert row("L3_SUPERVISION_HOURS_PER_PAP_MONTH").value == Fraction(5, 8)
