"""Which periods the pages offer (issue 11): from five fiscal years before the first recorded
activity up to today. Any other well-formed period — year 1, the 16th century, next month —
gets the pages' French 400 answer (the default period shown, nothing computed for the one
asked, nothing stored), on the pages, the API and the breakdowns' download alike."""

import html
from datetime import date, timedelta

import pytest
from django.utils import timezone

from indicators.models import StoredBreakdown, StoredProvinceTally, StoredTally
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

# The first activity is on 2024-05-01 (fiscal year 2024-2025): periods from 2019-04-01 on.
FIRST_OFFERED = "2019-04-01"
OVERVIEW = "/tableau-de-bord/"
TERRITORY = "/territoires/A/"
INDICATOR = "/indicateurs/L2_ESCAPE_RATE_PCT/"
API = "/api/indicateurs.json"
BREAKDOWNS = "/indicateurs/ventilations.csv"
PAGES = [OVERVIEW, TERRITORY, INDICATOR]
EVERY_ADDRESS = [*PAGES, API, BREAKDOWNS]
NEAR_YEAR_ONE = ["0001-0002", "0001-0002-T1", "0001-04", "0002-01"]


@pytest.fixture
def activity(territory_a, territory_b):
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_b, first_contact_on=date(2024, 7, 1), taken_in_charge_on=date(2024, 7, 2)
    )


def get(client, user, address, key):
    client.force_login(user)
    return client.get(address, {"periode": key})


def message(response) -> str:
    """The French message of a refused period, wherever the answer carries it."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["error"]
    return html.unescape(response.content.decode())


def stored_rows() -> int:
    return sum(
        model.objects.count() for model in (StoredTally, StoredProvinceTally, StoredBreakdown)
    )


@pytest.mark.parametrize("address", EVERY_ADDRESS)
@pytest.mark.parametrize("key", NEAR_YEAR_ONE)
def test_periods_of_year_one_get_the_french_400_everywhere(client, pap_a, activity, address, key):
    response = get(client, pap_a, address, key)

    assert response.status_code == 400
    assert f"« {key} »" in message(response)
    assert "choisissez une période" in message(response)


@pytest.mark.parametrize("cast", ["conseiller", "admin", "coordination_a", "pap_a"])
@pytest.mark.parametrize("address", [TERRITORY, INDICATOR])
def test_year_one_is_a_400_for_every_role(client, request, activity, cast, address):
    response = get(client, request.getfixturevalue(cast), address, "0001-0002")

    assert response.status_code == 400


def test_the_page_shows_the_default_period_with_the_message(client, conseiller, activity):
    response = get(client, conseiller, TERRITORY, "1500-1501")

    assert response.context["page_period"].period == Period.parse("2024-2025")
    assert 'role="alert"' in response.content.decode()


def test_the_message_states_the_range_in_french(client, conseiller, activity):
    text = message(get(client, conseiller, API, "1500-1501"))

    today = timezone.localdate().isoformat()
    assert "« 1500-1501 » est hors des périodes offertes" in text
    assert (
        f"qui commence entre le {FIRST_OFFERED} (5 exercices avant celui des premières "
        f"données) et aujourd’hui ({today})"
    ) in text


def test_far_periods_store_nothing(client, pap_a, activity):
    for address in EVERY_ADDRESS:
        get(client, pap_a, address, "2024-2025")  # what the default period stores
    before = stored_rows()

    for year in range(1500, 1510):
        for address in EVERY_ADDRESS:
            assert get(client, pap_a, address, f"{year}-{year + 1}").status_code == 400

    assert stored_rows() == before


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("2019-2020", 200),  # five fiscal years before the first activity's
        ("2019-04", 200),
        ("2018-2019", 400),
        ("2018-2019-T4", 400),
        ("2019-03", 400),
    ],
)
def test_periods_go_back_five_fiscal_years_before_the_first_activity(
    client, conseiller, activity, key, status
):
    assert get(client, conseiller, API, key).status_code == status


def test_periods_begun_by_today_are_offered_but_not_later_ones(client, conseiller, activity):
    today = timezone.localdate()
    this_year, this_month = Period.fiscal_year_of(today), Period.month_of(today)
    next_month = Period.month_of(this_month.end + timedelta(days=1))
    next_year = Period.for_fiscal_year(this_year.fiscal_year + 1)

    assert get(client, conseiller, API, this_year.key).status_code == 200
    assert get(client, conseiller, API, this_month.key).status_code == 200
    assert get(client, conseiller, API, next_month.key).status_code == 400
    assert get(client, conseiller, API, next_year.key).status_code == 400


def test_without_data_periods_go_back_five_fiscal_years_before_today(client, conseiller, db):
    this_year = Period.fiscal_year_of(timezone.localdate()).fiscal_year
    earliest = Period.for_fiscal_year(this_year - 5)

    assert get(client, conseiller, API, earliest.key).status_code == 200
    refused = get(client, conseiller, API, f"{this_year - 6}-{this_year - 5}")
    assert refused.status_code == 400
    assert f"{earliest.start.isoformat()} (5 exercices avant l’actuel)" in message(refused)
