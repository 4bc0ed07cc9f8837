"""The first page of a new day recounts a period still settling, but not its loops once it has
ended (issue 14): a loop reads no date but the referrals' own, so yesterday's row at the same
data version gives the count; escapes, which read the date, are counted anew. The numbers stay
exactly the engine's."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import store
from indicators.compute import compute
from indicators.export import export_rows
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")


@pytest.fixture
def activity(territory_a, territory_b):
    # A: one family sent MFA → MSSS, then back MSSS → MFA nine days later (a loop); B: a
    # family still waiting since 2025-03-04, which escapes once 30 days have passed.
    family = factories.family(territory_a)
    factories.referral(territory_a, family, first_contact_on=date(2025, 3, 1))
    factories.referral(
        territory_a, family, first_contact_on=date(2025, 3, 10), from_sector="MSSS",
        to_sector="MFA",
    )  # fmt: skip
    factories.referral(territory_b, first_contact_on=date(2025, 3, 4))


# A loop's EXISTS looks for an earlier referral along the reverse route.
REVERSE_ROUTE = '"from_sector_id" = ("referrals_referral"."to_sector_id")'


def loop_statements(queries) -> list[str]:
    """The cohort statements that count loops."""
    return [query["sql"] for query in queries.captured_queries if REVERSE_ROUTE in query["sql"]]


def test_an_ended_period_is_recounted_without_its_loops(activity):
    store.results(YEAR, as_of=date(2025, 4, 3))
    with CaptureQueriesContext(connection) as queries:
        found = store.results(YEAR, as_of=date(2025, 4, 4))  # B's referral escapes today
    assert not loop_statements(queries)
    assert export_rows(found) == export_rows(compute(YEAR, as_of=date(2025, 4, 4)))
    assert found.get("A", "L2_LOOP_RATE_PCT").value == 50  # 1 loop of 2 referrals
    assert found.get("B", "L2_ESCAPE_RATE_PCT").value == 100


def test_a_period_in_progress_counts_its_loops_again(activity):
    store.results(YEAR, as_of=date(2025, 3, 20))
    with CaptureQueriesContext(connection) as queries:
        found = store.results(YEAR, as_of=date(2025, 3, 21))
    assert loop_statements(queries)
    assert export_rows(found) == export_rows(compute(YEAR, as_of=date(2025, 3, 21)))


def test_changed_data_counts_its_loops_again(activity, territory_a):
    store.results(YEAR, as_of=date(2025, 4, 3))
    factories.referral(territory_a, first_contact_on=date(2025, 3, 12))  # raises A's version
    with CaptureQueriesContext(connection) as queries:
        found = store.results(YEAR, as_of=date(2025, 4, 4))
    assert loop_statements(queries)
    assert export_rows(found) == export_rows(compute(YEAR, as_of=date(2025, 4, 4)))
