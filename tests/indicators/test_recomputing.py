"""One recomputation at a time (indicators.recomputing): a request that finds stored results
stale takes the lock before computing, reads the store again under it, and a warm request never
takes it. The lock is the one another process holding it would make this one wait for."""

from datetime import date

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import store
from indicators.breakdowns import breakdowns
from indicators.periods import Period
from indicators.recomputing import LOCK_ID, one_at_a_time
from tests import factories
from tests.child import server_login

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")
AS_OF = date(2025, 9, 1)


def locks(queries) -> int:
    return sum("pg_advisory_xact_lock" in query["sql"] for query in queries)


def reads_of_versions(queries) -> int:
    return sum('"data_version"' in query["sql"] for query in queries)


@pytest.fixture
def territories(db):
    for code in "AB":
        territory = factories.territory(code)
        factories.referral(
            territory, referred_on=date(2024, 5, 1), first_contact_on=date(2024, 5, 1)
        )


def test_a_stale_read_locks_and_reads_again_a_warm_one_does_not(territories):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time anyway: no lock")
    with CaptureQueriesContext(connection) as stale:
        store.results(YEAR, as_of=AS_OF)
        breakdowns(YEAR, as_of=AS_OF, territories=["A", "B"])
    with CaptureQueriesContext(connection) as warm:
        store.results(YEAR, as_of=AS_OF)
        breakdowns(YEAR, as_of=AS_OF, territories=["A", "B"])
    assert locks(stale) == 2  # the tallies, the group tallies
    assert reads_of_versions(stale) == 4  # each read once, then again under the lock
    assert locks(warm) == 0
    assert reads_of_versions(warm) == 2


def test_the_lock_is_one_another_process_holding_it_makes_this_one_wait_for(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's advisory locks")
    other = psycopg.connect(
        dbname=connection.settings_dict["NAME"], autocommit=True, **server_login()
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_ID])
            assert cursor.fetchone()[0] is False  # held elsewhere: one_at_a_time would wait
        other.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
        with one_at_a_time():
            held = other.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID]).fetchone()[0]
            assert held is False  # now this process holds it, until its transaction ends
    finally:
        other.close()
