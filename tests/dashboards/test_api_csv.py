"""``/api/indicateurs.csv``: the export's CSV, byte for byte what ``export_indicators`` writes
for the same period and territories, within the user's scope."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/indicateurs.csv"
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
    factories.survey_answers(territory_a, [4, 5, 3], submitted_on=date(2024, 5, 2))


def _command(*territories: str) -> bytes:
    out = io.StringIO()
    arguments = ["--period", YEAR]
    for code in territories:
        arguments += ["--territory", code]
    call_command("export_indicators", *arguments, stdout=out)
    return out.getvalue().encode("utf-8")


def test_the_csv_is_the_commands_for_every_territory_an_advisor_sees(client, conseiller, activity):
    client.force_login(conseiller)
    response = client.get(f"{URL}?periode={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == _command()
    assert response.content.startswith(b"territory,period,indicator,value,target,status,n\n")


def test_a_coordinator_gets_their_territory_and_the_province(client, coordination_a, activity):
    client.force_login(coordination_a)
    response = client.get(f"{URL}?periode={YEAR}")
    assert response.content == _command("A")
    assert b"\nB," not in response.content
    assert client.get(f"{URL}?periode={YEAR}&territoire=B").status_code == 404


def test_errors_are_json_in_french(client, conseiller, activity):
    anonymous = client.get(f"{URL}?periode={YEAR}")
    assert anonymous.status_code == 401 and anonymous.json()["error"]
    client.force_login(conseiller)
    bad = client.get(f"{URL}?periode=2024-13")
    assert bad.status_code == 400 and "n’est pas une période" in bad.json()["error"]
