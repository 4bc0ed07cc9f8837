"""The breakdowns' download, ``/indicateurs/ventilations.<csv|xlsx>``: who gets what.

A coordinator downloads their territories, an advisor every territory pooled (``QC``), and
nobody another scope (404); only aggregates leave, never a family's code. Values are worked
out by hand: on A, one immigrant family lost (escape 100 %), one other family taken in charge
after 3 days; on B, one other family taken in charge after 1 day.
"""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboards.pages import page_period
from referrals.models import Family
from territories.models import Role
from tests import factories
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"


@pytest.fixture
def referrals(territory_a, territory_b):
    lost = factories.family(territory_a, code="DOSSIER-SECRET-1", immigrant=True)
    factories.referral(territory_a, lost, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_a, referred_on=date(2024, 5, 1), taken_in_charge_on=date(2024, 5, 4)
    )
    factories.referral(
        territory_b,
        first_contact_on=date(2024, 6, 1),
        referred_on=date(2024, 6, 1),
        taken_in_charge_on=date(2024, 6, 2),
    )
    factories.pap(territory_a, "MFA")


def url(file_format="csv"):
    return reverse("dashboards:breakdowns-download", args=[file_format])


def get(client, user, file_format="csv", **query):
    client.login(username=user.username, password=PASSWORD)
    return client.get(url(file_format), query)


def csv_rows(response):
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def as_dicts(response):
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


HEADER = ["Portée", "Période", "Ventilation", "Groupe", "Indicateur", "Valeur", "Cible",
          "Statut", "n"]  # fmt: skip
ESCAPE, DELAY = "Taux d’échappement (%)", "Délai moyen de prise en charge (j)"
LOOPS = "Taux de renvois en boucle (%)"
NBSP = "\u00a0"


def test_coordinator_downloads_their_territory_as_csv(client, coordination_a, referrals):
    """Immigrant families on A: 1 family, escaped → 100,0 %, n 1, not met (< 10); the others:
    1 family taken in charge after 3 days → escape 0,0 (met), delay 3,00 (not met, ≤ 2)."""
    response = get(client, coordination_a, periode=YEAR)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="ventilations-2024-2025-A.csv"'
    )
    header, *_rows = csv_rows(response)
    assert header == HEADER
    rows = as_dicts(response)
    assert {row["Portée"] for row in rows} == {"A"}
    assert {row["Ventilation"] for row in rows} == {
        "Par corridor", "Par paire de secteurs", "Familles immigrantes et autres familles",
        "Par secteur",
    }  # fmt: skip
    assert ["A", YEAR, "Familles immigrantes et autres familles", "Familles immigrantes",
            ESCAPE, "100,0", f"<{NBSP}10{NBSP}%", "Cible non atteinte", "1"] in csv_rows(
        response
    )  # fmt: skip
    others = {
        row["Indicateur"]: (row["Valeur"], row["Statut"], row["n"])
        for row in rows
        if row["Groupe"] == "Autres familles"
    }
    assert others == {
        DELAY: ("3,00", "Cible non atteinte", "1"),
        ESCAPE: ("0,0", "Cible atteinte", "1"),
        LOOPS: ("0,0", "Sans cible", "1"),
    }


def test_xlsx_opens_with_the_same_rows_as_numbers(client, coordination_a, referrals):
    response = get(client, coordination_a, "xlsx", periode=YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ventilations-2024-2025-A.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == HEADER
    immigrant = next(
        row for row in rows if row[3].value == "Familles immigrantes" and row[4].value == ESCAPE
    )
    assert (immigrant[5].value, immigrant[5].number_format, immigrant[8].value) == (100, "0.0", 1)
    csv_count = len(csv_rows(get(client, coordination_a, periode=YEAR)))
    assert len(rows) == csv_count


def test_coordinator_of_a_asking_for_b_gets_404(client, coordination_a, referrals):
    assert get(client, coordination_a, periode=YEAR, territoire="B").status_code == 404
    assert get(client, coordination_a, periode=YEAR, territoire=["A", "B"]).status_code == 404
    assert get(client, coordination_a, periode=YEAR, territoire="ZZ").status_code == 404


def test_user_without_territory_gets_404(client, referrals):
    nobody = make_user("sans-territoire", Role.PAP)
    assert get(client, nobody, periode=YEAR).status_code == 404


def test_pap_downloads_their_territory(client, pap_a, referrals):
    response = get(client, pap_a, periode=YEAR, territoire="a")
    assert response.status_code == 200
    assert {row["Portée"] for row in as_dicts(response)} == {"A"}


def test_advisor_gets_every_territory_pooled_and_only_aggregates(client, conseiller, referrals):
    """A + B are every territory → scope QC. Other families: A's (3 days) and B's (1 day) →
    delay 2.00, n 2: two families, a small group, hidden from the advisor (its n kept). No
    family code, hash or pseudonym in the file."""
    response = get(client, conseiller, periode=YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('ventilations-2024-2025-QC.csv"')
    rows = as_dicts(response)
    delay = next(
        row for row in rows if row["Groupe"] == "Autres familles" and row["Indicateur"] == DELAY
    )
    assert (delay["Portée"], delay["Valeur"], delay["n"]) == ("QC", "x", "2")
    assert delay["Statut"].startswith("Confidentiel\u00a0: un groupe de moins de 3 familles")
    text = response.content.decode("utf-8")
    assert "DOSSIER-SECRET-1" not in text
    for family in Family.objects.all():
        assert family.code_hash not in text
        assert family.pseudonym not in text
    one = as_dicts(get(client, conseiller, periode=YEAR, territoire="B"))
    assert {row["Portée"] for row in one} == {"B"}


def test_one_indicator(client, coordination_a, referrals):
    response = get(client, coordination_a, periode=YEAR, indicateur="L3_TURNOVER_PCT")
    rows = as_dicts(response)
    assert {(row["Ventilation"], row["Indicateur"]) for row in rows} == {
        ("Par secteur", "Roulement des PAP (%)")
    }
    assert len(rows) == 1 and rows[0]["Groupe"].startswith("MFA")


def test_bad_period_gets_400_with_the_pages_message(client, coordination_a):
    response = get(client, coordination_a, periode="2024-13")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode("utf-8")
    assert text == page_period("2024-13", as_of=timezone.localdate()).error
    assert "« 2024-13 »" in text and "2024-2025-T1" in text


def test_bad_format_or_indicator_gets_400_in_french(client, coordination_a):
    response = get(client, coordination_a, "pdf", periode=YEAR)
    assert response.status_code == 400
    assert response.content.decode("utf-8") == ("Format inconnu « pdf » : utilisez csv ou xlsx.")
    assert get(client, coordination_a, periode=YEAR, indicateur="L9_NOPE").status_code == 400


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(url(), {"periode": YEAR})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
