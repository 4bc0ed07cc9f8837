"""``/api/indicateurs.json``: the export's rows as JSON, with the pages' scope."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.compute import compute
from indicators.export import export_rows
from indicators.periods import Period
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/indicateurs.json"
YEAR = "2024-2025"


@pytest.fixture
def activity(territory_a, territory_b):
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_a, first_contact_on=date(2024, 6, 1), taken_in_charge_on=date(2024, 6, 4)
    )
    factories.referral(
        territory_b, first_contact_on=date(2024, 7, 1), taken_in_charge_on=date(2024, 7, 2)
    )


def get(client, user, query):
    client.login(username=user.username, password=PASSWORD)
    return client.get(f"{URL}?{query}")


def typed(row: dict[str, str]) -> dict:
    """An export row as the API types it."""
    return {
        **row,
        "value": float(Decimal(row["value"])) if row["value"] else None,
        "target": row["target"] or None,
        "n": int(row["n"]) if row["n"] else None,
    }


def test_rows_are_the_exports_for_every_territory_the_advisor_sees(client, conseiller, activity):
    response = get(client, conseiller, f"periode={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    expected = export_rows(compute(Period.parse(YEAR), as_of=timezone.localdate()))
    assert response.json() == [typed(row) for row in expected]
    assert len(response.json()) == 3 * 19


def test_values_match_the_csv_export_of_the_command(client, conseiller, activity):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("export_indicators", "--period", YEAR, "--territory", "A", stdout=out)
    exported = list(csv.DictReader(io.StringIO(out.getvalue())))
    api = get(client, conseiller, f"periode={YEAR}&territoire=A").json()
    assert [row["indicator"] for row in api] == [row["indicator"] for row in exported]
    for mine, theirs in zip(api, exported, strict=True):
        assert mine == typed(theirs)
    escape = next(
        row for row in api if row["territory"] == "A" and row["indicator"] == ("L2_ESCAPE_RATE_PCT")
    )
    assert escape["value"] == 50.0 and escape["n"] == 2 and escape["target"] == "<10"


def test_territories_can_be_chosen_in_any_case(client, conseiller, activity):
    rows = get(client, conseiller, f"periode={YEAR}&territoire=b").json()
    assert {row["territory"] for row in rows} == {"B", "QC"}


def test_coordinator_gets_their_territory_and_the_province(client, coordination_a, activity):
    rows = get(client, coordination_a, f"periode={YEAR}").json()
    assert {row["territory"] for row in rows} == {"A", "QC"}


@pytest.mark.parametrize("cast", ["coordination_a", "pap_a"])
def test_another_territory_is_404_like_an_unknown_one(client, request, cast, activity):
    user = request.getfixturevalue(cast)
    other = get(client, user, f"periode={YEAR}&territoire=B")
    unknown = get(client, user, f"periode={YEAR}&territoire=ZZ")
    assert other.status_code == unknown.status_code == 404
    assert "B" in other.json()["error"]


def test_bad_period_is_a_french_message(client, conseiller, activity):
    response = get(client, conseiller, "periode=2024-T9")
    assert response.status_code == 400
    assert "2024-T9" in response.json()["error"]


def test_anonymous_gets_401_and_no_data(client, activity):
    response = client.get(f"{URL}?periode={YEAR}")
    assert response.status_code == 401
    assert set(response.json()) == {"error"}


def test_no_family_level_field_reaches_an_advisor(client, conseiller, activity):
    rows = get(client, conseiller, f"periode={YEAR}").json()
    assert {key for row in rows for key in row} == {
        "territory",
        "period",
        "indicator",
        "value",
        "target",
        "status",
        "n",
    }
