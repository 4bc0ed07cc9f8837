"""Several periods gathered at once (a page's year and quarters): the referral cohorts of them all
in one statement, each referral flagged once, and every period's tally exactly what it is alone.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.compute import gather_period_tallies, gather_tallies
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 1)  # a pending referral escapes when referred before 2025-05-02
YEAR = Period.parse("2024-2025")
SPRING, SUMMER = Period.parse("2024-2025-T1"), Period.parse("2024-2025-T2")
NEXT_SPRING = Period.parse("2025-2026-T1")  # still running: cut at AS_OF
PERIODS = [YEAR, SPRING, SUMMER, NEXT_SPRING]


def refer(territory, family, day, **fields):
    return factories.referral(territory, family, first_contact_on=day, **fields)


@pytest.fixture
def cohorts(territory_a, territory_b):
    a, b = territory_a, territory_b
    back_and_forth = factories.family(a)
    refer(a, back_and_forth, date(2024, 6, 20))  # spring, saved from escaping by the next
    refer(
        a, back_and_forth, date(2024, 7, 5), from_sector="MSSS", to_sector="MFA",
        taken_in_charge_on=date(2024, 7, 10),
    )  # fmt: skip  # summer: a loop on the spring referral, taken in charge in 5 days
    refer(a, factories.family(a), date(2024, 11, 15))  # autumn: escapes
    refer(a, factories.family(a), date(2025, 2, 1), taken_in_charge_on=date(2025, 2, 5))
    refer(a, factories.family(a), date(2025, 4, 10))  # next spring: escapes
    refer(b, factories.family(b), date(2024, 8, 1))  # B, summer: escapes
    return a, b


def measures(tally):
    return (
        tally.cohort,
        tally.families,
        tally.escaped_families,
        tally.loops,
        tally.taken,
        tally.delay_days,
    )


def test_each_period_of_one_statement_counts_its_own_referrals(cohorts):
    a, b = cohorts
    scopes = {YEAR.key: {a.id}, SPRING.key: {a.id}, SUMMER.key: {a.id, b.id}}
    scopes[NEXT_SPRING.key] = {a.id}
    with CaptureQueriesContext(connection) as queries:
        gathered = gather_period_tallies(PERIODS, as_of=AS_OF, scopes=scopes)
    cohort_statements = [q for q in queries.captured_queries if "WITH flagged" in q["sql"]]
    assert len(cohort_statements) == 1

    # (cohort, families, escaped families, loops, taken, delay days), counted by hand.
    assert measures(gathered[YEAR.key][a.id]) == (4, 3, 1, 1, 2, 5 + 4)
    assert b.id not in gathered[YEAR.key]  # B's year was not asked for
    assert measures(gathered[SPRING.key][a.id]) == (1, 1, 0, 0, 0, 0)
    assert measures(gathered[SUMMER.key][a.id]) == (1, 1, 0, 1, 1, 5)
    assert measures(gathered[SUMMER.key][b.id]) == (1, 1, 1, 0, 0, 0)
    assert measures(gathered[NEXT_SPRING.key][a.id]) == (1, 1, 1, 0, 0, 0)
    for period in PERIODS:
        alone = gather_tallies(period, as_of=AS_OF, territory_ids=scopes[period.key])
        assert gathered[period.key] == alone


def test_known_loops_stand_for_their_period_only(cohorts):
    a, _b = cohorts
    scopes = {YEAR.key: {a.id}, SUMMER.key: {a.id}}
    known = {YEAR.key: {a.id: 7}}  # as a row kept the day before would give them
    gathered = gather_period_tallies([YEAR, SUMMER], as_of=AS_OF, scopes=scopes, known_loops=known)
    assert gathered[YEAR.key][a.id].loops == 7
    assert gathered[SUMMER.key][a.id].loops == 1  # counted: the summer knew none


def test_periods_without_days_or_territories_gather_nothing_of_lever_2(cohorts):
    a, _b = cohorts
    not_begun = Period.parse("2026-2027")
    with CaptureQueriesContext(connection) as queries:
        gathered = gather_period_tallies(
            [not_begun, YEAR], as_of=AS_OF, scopes={not_begun.key: {a.id}, YEAR.key: set()}
        )
    assert gathered == {not_begun.key: {}, YEAR.key: {}}
    assert not [q for q in queries.captured_queries if "WITH flagged" in q["sql"]]
