"""Stored results stay small (issue 11): a period still settling is kept per as-of day, a day's
results make the earlier days' go, in the same transaction; a settled period is kept once
(issue 14); a day earlier than one already kept (an explicit past ``as_of``) is computed on
demand without being kept (DESIGN.md section 10)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from indicators import store
from indicators.breakdowns import breakdowns
from indicators.compute import compute
from indicators.export import export_rows
from indicators.models import StoredBreakdown, StoredProvinceTally, StoredTally
from indicators.periods import Period
from indicators.storage_days import settles_on
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")
QUARTER = Period.parse("2024-2025-T2")
TODAY = date(2025, 6, 16)


@pytest.fixture
def activity(territory_a, territory_b):
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_b, first_contact_on=date(2024, 7, 1), taken_in_charge_on=date(2024, 7, 2)
    )


def days(model) -> set[date]:
    return set(model.objects.values_list("as_of", flat=True))


def test_a_day_forgets_the_earlier_days_of_periods_still_settling(activity):
    # Mid-April 2025 the fiscal year 2024-2025 still settles (escape and loop windows): it is
    # kept per day. Its second quarter settled in November: kept once, under its settling day.
    yesterday, today = date(2025, 4, 15), date(2025, 4, 16)
    store.results_for_periods([YEAR, QUARTER], as_of=yesterday)
    breakdowns(YEAR, as_of=yesterday, territories=["A", "B"])

    store.results_for_periods([YEAR, QUARTER], as_of=today)
    breakdowns(YEAR, as_of=today, territories=["A"])

    for model in (StoredTally, StoredProvinceTally):
        kept = set(model.objects.values_list("period", "as_of", "computed_on"))
        assert {(YEAR.key, today, today), (QUARTER.key, settles_on(QUARTER), yesterday)} == {
            (key, as_of, computed_on) for key, as_of, computed_on in kept
        }
    assert days(StoredBreakdown) == {today}


def test_a_past_day_is_computed_on_demand_and_not_kept(activity):
    store.results(YEAR, as_of=TODAY)
    kept = StoredTally.objects.count(), StoredProvinceTally.objects.count()

    past = store.results(YEAR, as_of=date(2024, 9, 30))

    assert export_rows(past) == export_rows(compute(YEAR, as_of=date(2024, 9, 30)))
    assert days(StoredTally) == days(StoredProvinceTally) == {TODAY}
    assert (StoredTally.objects.count(), StoredProvinceTally.objects.count()) == kept


def test_a_past_day_of_the_breakdowns_is_computed_on_demand_and_not_kept(activity):
    breakdowns(YEAR, as_of=TODAY, territories=["A", "B"])

    past = breakdowns(YEAR, as_of=date(2024, 9, 30), territories=["A", "B"])

    assert days(StoredBreakdown) == {TODAY}
    StoredBreakdown.objects.all().delete()
    alone = breakdowns(YEAR, as_of=date(2024, 9, 30), territories=["A", "B"])  # nothing kept
    assert [(b.dimension, g.key, g.rows) for b in past for g in b.groups] == [
        (b.dimension, g.key, g.rows) for b in alone for g in b.groups
    ]


def test_a_day_of_data_stores_one_row_per_territory_and_period_whatever_the_reads(activity):
    for _read in range(3):
        store.results_for_periods([YEAR, QUARTER], as_of=TODAY)
        breakdowns(YEAR, as_of=TODAY, territories=["A", "B"])

    assert StoredTally.objects.count() == 2 * 2
    assert StoredProvinceTally.objects.count() == 2
    assert StoredBreakdown.objects.count() == 2


@pytest.mark.parametrize("key", ["1500-1501", "0001-0002", "0001-0002-T1", "9998-9999-T4"])
def test_export_command_takes_any_valid_period_and_stores_nothing(activity, key):
    out = StringIO()

    call_command("export_indicators", "--period", key, stdout=out)

    assert f"QC,{key},L2_ESCAPE_RATE_PCT," in out.getvalue()
    assert StoredTally.objects.count() == StoredProvinceTally.objects.count() == 0
    assert StoredBreakdown.objects.count() == 0
