"""The breakdowns, like the engine's store, recount an ended period on a new day without its
loops: a row made since the period ended, at the same data version, gives every group's loops.
The groups stay exactly what a full gathering gives."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.breakdowns.tallies import gather_group_tallies, group_tallies
from indicators.periods import Period
from tests import factories
from tests.indicators.test_store_loops import loop_statements

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")


@pytest.fixture
def activity(territory_a, territory_b):
    # A: a family sent MFA → MSSS along a corridor, then back MSSS → MFA nine days later (a
    # loop, outside any corridor), and an immigrant family's loop on MEQ; B: one family waiting.
    corridor = factories.corridor(territory_a, "MFA", "MSSS")
    family = factories.family(territory_a)
    factories.referral(territory_a, family, first_contact_on=date(2025, 3, 1), corridor=corridor)
    factories.referral(
        territory_a, family, first_contact_on=date(2025, 3, 10), from_sector="MSSS",
        to_sector="MFA",
    )  # fmt: skip
    newcomers = factories.family(territory_a, immigrant=True)
    factories.referral(territory_a, newcomers, first_contact_on=date(2025, 2, 1), to_sector="MEQ")
    factories.referral(
        territory_a, newcomers, first_contact_on=date(2025, 2, 20), from_sector="MEQ",
        to_sector="MFA",
    )  # fmt: skip
    factories.referral(territory_b, first_contact_on=date(2025, 3, 4))
    return territory_a, territory_b


def loops(groups) -> dict:
    """Every group's loops, by group."""
    found = {("outside",): groups.outside.loops}
    found |= {("corridor", code): route.tally.loops for code, route in groups.corridors.items()}
    found |= {("pair", *pair): tally.loops for pair, tally in groups.pairs.items()}
    found |= {("immigrant", key): tally.loops for key, tally in groups.immigrant.items()}
    return found


def test_an_ended_period_is_regrouped_without_its_loops(activity):
    a, b = activity
    ids = [a.id, b.id]
    group_tallies(YEAR, as_of=date(2025, 4, 3), territory_ids=ids)
    with CaptureQueriesContext(connection) as queries:
        found = group_tallies(YEAR, as_of=date(2025, 4, 4), territory_ids=ids)
    assert not loop_statements(queries)
    fresh = gather_group_tallies(YEAR, as_of=date(2025, 4, 4), territory_ids=ids)
    assert {t: groups.to_json() for t, groups in found.items()} == {
        t: groups.to_json() for t, groups in fresh.items()
    }
    # Counted by hand: the return trip MSSS → MFA and the immigrant family's MEQ → MFA.
    assert sum(loops(found[a.id]).values()) == 2 + 2 + 2  # corridor or outside, pair, immigrant
    assert loops(found[a.id])[("immigrant", True)] == 1
    assert loops(found[a.id])[("pair", "MSSS", "MFA")] == 1
    assert loops(found[a.id])[("outside",)] == 2


@pytest.mark.parametrize(
    "day_before, day",
    [(date(2025, 3, 20), date(2025, 3, 21)), (date(2025, 4, 3), date(2025, 4, 4))],
)
def test_loops_are_counted_again_while_the_period_runs_or_after_a_write(activity, day_before, day):
    a, b = activity
    group_tallies(YEAR, as_of=day_before, territory_ids=[a.id, b.id])
    if day > YEAR.end:
        factories.referral(a, first_contact_on=date(2025, 3, 12))  # raises A's version
    with CaptureQueriesContext(connection) as queries:
        found = group_tallies(YEAR, as_of=day, territory_ids=[a.id, b.id])
    assert loop_statements(queries)
    fresh = gather_group_tallies(YEAR, as_of=day, territory_ids=[a.id, b.id])
    assert found[a.id].to_json() == fresh[a.id].to_json()
