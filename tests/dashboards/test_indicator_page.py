"""``/indicateurs/<code>/``: an indicator's page — who sees which territories, the numbers, the
ranking order, bad input, the download and the query count."""

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from dashboards import display
from indicators.compute import NOT_APPLICABLE, SUPPRESSED, compute
from indicators.export import export_rows
from indicators.periods import Period
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
ESCAPE = "L2_ESCAPE_RATE_PCT"
SATISFACTION = "L6_PAP_SATISFACTION"


def url(code: str = ESCAPE, query: str = f"periode={YEAR}") -> str:
    return f"/indicateurs/{code}/?{query}"


class Ranking(HTMLParser):
    """The ranking table's lines (``<tr data-territory>``) as lists of their cells' text."""

    def __init__(self):
        super().__init__()
        self.lines: dict[str, list[str]] = {}
        self.order: list[str] = []
        self._in_table = False
        self._line: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id") == "classement":
            self._in_table = True
        elif self._in_table and tag == "tr" and "data-territory" in attributes:
            self._line = attributes["data-territory"]
            self.order.append(self._line)
            self.lines[self._line] = []
        elif self._line and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag in ("td", "th") and self._cell is not None:
            # Collapse the template's spaces and line breaks; keep the no-break spaces.
            self.lines[self._line].append(re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr":
            self._line = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def ranking(response) -> Ranking:
    parser = Ranking()
    parser.feed(response.content.decode())
    return parser


def get(client, user, address=None):
    client.login(username=user.username, password=PASSWORD)
    return client.get(address or url())


@pytest.fixture
def referrals(territory_a, territory_b):
    """Escape rate: A 1 lost family of 2 (50 %), B 0 of 1 (0 %)."""
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    factories.referral(
        territory_a, first_contact_on=date(2024, 6, 1), taken_in_charge_on=date(2024, 6, 4)
    )
    factories.referral(
        territory_b, first_contact_on=date(2024, 7, 1), taken_in_charge_on=date(2024, 7, 2)
    )


# Who sees what


def test_anonymous_is_sent_to_the_login_page(client, referrals):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_advisor_sees_every_territory_then_the_province(client, conseiller, referrals):
    response = get(client, conseiller)
    assert response.status_code == 200
    # Lower is better: B (0 %) before A (50 %), then the Quebec row.
    assert ranking(response).order == ["B", "A", "QC"]


@pytest.mark.parametrize("cast", ["coordination_a", "pap_a"])
def test_coordinator_and_pap_see_their_territory_and_the_province_only(
    client, request, cast, referrals
):
    response = get(client, request.getfixturevalue(cast))
    assert response.status_code == 200
    assert ranking(response).order == ["A", "QC"]
    content = response.content.decode()
    assert "/territoires/B/" not in content
    assert ">B<" not in content  # not in the chart's table either
    assert [row[0] for row in response.context["distribution"].rows][:1] == ["A"]
    assert len(response.context["distribution"].rows) == 2  # A, then the Quebec row


def test_a_single_territory_is_not_ranked(client, coordination_a, conseiller, referrals):
    content = get(client, coordination_a).content.decode()
    assert "Rang" not in content and "Classement des territoires" not in content
    assert "Le territoire à côté de la province" in content
    assert ranking(get(client, coordination_a)).lines["A"][0] == "A"  # no rank cell first
    assert "Classement des territoires" in get(client, conseiller).content.decode()


def test_unknown_code_is_404(client, conseiller):
    assert get(client, conseiller, url("L9_NOTHING")).status_code == 404


def test_lowercase_code_goes_to_the_canonical_address(client, conseiller):
    response = get(client, conseiller, url(ESCAPE.lower()))
    assert response.status_code == 302
    assert response["Location"] == url()


# What it says


def test_numbers_are_the_engines(client, conseiller, referrals):
    response = get(client, conseiller)
    results = compute(Period.parse(YEAR), as_of=timezone.localdate(), territories=["A", "B"])
    lines = ranking(response).lines
    for code in ("A", "B", "QC"):
        row = results.get(code, ESCAPE)
        _rank, _territory, value, target, status, n = lines[code]
        assert value == display.format_value(row)
        assert target == display.format_target(row.target, row.definition)
        assert status.endswith(str(display.STATUSES[row.status].label))
        assert n == display.format_n(row)
    # By hand: A lost 1 family of 2, B none of 1; Quebec 1 of 3. Target < 10 %.
    assert lines["A"][2:4] == ["50,0\u00a0%", "<\u00a010\u00a0%"]
    assert lines["B"][2] == "0,0\u00a0%"
    assert lines["QC"][2] == "33,3\u00a0%"
    assert lines["B"][4].startswith("✓") and lines["A"][4].startswith("✗")


def test_page_gives_definition_formula_target_and_period_choices(client, conseiller, referrals):
    response = get(client, conseiller)
    content = response.content.decode()
    assert "Part des familles orientées pendant la période" in content  # definition_fr
    assert "30 days" in content or "30 jours" in content  # ESCAPE_DAYS in the formula
    assert response.context["province_target"].endswith(" 10\u00a0%")  # less than 10 %
    assert '<select name="periode" id="periode"' in content
    assert '<label class="form-label" for="periode">' in content
    assert "<optgroup" in content
    assert f'<option value="{YEAR}" selected>' in content
    assert response.context["distribution"].dom_id in content
    assert response.context["trend"].dom_id in content
    assert "style=" not in content and content.count("<h1") == 1  # CSP: no inline style


def test_a_territorys_own_target_is_named_and_used(client, conseiller, referrals, territory_a):
    factories.target(ESCAPE, territory_a, comparison="<", value=60)
    response = get(client, conseiller)
    lines = ranking(response).lines
    assert lines["A"][3].startswith("<\u00a060\u00a0%")  # then the hidden words and *
    assert lines["A"][4].startswith("✓")
    assert lines["B"][3] == "<\u00a010\u00a0%"
    assert [code for code, _words in response.context["overrides"]] == ["A"]


def test_trend_covers_the_last_eight_quarters_of_the_province(client, conseiller, referrals):
    trend = get(client, conseiller).context["trend"]
    labels = [row[0] for row in trend.rows]
    assert labels == [period.label for period in Period.parse(YEAR).previous_quarters(8)]
    # 2024-2025-T1 (April–June): A's two referrals, 1 lost family of 2.
    t1 = Period.parse("2024-2025-T1")
    quebec = compute(t1, as_of=timezone.localdate(), territories=[]).get("QC", ESCAPE)
    assert trend.rows[4][1] == display.format_value(quebec) == "50,0\u00a0%"


def test_ranking_order_by_hand_with_ties_and_values_not_shown_last(client, conseiller):
    """PAP satisfaction, higher is better. A 4,67; C 4,25; B and G 3 (tied); D and F too few
    respondents (x); E no answer (not applicable)."""
    answers = {"A": [5, 5, 4], "B": [3, 3, 3], "C": [4, 4, 4, 5], "D": [5], "E": [], "F": [2, 2]}
    answers["G"] = [3, 3, 3]
    for code, scores in answers.items():
        factories.survey_answers(factories.territory(code), scores, submitted_on=date(2024, 9, 1))
    response = get(client, conseiller, url(SATISFACTION))
    table = ranking(response)
    assert table.order == ["A", "C", "B", "G", "D", "E", "F", "QC"]
    assert [table.lines[code][0] for code in table.order] == [
        *["1", "2", "3", "3"],
        *["—", "—", "—", "—"],
    ]
    assert table.lines["A"][2] == "4,67"
    assert table.lines["D"][2] == "x" and table.lines["F"][2] == "x"
    assert table.lines["E"][2] == "aucune donnée"  # nobody answered: not a zero
    assert table.lines["E"][5] == "0" and table.lines["D"][5] == "1"
    results = compute(Period.parse(YEAR), as_of=timezone.localdate())
    assert results.get("D", SATISFACTION).status == SUPPRESSED
    assert results.get("E", SATISFACTION).status == NOT_APPLICABLE
    assert table.lines["QC"][2] == display.format_value(results.get("QC", SATISFACTION))


# Bad input


def test_bad_period_gets_a_french_message_and_the_page(client, conseiller, referrals):
    response = get(client, conseiller, url(query="periode=2024-13"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "2024-13" in content and 'role="alert"' in content
    assert "n’est pas une période" in content or "is not a period" in content
    assert response.context["period"] == Period.parse(YEAR)  # the default is shown
    assert ranking(response).order == ["B", "A", "QC"]


def test_unknown_format_is_a_message_not_a_file(client, conseiller, referrals):
    response = get(client, conseiller, url(query=f"periode={YEAR}&format=pdf"))
    assert response.status_code == 400
    assert "pdf" in response.content.decode()
    assert "Content-Disposition" not in response


# Downloads


def engine_rows(territories, code=ESCAPE):
    results = compute(Period.parse(YEAR), as_of=timezone.localdate(), territories=territories)
    return [row for row in export_rows(results) if row["indicator"] == code]


NBSP = "\u00a0"


def _download(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_download_is_each_territorys_value_in_french(client, conseiller, referrals):
    response = get(client, conseiller, url(query=f"periode={YEAR}&format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _download(response)
    assert rows[0] == ["Territoire", "Taux d’échappement (%)", "Cible", "Statut", "n"]
    # A: 1 family of 2 lost; B: 0 of 1; QC: 1 of 3 (target: less than 10 %).
    target = f"<{NBSP}10{NBSP}%"
    assert rows[1:] == [
        ["A", "50,0", target, "Cible non atteinte", "2"],
        ["B", "0,0", target, "Cible atteinte", "1"],
        ["QC", "33,3", target, "Cible non atteinte", "3"],
    ]


def test_coordinators_download_holds_their_territory_and_the_province(
    client, coordination_a, referrals
):
    response = get(client, coordination_a, url(query=f"periode={YEAR}&format=csv"))
    assert [row[0] for row in _download(response)[1:]] == ["A", "QC"]


def test_xlsx_download_has_numbers_with_their_format(client, conseiller, referrals):
    response = get(client, conseiller, url(query=f"periode={YEAR}&format=xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [row[0].value for row in rows[1:]] == ["A", "B", "QC"]
    assert [row[1].value for row in rows[1:]] == [50, 0, pytest.approx(33.3)]
    assert {row[1].number_format for row in rows[1:]} == {"0.0"}


# Speed


def count_queries(client, code: str) -> int:
    """Queries of the page with its breakdowns asked for (``ventilations=1``)."""
    address = url(code, f"periode={YEAR}&ventilations=1")
    client.get(address)  # stores the tallies
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


# session; user; data_date_range (referrals, journal, survey answers: 3); visible territory
# codes; the store (territories and versions, stored tallies, stored province rows, profiles,
# targets: 5); this indicator's territory targets → 12. Then the breakdowns, from their stored
# tallies (territories, targets, the territories' versions, the stored group tallies; and the
# sectors' names for a staffing indicator); none for a survey.
QUERIES = {ESCAPE: 12 + 4, "L3_TURNOVER_PCT": 12 + 5, SATISFACTION: 12}


@pytest.mark.parametrize("code", list(QUERIES))
def test_query_count_is_the_same_at_2_and_6_territories(client, conseiller, referrals, code):
    client.login(username=conseiller.username, password=PASSWORD)
    with_two = count_queries(client, code)
    for territory_code in ("C", "D", "E", "F"):
        territory = factories.territory(territory_code)
        factories.referral(territory, referred_on=date(2024, 8, 1), status="lost")
        factories.corridor(territory)
        factories.pap(territory, "MEQ", ended_on=date(2024, 9, 30))
        factories.survey_answers(territory, [4, 5, 3], submitted_on=date(2024, 9, 1))
        factories.target(code, territory, comparison=">=", value=20)
    with_six = count_queries(client, code)
    assert with_two == with_six == QUERIES[code]


def test_coordinators_query_count_adds_only_their_scope(client, coordination_a, referrals):
    # The advisor's, the coordinator's territories (once per request), and the navigation's
    # count of referrals to watch.
    client.login(username=coordination_a.username, password=PASSWORD)
    assert count_queries(client, ESCAPE) == QUERIES[ESCAPE] + 2


# Breakdowns


def test_referral_indicators_are_broken_down_within_the_users_scope(
    client, coordination_a, referrals, territory_a, territory_b
):
    factories.corridor(territory_a, code="A-COR-1")
    factories.corridor(territory_b, code="B-COR-1")
    response = get(client, coordination_a)
    dimensions = [breakdown.dimension for breakdown in response.context["breakdowns"]]
    assert dimensions == ["corridor", "sector_pair", "immigrant"]
    content = response.content.decode()
    assert "A-COR-1" in content and "B-COR-1" not in content
    assert f"indicateur={ESCAPE}" in content  # the breakdowns' download of this indicator


def test_advisor_asks_for_the_provinces_breakdowns_they_are_not_computed_unasked(
    client, conseiller, referrals
):
    unasked = get(client, conseiller)
    assert unasked.context["breakdowns"] == []
    assert "ventilations=1" in unasked.content.decode()
    asked = client.get(url(ESCAPE, f"periode={YEAR}&ventilations=1"))
    dimensions = [breakdown.dimension for breakdown in asked.context["breakdowns"]]
    assert dimensions == ["corridor", "sector_pair", "immigrant"]


def test_survey_means_are_not_broken_down(client, conseiller, referrals):
    response = get(client, conseiller, url(SATISFACTION))
    assert response.context["breakdowns"] == []
    assert "ventilations-titre" not in response.content.decode()


def test_a_period_in_progress_is_marked(client, conseiller, referrals):
    current = Period.fiscal_year_of(timezone.localdate())
    response = get(client, conseiller, url(query=f"periode={current.key}"))
    assert response.status_code == 200
    assert response.context["page"].in_progress
    assert "in progress</span>" in response.content.decode() or "en cours</span>" in (
        response.content.decode()
    )
    # Its trend stops at the quarter under way.
    labels = [row[0] for row in response.context["trend"].rows]
    assert labels[-1] == Period.quarter_of(timezone.localdate()).label


def test_the_breadcrumb_and_title_give_the_french_name(client, conseiller, referrals):
    html = get(client, conseiller).content.decode()
    crumb = html[html.index('aria-current="page"') :].split("</li>")[0]
    assert "Taux d’échappement" in crumb and ESCAPE not in crumb
    assert "<title>Taux d’échappement (2024-2025)" in html


def test_a_profile_value_from_an_earlier_year_says_whose_year(client, conseiller, territory_a):
    from decimal import Decimal

    factories.profile(territory_a, 2023, reports_per_1000=Decimal("19.64"))
    response = get(client, conseiller, url("L5_REPORTS_PER_1000"))  # 2024-2025: none recorded
    (line,) = [line for line in response.context["ranking"] if line.row.territory == "A"]
    assert (line.value, line.note) == ("19,64", "portrait 2023-2024")
    assert "portrait 2023-2024" in response.content.decode()
