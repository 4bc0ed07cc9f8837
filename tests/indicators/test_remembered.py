"""A server process remembers tallies and values between requests, under keys that name all
they depend on: a write makes only its territory's values again, and the numbers stay exactly
the engine's (DESIGN.md section 10)."""

from datetime import date

import pytest

from indicators import store
from indicators.compute import compute, engine, remembered
from indicators.export import export_rows
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")


@pytest.fixture
def made(monkeypatch):
    """The territories whose values were made (not remembered), in order."""
    calls: list[int] = []
    original = engine.tally_values

    def counted(tally, *args, **kwargs):
        calls.append(tally.cohort)  # each territory below has its own cohort size
        return original(tally, *args, **kwargs)

    monkeypatch.setattr(engine, "tally_values", counted)
    return calls


@pytest.fixture
def two_territories(territory_a, territory_b):
    for _ in range(2):
        factories.referral(territory_a, first_contact_on=date(2024, 5, 1))
    factories.referral(territory_b, first_contact_on=date(2024, 6, 1))
    return territory_a, territory_b


def test_a_write_makes_only_its_territorys_values_again(two_territories, made):
    a, _b = two_territories
    as_of = date(2025, 6, 1)
    first = store.results(YEAR, as_of=as_of)
    assert sorted(made) == [1, 2]  # B's cohort of 1, A's of 2
    made.clear()
    assert export_rows(store.results(YEAR, as_of=as_of)) == export_rows(first)
    assert made == []  # remembered
    factories.referral(a, first_contact_on=date(2024, 7, 1))
    after = store.results(YEAR, as_of=as_of)
    assert made == [3]  # A only, with its new referral
    assert export_rows(after) == export_rows(compute(YEAR, as_of=as_of))
    assert after.get("A", "L2_ESCAPE_RATE_PCT").n == 3


def test_another_day_or_a_changed_profile_is_made_again(two_territories, made):
    a, _b = two_territories
    running = Period.parse("2024-2025-T1")  # the supervision rate reads the months begun
    days = (date(2024, 5, 15), date(2024, 6, 15))
    found = [store.results(running, as_of=as_of) for as_of in days]
    assert len(made) == 4  # two territories, each day
    for as_of, results in zip(days, found, strict=True):
        assert export_rows(results) == export_rows(compute(running, as_of=as_of))
    factories.profile(a, 2024, reports_per_1000=12)  # profiles carry no data_version
    made.clear()
    again = store.results(running, as_of=days[1])
    assert len(made) == 2  # a profile changes the signature: every territory's values
    assert again.get("A", "L5_REPORTS_PER_1000").value == 12
    assert export_rows(again) == export_rows(compute(running, as_of=days[1]))


def test_what_is_remembered_is_read_only_and_bounded(two_territories, monkeypatch):
    monkeypatch.setattr(remembered, "LIMIT", 3)
    store.results(YEAR, as_of=date(2025, 6, 1))
    store.results(Period.parse("2023-2024"), as_of=date(2025, 6, 1))
    assert len(remembered._remembered) == 3
    values = next(v for v in remembered._remembered.values() if hasattr(v, "keys"))
    with pytest.raises(TypeError):
        values["L2_ESCAPE_RATE_PCT"] = None
