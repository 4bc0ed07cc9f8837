"""A settled period — every window that reads the date passed — is stored once and holds on
every later day until data changes (issue 14): the first page of a new day does not recompute
it, and what it shows is still exactly the engine's for that day."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import store
from indicators.breakdowns import breakdowns
from indicators.compute import compute
from indicators.export import export_rows
from indicators.models import StoredBreakdown, StoredTally
from indicators.periods import Period
from indicators.storage_days import settles_on, storage_day
from referrals.models import Referral
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")
SETTLED = date(2025, 8, 1)  # the year settles ESCAPE_DAYS + LOOP_DAYS (120) after its end
LATER = date(2025, 10, 1)


@pytest.fixture
def activity(territory_a, territory_b):
    factories.referral(territory_a, ref="WAITING", referred_on=date(2025, 3, 20))
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_b, first_contact_on=date(2024, 7, 1), taken_in_charge_on=date(2024, 7, 2)
    )


def test_a_period_settles_once_its_escape_and_loop_windows_have_passed():
    windows = settings.ESCAPE_DAYS + settings.LOOP_DAYS
    assert settles_on(YEAR) == date(2025, 3, 31) + timedelta(days=windows)
    assert settles_on(YEAR) < SETTLED
    assert storage_day(YEAR, date(2025, 4, 20)) == date(2025, 4, 20)
    assert storage_day(YEAR, LATER) == settles_on(YEAR)


def test_a_settled_period_is_not_computed_again_on_a_later_day(activity):
    store.results(YEAR, as_of=SETTLED)
    breakdowns(YEAR, as_of=SETTLED, territories=["A", "B"])

    with CaptureQueriesContext(connection) as queries:
        later = store.results(YEAR, as_of=LATER)
    assert len(queries) == 5  # territories, stored tallies, province, targets…: no gathering
    assert export_rows(later) == export_rows(compute(YEAR, as_of=LATER))
    assert set(StoredTally.objects.values_list("computed_on", flat=True)) == {SETTLED}

    with CaptureQueriesContext(connection) as queries:
        breakdowns(YEAR, as_of=LATER, territories=["A", "B"])
    assert not any("referrals_referral" in query["sql"] for query in queries.captured_queries)
    assert set(StoredBreakdown.objects.values_list("computed_on", flat=True)) == {SETTLED}


def test_a_take_in_charge_recorded_later_is_counted(activity):
    before = store.results(YEAR, as_of=SETTLED).get("A", "L2_ESCAPE_RATE_PCT")
    waiting = Referral.objects.get(ref="WAITING")
    waiting.status, waiting.taken_in_charge_on = "taken_in_charge", LATER
    waiting.save()

    after = store.results(YEAR, as_of=LATER)

    assert export_rows(after) == export_rows(compute(YEAR, as_of=LATER))
    assert after.get("A", "L2_ESCAPE_RATE_PCT").value < before.value


def test_a_day_before_the_one_stored_is_computed_on_demand(activity):
    store.results(YEAR, as_of=LATER)
    between = date(2025, 8, 15)  # settled, but before the stored results were made

    found = store.results(YEAR, as_of=between)

    assert export_rows(found) == export_rows(compute(YEAR, as_of=between))
    assert set(StoredTally.objects.values_list("computed_on", flat=True)) == {LATER}
