"""The periods the recorded data covers, for period selectors."""

from datetime import date

import pytest

from indicators.periods import Period
from indicators.selectors import data_date_range, periods_covered_by_data
from tests import factories

pytestmark = pytest.mark.django_db


def test_no_data_covers_no_period():
    assert periods_covered_by_data(as_of=date(2025, 1, 1)) == []


def test_range_spans_referrals_journal_and_answers():
    territory = factories.territory("A")
    position = factories.position(factories.organization(territory))
    factories.referral(territory, first_contact_on=date(2024, 3, 30), referred_on=date(2024, 3, 31))
    factories.journal_entry(position, date=date(2024, 6, 15), hours=2)
    factories.response(territory, submitted_on=date(2024, 7, 2))
    assert data_date_range(as_of=date(2025, 1, 1)) == (date(2024, 3, 31), date(2024, 7, 2))


def test_covered_periods_cross_the_fiscal_year_boundary():
    territory = factories.territory("A")
    factories.referral(territory, first_contact_on=date(2024, 3, 31), referred_on=date(2024, 3, 31))
    factories.referral(territory, first_contact_on=date(2024, 4, 2), referred_on=date(2024, 4, 2))
    keys = [period.key for period in periods_covered_by_data(as_of=date(2025, 1, 1))]
    assert keys == ["2024-2025", "2023-2024", "2024-2025-T1", "2023-2024-T4", "2024-04", "2024-03"]


def test_data_after_as_of_is_not_counted():
    territory = factories.territory("A")
    factories.referral(territory, first_contact_on=date(2024, 5, 1), referred_on=date(2024, 5, 1))
    factories.referral(territory, first_contact_on=date(2024, 9, 1), referred_on=date(2024, 9, 1))
    periods = periods_covered_by_data(as_of=date(2024, 6, 30))
    assert Period.parse("2024-09") not in periods
    assert Period.parse("2024-05") in periods


def test_referral_range_spans_every_territory_and_stops_at_as_of():
    a, b, c = (factories.territory(code) for code in "ABC")
    factories.referral(a, first_contact_on=date(2024, 5, 1), referred_on=date(2024, 5, 2))
    factories.referral(a, first_contact_on=date(2024, 8, 1), referred_on=date(2024, 8, 9))
    factories.referral(b, first_contact_on=date(2024, 1, 1), referred_on=date(2024, 1, 3))
    factories.referral(b, first_contact_on=date(2024, 6, 1), referred_on=date(2024, 6, 1))
    factories.referral(c, first_contact_on=date(2024, 9, 1), referred_on=date(2024, 9, 2))
    factories.territory("D")  # no referral at all
    assert data_date_range(as_of=date(2024, 8, 31)) == (date(2024, 1, 3), date(2024, 8, 9))
