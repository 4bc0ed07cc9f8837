"""``/tableau-de-bord/``: the province overview — scope, numbers, filters, sort, downloads,
bad input, query count."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from dashboards import display
from indicators.compute import compute
from indicators.periods import Period
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/tableau-de-bord/"
YEAR = "2024-2025"


@pytest.fixture
def activity(territory_a, territory_b):
    """A: 2 families, 1 escaped (lost) → escape 50 %; B: 1 family taken in charge in 1 day."""
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_a, first_contact_on=date(2024, 6, 1), taken_in_charge_on=date(2024, 6, 4)
    )
    factories.referral(
        territory_b, first_contact_on=date(2024, 7, 1), taken_in_charge_on=date(2024, 7, 2)
    )
    factories.survey_answers(territory_b, [5, 4], submitted_on=date(2024, 9, 1))


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def page(client, user, query=f"periode={YEAR}"):
    login(client, user)
    return client.get(f"{URL}?{query}")


def body_rows(response) -> dict[str, list[str]]:
    """The overview's lines by code, as the cells' visible text (value and symbol)."""
    return {line.code: [cell.text for cell in line.cells] for line in response.context["lines"]}


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_advisor_sees_every_territory_and_the_province(client, conseiller, activity):
    response = page(client, conseiller)
    assert response.status_code == 200
    assert [line.code for line in response.context["lines"]] == ["A", "B"]
    assert response.context["province"].code == "QC"


@pytest.mark.parametrize("cast", ["coordination_a", "pap_a"])
def test_coordinator_and_pap_see_their_territory_and_the_province_only(
    client, request, cast, activity
):
    response = page(client, request.getfixturevalue(cast))
    assert [line.code for line in response.context["lines"]] == ["A"]
    content = response.content.decode()
    assert 'href="/territoires/B/' not in content
    assert response.context["province"].code == "QC"


def test_numbers_are_the_engines(client, conseiller, activity):
    response = page(client, conseiller)
    results = compute(Period.parse(YEAR), as_of=timezone.localdate(), territories=["A", "B"])
    lines = {line.code: line for line in [*response.context["lines"], response.context["province"]]}
    for code in ("A", "B", "QC"):
        for cell in lines[code].cells:
            row = results.get(code, cell.row.indicator)
            assert cell.text == display.format_value(row)
            assert cell.row.status == row.status
    # By hand: A's escape rate is 1 escaped family out of 2.
    escape = results.get("A", "L2_ESCAPE_RATE_PCT")
    assert display.format_value(escape) == "50,0\u00a0%"
    assert "50,0\u00a0%" in response.content.decode()


def test_a_change_shows_on_the_next_load(client, conseiller, activity, territory_a):
    before = page(client, conseiller)
    escape = "L2_ESCAPE_RATE_PCT"
    position = [cell.row.indicator for cell in before.context["lines"][0].cells].index(escape)
    assert before.context["lines"][0].cells[position].text == "50,0\u00a0%"
    factories.referral(territory_a, referred_on=date(2024, 8, 1), status="lost")
    after = client.get(f"{URL}?periode={YEAR}")
    # 2 escaped families out of 3.
    assert after.context["lines"][0].cells[position].text == "66,7\u00a0%"


def test_each_cell_says_its_status_in_words_not_only_in_colour(client, conseiller, activity):
    content = page(client, conseiller).content.decode()
    assert "Target not met" in content or "Cible non atteinte" in content
    assert 'class="status-cell status--not-met"' in content
    assert "✗" in content


def test_suppressed_survey_mean_shows_x(client, conseiller, activity):
    # B has 2 PAP respondents (< 3): suppressed, and A has none, so nothing else is hidden.
    response = page(client, conseiller)
    cells = {cell.row.indicator: cell for cell in response.context["lines"][1].cells}
    assert cells["L6_PAP_SATISFACTION"].text == "x"
    assert cells["L6_PAP_SATISFACTION"].row.n == 2


def test_filters_by_region_and_milieu(client, conseiller, activity):
    # A is in region 04 (mixte), B in region 01 (rural).
    assert list(body_rows(page(client, conseiller, f"periode={YEAR}&region=01"))) == ["B"]
    assert list(body_rows(page(client, conseiller, f"periode={YEAR}&milieu=mixte"))) == ["A"]
    assert list(body_rows(page(client, conseiller, f"periode={YEAR}&milieu=urbain"))) == []


def test_sector_filter_keeps_territories_where_the_sector_has_a_pap(
    client, conseiller, activity, territory_b
):
    position = factories.position(factories.organization(territory_b, sector="MEQ"))
    factories.assignment(position, started_on=date(2024, 4, 1))
    response = page(client, conseiller, f"periode={YEAR}&secteur=MEQ")
    assert list(body_rows(response)) == ["B"]


def test_sort_by_an_indicator_puts_values_not_shown_last(client, conseiller, activity):
    factories.territory("C")
    # Handoff delay: A 3 days, B 1 day, C no referral (not applicable).
    ascending = page(client, conseiller, f"periode={YEAR}&tri=L2_HANDOFF_DELAY_DAYS")
    assert list(body_rows(ascending)) == ["B", "A", "C"]
    descending = page(client, conseiller, f"periode={YEAR}&tri=L2_HANDOFF_DELAY_DAYS&ordre=desc")
    assert list(body_rows(descending)) == ["A", "B", "C"]


def test_bad_period_gets_a_french_message_and_the_page(client, conseiller, activity):
    response = page(client, conseiller, "periode=2024-13")
    assert response.status_code == 400
    content = response.content.decode()
    assert "2024-13" in content
    assert "n’est pas une période" in content or "is not a period" in content
    assert response.context["chosen"].period == Period.parse(YEAR)  # the default is shown


def test_bad_filter_values_are_named_and_ignored(client, conseiller, activity):
    response = page(client, conseiller, f"periode={YEAR}&region=99&tri=NOPE")
    assert response.status_code == 400
    assert list(body_rows(response)) == ["A", "B"]
    assert "99" in response.content.decode()


def _columns(rows):
    """{header: column index} of a download's first row."""
    return {name: number for number, name in enumerate(rows[0])}


ESCAPE = "Taux d’échappement (%)"
DELAY = "Délai moyen de prise en charge (j)"


def test_csv_download_is_the_table_in_french_for_excel_in_quebec(client, conseiller, activity):
    response = page(client, conseiller, f"periode={YEAR}&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (f'attachment; filename="tableau-de-bord-{YEAR}.csv"')
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    columns = _columns(rows)
    assert rows[0][:2] == ["Territoire", "Cibles manquées"] and len(rows[0]) == 2 + 19
    by_code = {row[0]: row for row in rows[1:]}
    assert list(by_code) == ["A", "B", "QC"]  # one row per territory, the province last
    # A: 1 family of 2 escaped; B: none of 1; QC: 1 of 3. Delays: A 3 days, B 1, QC (3+1)/2.
    assert [by_code[code][columns[ESCAPE]] for code in by_code] == ["50,0", "0,0", "33,3"]
    assert [by_code[code][columns[DELAY]] for code in by_code] == ["3,00", "1,00", "2,00"]


def test_csv_download_keeps_to_the_filters(client, conseiller, activity):
    response = page(client, conseiller, f"periode={YEAR}&region=01&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["B", "QC"]


def test_xlsx_download_has_numbers_with_number_formats(client, coordination_a, activity):
    response = page(client, coordination_a, f"periode={YEAR}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    columns = _columns([[cell.value for cell in rows[0]]])
    assert [row[0].value for row in rows[1:]] == ["A", "QC"]
    escape = rows[1][columns[ESCAPE]]
    assert escape.value == 50 and escape.number_format == "0.0"
    delay = rows[2][columns[DELAY]]
    assert delay.value == 2 and delay.number_format == "0.00"


def test_unknown_format_is_a_message_not_a_file(client, conseiller, activity):
    response = page(client, conseiller, f"periode={YEAR}&format=pdf")
    assert response.status_code == 400
    assert "pdf" in response.content.decode()
    assert "Content-Disposition" not in response


def count_queries(client, user) -> int:
    client.get(f"{URL}?periode={YEAR}")  # stores the tallies
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?periode={YEAR}")
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_territories(client, conseiller, activity):
    # session, user; data date range (3); regions; sectors; territories in scope;
    # stored results of the period and the previous one (territories and versions, tallies,
    # province row, profiles, targets); the watch list's groups (territories, targets,
    # versions, stored group tallies); the profiles' years (one).
    login(client, conseiller)
    with_two = count_queries(client, conseiller)
    for code in "CDEF":
        territory = factories.territory(code)
        factories.referral(territory, referred_on=date(2024, 5, 2))
    assert count_queries(client, conseiller) == with_two == 18


def test_confidentiality_words_follow_the_min_cell_size_setting(
    client, conseiller, activity, settings
):
    """B's survey mean rests on 2 respondents: hidden under 5 as under the default 3, and the
    legend and the hidden cell say 5."""
    settings.MIN_CELL_SIZE = 5
    html = page(client, conseiller).content.decode()
    assert "une moyenne de sondage reposant sur moins de 5 répondants n’est pas affichée" in html
    assert "Confidentiel : moins de 5 répondants" in html
    assert "moins de 3" not in html


def test_a_period_without_data_says_so_instead_of_zero(client, conseiller, activity):
    # The fixture's data is in 2024-2025: nothing was recorded in 2023-2024.
    response = page(client, conseiller, "periode=2023-2024")
    cells = {
        (line.code, cell.row.indicator): cell for line in response.context["lines"]
        for cell in line.cells
    }  # fmt: skip
    for indicator in ("L1_PRESENTATIONS", "L4_PROJECTS", "L2_ESCAPE_RATE_PCT"):
        cell = cells[("A", indicator)]
        assert cell.text == "aucune donnée", indicator
        assert cell.status.css == "no-data" and "Aucune donnée" in str(cell.status.label)
    assert not [cell for cell in cells.values() if cell.text == "0"]  # no count of nothing
    download = page(client, conseiller, "periode=2023-2024&format=csv").content.decode("utf-8-sig")
    assert "aucune donnée" in download


def test_a_true_zero_stays_a_zero(client, conseiller, territory_a):
    # Two PAPs all year and nobody left: turnover 0 % (n 0 departures) is a value, not a gap.
    organization = factories.organization(territory_a, "MFA")
    for number in range(2):
        position = factories.position(organization, code=f"P-{number}", opened_on=date(2023, 4, 1))
        factories.assignment(position, person=f"PAP-{number}", started_on=date(2023, 4, 1))
    response = page(client, conseiller)
    (line,) = response.context["lines"]
    turnover = next(cell for cell in line.cells if cell.row.indicator == "L3_TURNOVER_PCT")
    assert turnover.text == "0,0\u00a0%"


def test_the_legend_says_how_each_qc_value_is_made(client, conseiller, activity):
    html = page(client, conseiller).content.decode()
    legend = html[html.index("La ligne QC") :]
    pooled = legend[legend.index("Données de tous les territoires réunies") :].split("</li>")[0]
    assert "Taux d’échappement" in pooled and "Délai moyen de prise en charge" in pooled
    summed = legend[legend.index("La somme des territoires") :].split("</li>")[0]
    assert "Présentations du mandat des PAP" in summed and "Taux d’échappement" not in summed
    assert "Le portrait de référence" in legend


def test_the_title_names_whose_overview_it_is(client, conseiller, coordination_a, activity):
    assert "<h1>Vue d’ensemble de la province</h1>" in page(client, conseiller).content.decode()
    client.logout()
    html = page(client, coordination_a).content.decode()
    assert "<h1>Vue d’ensemble du territoire A</h1>" in html
    assert "<title>Vue d’ensemble du territoire A – 2024-2025" in html


def test_a_profile_taken_from_an_earlier_year_says_so(client, conseiller, territory_a):
    # A's only profile is 2024-2025's: 2025-2026 shows it, saying whose year it is.
    from decimal import Decimal

    factories.profile(territory_a, 2024, reports_per_1000=Decimal("19.64"))
    factories.referral(territory_a, first_contact_on=date(2025, 5, 1))

    def reports(period):
        (line,) = page(client, conseiller, f"periode={period}").context["lines"]
        return next(c for c in line.cells if c.row.indicator == "L5_REPORTS_PER_1000")

    later = reports("2025-2026")
    assert (later.text, later.note) == ("19,64", "portrait 2024-2025")
    same = reports("2024-2025")
    assert (same.text, same.note) == ("19,64", "")
