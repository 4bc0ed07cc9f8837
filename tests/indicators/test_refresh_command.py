"""``refresh_indicators`` stores what the day's pages read (issue 14): after it, a page's
results and breakdowns are read back with no gathering from the raw rows."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import store
from indicators.breakdowns import breakdowns
from indicators.management.commands.refresh_indicators import periods_to_refresh
from indicators.models import StoredBreakdown, StoredTally
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2025, 4, 16)


@pytest.fixture
def activity(territory_a, territory_b):
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_b, first_contact_on=date(2025, 4, 2), taken_in_charge_on=date(2025, 4, 3)
    )


def test_the_periods_are_both_fiscal_years_their_quarters_months_and_trends(activity):
    keys = [period.key for period in periods_to_refresh(DAY)]
    assert len(keys) == len(set(keys))
    fiscal_years = {"2025-2026", "2024-2025"}
    quarters = {"2025-2026-T1"} | {
        f"{year}-T{n}" for year in ("2024-2025", "2023-2024") for n in (1, 2, 3, 4)
    }
    months = (
        {"2025-04"} | {f"2024-{m:02d}" for m in range(4, 13)} | {"2025-01", "2025-02", "2025-03"}
    )
    # The trends of 2024-2025 and of 2025-2026 (cut at DAY) reach back to 2023-2024's quarters;
    # nothing that has not begun on DAY.
    assert set(keys) == fiscal_years | quarters | months


def test_after_the_refresh_pages_read_without_gathering(activity):
    out = StringIO()
    call_command("refresh_indicators", "--as-of", DAY.isoformat(), stdout=out)

    assert "24 périodes prêtes pour le 2025-04-16" in out.getvalue()
    year = Period.parse("2024-2025")
    with CaptureQueriesContext(connection) as queries:
        store.results_for_periods([year, *year.previous_quarters(8)], as_of=DAY)
        breakdowns(year, as_of=DAY, territories=["A"])
    assert not any("referrals_referral" in query["sql"] for query in queries.captured_queries)
    assert StoredTally.objects.filter(period="2025-04", computed_on=DAY).count() == 2
    assert StoredBreakdown.objects.filter(period="2024-2025").count() == 2


def test_a_bad_day_is_refused_in_french():
    with pytest.raises(CommandError) as error:
        call_command("refresh_indicators", "--as-of", "2025-13-01")
    assert error.value.returncode == 2
    assert "n’est pas une date" in str(error.value)
    assert not StoredTally.objects.exists()
