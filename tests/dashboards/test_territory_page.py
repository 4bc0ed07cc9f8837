"""The territory page (« fiche », ``/territoires/<code>/?periode=KEY``): who sees it, the engine's
numbers for every lever, the report's figures, triggered priorities and the corridors they call
for, downloads, a bad period, no family-level data, and a query count that does not grow.

Cast (tests/conftest.py): territories A and B; ``conseiller`` and ``admin`` see both,
``coordination_a`` and ``pap_a`` see A, ``coordination_b`` sees B.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboards import display
from dashboards.pages import page_period
from indicators import registry
from indicators.compute import compute
from indicators.periods import Period
from territories.models import Region, Territory, User
from tests import factories

NBSP = "\u00a0"
PERIOD = Period.parse("2024-2025")


def url(code: str, query: str = "") -> str:
    address = reverse("dashboards:territory", kwargs={"code": code})
    return f"{address}?{query}" if query else address


def page(client, user, address):
    client.force_login(user)
    return client.get(address)


@pytest.fixture
def activity(territory_a, territory_b):
    """Positions of two sectors, journal entries, a corridor, referrals and profiles on A and B,
    in fiscal year 2024-2025: enough for every lever to have a value."""
    profiles = {
        territory_a: dict(reports_per_1000=Decimal("19.64"), out_of_network_pct=Decimal("31.40")),
        territory_b: dict(reports_per_1000=Decimal("6.01"), out_of_network_pct=Decimal("29.70")),
    }
    for territory, values in profiles.items():
        factories.profile(territory, 2024, vulnerable_eqdem_pct=Decimal("29.50"), **values)
        mfa = factories.organization(territory, "MFA")
        msss = factories.organization(territory, "MSSS")
        first = factories.position(
            mfa,
            code=f"POS-{territory.code}-MFA",
            opened_on=date(2023, 4, 1),
            components=["outreach", "accompaniment", "collaboration"],
            populations=["pregnant", "immigrant"],
        )
        second = factories.position(
            msss,
            code=f"POS-{territory.code}-MSSS",
            opened_on=date(2023, 4, 1),
            components=["outreach"],
            populations=["immigrant", "housing"],
        )
        for position in (first, second):
            factories.assignment(position, person=f"PAP-{position.code}")
            factories.journal_entry(position, "supervision", date=date(2024, 6, 3), hours=6)
            factories.journal_entry(position, "support_request", date=date(2024, 9, 3))
            factories.journal_entry(position, "presentation_inter", date=date(2024, 10, 3))
        factories.corridor(
            territory,
            "MFA",
            "MSSS",
            code=f"COR-{territory.code}-1",
            entry_point="Accueil psychosocial",
            target_delay_days=2,
            consent_languages=["fr", "en"],
            transfer_template=True,
            priorities=["vulnerability"],
            active_from=date(2023, 4, 1),
        )
        for day in (3, 10, 17):
            factories.referral(
                territory,
                first_contact_on=date(2024, 5, day),
                taken_in_charge_on=date(2024, 5, day + 3),
            )
        factories.referral(territory, first_contact_on=date(2024, 6, 2))  # pending: escapes
        factories.project(territory, supported=True, started_on=date(2024, 4, 1))


# Who sees it


@pytest.mark.parametrize(
    ("cast", "code", "status"),
    [
        ("conseiller", "A", 200),
        ("conseiller", "B", 200),
        ("admin", "A", 200),
        ("admin", "B", 200),
        ("coordination_a", "A", 200),
        ("coordination_a", "B", 404),
        ("pap_a", "A", 200),
        ("pap_a", "B", 404),
        ("coordination_b", "A", 404),
    ],
)
def test_territory_page_is_seen_in_scope_and_404_outside(
    client, request, activity, cast, code, status
):
    response = page(client, request.getfixturevalue(cast), url(code, "periode=2024-2025"))

    assert response.status_code == status


def test_territory_page_downloads_are_404_outside_the_scope(client, coordination_a, activity):
    response = page(client, coordination_a, url("B", "periode=2024-2025&format=csv"))

    assert response.status_code == 404


# The engine's numbers


def test_every_lever_row_shows_the_engines_value_target_status_and_n(client, conseiller, activity):
    response = page(client, conseiller, url("A", "periode=2024-2025"))
    html = response.content.decode()
    engine = compute(PERIOD, as_of=timezone.localdate(), territories=["A"])

    shown = {
        row.indicator.code: row for lever in response.context["page"].levers for row in lever.rows
    }
    assert list(shown) == [indicator.code for indicator in registry.INDICATORS]
    for code, row in shown.items():
        expected = engine.get("A", code)
        assert row.value == display.format_value(expected), code
        assert row.target == display.format_target(expected.target, expected.definition), code
        assert row.status == display.style(expected), code
        assert row.n == display.format_n(expected), code
        assert row.province == display.format_value(engine.get("QC", code)), code
    # Hand-checked values of the fixture, as the page writes them.
    assert shown["L2_HANDOFF_DELAY_DAYS"].value == f"3,00{NBSP}j"  # three taken in 3 days
    assert shown["L2_ESCAPE_RATE_PCT"].value == f"25,0{NBSP}%"  # 1 family of 4
    assert shown["L1_MANDATE_OVERLAP_PCT"].value == f"33,3{NBSP}%"  # 1 common of 3
    assert shown["L2_ESCAPE_RATE_PCT"].status.label == display.STATUSES["not_met"].label
    assert f">25,0{NBSP}%<" in html
    assert 'href="/indicateurs/L2_ESCAPE_RATE_PCT/?periode=2024-2025"' in html


def test_trends_cover_eight_quarters_with_the_engines_values(client, conseiller, activity):
    response = page(client, conseiller, url("A", "periode=2024-2025"))
    fiche = response.context["page"]

    assert [q.key for q in fiche.quarters] == [
        *(f"2023-2024-T{n}" for n in range(1, 5)),
        *(f"2024-2025-T{n}" for n in range(1, 5)),
    ]
    charts = [chart for lever in fiche.levers for chart in lever.trends]
    assert len(charts) == 14  # every indicator but the five profile values
    escape = next(c for c in charts if c.dom_id == "tendance-L2_ESCAPE_RATE_PCT")
    first_quarter = compute(Period.parse("2024-2025-T1"), as_of=timezone.localdate())
    assert escape.rows[4][1] == display.format_value(first_quarter.get("A", "L2_ESCAPE_RATE_PCT"))
    html = response.content.decode()
    assert len(re.findall(r'<figure class="chart" id="tendance-L\d_[A-Z0-9_]+-chart"', html)) == 14
    assert 'id="tendance-L2_ESCAPE_RATE_PCT-figure"' in html  # the figure, as JSON data


# The socio-health profile and the priorities


def test_profile_used_is_that_of_the_periods_year_else_the_latest_earlier(
    client, conseiller, territory_a
):
    factories.profile(territory_a, 2022, reports_per_1000=Decimal("11.11"))
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("22.22"))

    later = page(client, conseiller, url("A", "periode=2025-2026"))
    earlier = page(client, conseiller, url("A", "periode=2022-2023-T2"))
    before = page(client, conseiller, url("A", "periode=2021-2022"))

    assert later.context["page"].profile.fiscal_year == 2023
    assert ">22,22<" in later.content.decode()
    assert "2023-2024" in later.content.decode()
    assert earlier.context["page"].profile.fiscal_year == 2022
    assert before.context["page"].profile is None


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=io.StringIO())


def test_demo_pages_show_the_reports_2023_figures_exactly(client, demo):
    advisor = User.objects.get(username="conseiller")

    a = page(client, advisor, url("A", "periode=2023-2024")).content.decode()
    b = page(client, advisor, url("B", "periode=2023-2024")).content.decode()
    c = page(client, advisor, url("C", "periode=2023-2024")).content.decode()

    # The report's table (seed report, p. « portrait sociosanitaire »), 2023-2024.
    for figure in (">160<", ">6,01<", f">29,7{NBSP}%<", f">29,5{NBSP}%<"):
        assert figure in a
    assert ">19,64<" in b  # B's youth-protection report rate
    assert f">31,4{NBSP}%<" in c  # C's children out of the childcare network
    assert "notice-illustrative" not in a  # the report's own figures
    # The reference is the mean of A–D: (6,01 + 19,64 + 6,44 + 4,79) / 4 = 9,22.
    assert ">9,22<" in a


def test_demo_b_calls_for_a_youth_protection_corridor_it_lacks(client, demo):
    advisor = User.objects.get(username="conseiller")

    response = page(client, advisor, url("B", "periode=2023-2024"))

    (priority,) = response.context["page"].priorities
    assert priority.priority == "child_protection"
    assert priority.corridors == []
    assert priority.suggested_sectors == ("MSSS",)
    html = response.content.decode()
    assert "priority__corridors--missing" in html
    # 19,64 against the mean 9,22, triggered from 9,22 × 1,10 = 10,14.
    assert "19,64" in html and "10,14" in html


def test_triggered_priorities_name_the_corridors_answering_them_or_the_missing_one(
    client, coordination_a, activity, territory_a
):
    # A: reports 19,64 and out of network 31,4 % against the mean of A and B (12,825; 30,55):
    # child protection triggers (≥ 14,1075), out of network does not (< 33,605).
    factories.corridor(
        territory_a,
        "MSSS",
        "MFA",
        code="COR-A-DPJ",
        priorities=["child_protection"],
        active_from=date(2024, 1, 1),
    )
    factories.corridor(
        territory_a,
        "MSSS",
        "MEQ",
        code="COR-A-ANCIEN",
        priorities=["child_protection"],
        active_from=date(2020, 1, 1),
        active_to=date(2021, 1, 1),
    )

    response = page(client, coordination_a, url("A", "periode=2024-2025"))
    fiche = response.context["page"]
    engine = compute(PERIOD, as_of=timezone.localdate(), territories=["A"])

    assert [p.priority for p in fiche.priorities] == engine.priorities["A"] == ["child_protection"]
    assert [c.code for c in fiche.priorities[0].corridors] == ["COR-A-DPJ"]  # not the old one
    html = response.content.decode()
    assert "COR-A-DPJ" in html
    assert "priority__corridors--missing" not in html


def test_without_a_triggered_priority_the_page_says_so(client, conseiller, territory_a):
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("5.00"))

    response = page(client, conseiller, url("A", "periode=2024-2025"))

    assert response.context["page"].priorities == []
    assert "priority-list" not in response.content.decode()


# Positions and corridors


def test_positions_show_their_overlap_with_other_sectors(client, conseiller, activity):
    response = page(client, conseiller, url("A", "periode=2024-2025"))
    rows = {row.position.code: row for row in response.context["page"].positions}

    # MFA {pregnant, immigrant} vs MSSS {immigrant, housing}: 1 common of 3.
    assert rows["POS-A-MFA"].overlap_pct.quantize(Decimal("0.01")) == Decimal("33.33")
    assert rows["POS-A-MFA"].sharing_sectors == ["MSSS"]
    assert "POS-B-MFA" not in rows
    html = response.content.decode()
    assert f"33,3{NBSP}%" in html
    assert "Femmes enceintes" in html or "Pregnant women" in html  # labels, not codes


def test_corridors_say_which_formal_criteria_are_missing(client, conseiller, activity, territory_a):
    factories.corridor(territory_a, "MSSS", "MEQ", code="COR-A-SIMPLE", consent_languages=["fr"])

    response = page(client, conseiller, url("A", "periode=2024-2025"))
    rows = {row.corridor.code: row for row in response.context["page"].corridors}

    assert rows["COR-A-1"].missing == []
    assert len(rows["COR-A-SIMPLE"].missing) == 4
    assert "COR-B-1" not in rows


# A bad period


@pytest.mark.parametrize("bad", ["2024-2026", "deux-mille", "<script>"])
def test_a_bad_period_explains_with_status_400_and_still_shows_the_page(
    client, conseiller, activity, bad
):
    response = page(client, conseiller, url("A", f"periode={bad}"))
    html = response.content.decode()

    assert response.status_code == 400
    expected = page_period(bad, as_of=timezone.localdate())
    assert response.context["page_period"].error == expected.error != ""
    assert 'role="alert"' in html
    assert "<script>" not in html
    assert response.context["page"].period == expected.period  # the default period's page
    assert 'id="leviers"' in html


def test_a_bad_period_does_not_download(client, conseiller, activity):
    response = page(client, conseiller, url("A", "periode=nope&format=csv"))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# Downloads


HEADERS = ["Levier", "Indicateur", "Unité", "Valeur", "Cible", "Statut", "n", "Province (QC)"]


def test_csv_download_is_the_territorys_indicators_in_french(client, coordination_a, activity):
    response = page(client, coordination_a, url("A", "periode=2024-2025&format=csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="arrimage-A-2024-2025.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + len(registry.INDICATORS)  # one line per indicator, lever by lever
    by_name = {row[1]: row for row in rows[1:]}
    reports = by_name["Signalements à la protection de la jeunesse pour 1 000 enfants"]
    assert reports[0] == "5" and reports[3] == "19,64"  # A's profile, as the page writes it


def test_xlsx_download_has_numbers_with_their_format(client, conseiller, activity):
    response = page(client, conseiller, url("B", "periode=2024-2025&format=xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == HEADERS
    reports = next(row for row in rows if row[1].value.startswith("Signalements à la protection"))
    assert reports[3].value == Decimal("6.01") or reports[3].value == 6.01
    assert reports[3].number_format == "0.00"


# No family-level data


def test_advisor_sees_aggregates_but_no_family_level_data(
    client, conseiller, activity, territory_a
):
    family = factories.family(territory_a, code="DOSSIER-SECRET")
    factories.referral(territory_a, family=family, ref="R-CONFIDENTIEL")

    response = page(client, conseiller, url("A", "periode=2024-2025"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "R-CONFIDENTIEL" not in html
    assert family.pseudonym not in html
    assert "DOSSIER-SECRET" not in html
    assert not {"referrals", "referral", "families", "family"} & set(response.context.keys())


# Queries


def _more_territories(count: int) -> None:
    """``count`` more territories, each with a profile, positions and a corridor."""
    region = Region.objects.get(code="06")
    for n in range(count):
        territory = Territory.objects.create(
            code=f"T{n:02d}", name=f"T {n}", milieu="urbain", region=region
        )
        factories.profile(territory, 2024, reports_per_1000=Decimal("7.00"))
        factories.position(factories.organization(territory, "MEQ"), code=f"POS-T{n:02d}")
        factories.corridor(territory, "MEQ", "MFA", code=f"COR-T{n:02d}")


@pytest.mark.parametrize("extra", [0, 4])
def test_territory_page_query_count_does_not_grow_with_territories(
    client, django_assert_num_queries, coordination_a, activity, territory_a, extra
):
    """2 then 6 territories, more positions and corridors on A: the same queries."""
    _more_territories(extra)
    factories.position(factories.organization(territory_a, "MEQ"), code=f"POS-A-X{extra}")
    client.force_login(coordination_a)
    client.get(url("A", "periode=2024-2025"))  # stores the tallies of every period shown

    # 1 session, 2 user, 3 the user's territory ids (scope), 4 the territory and its region;
    # page_period: 5-7 the first and last dates of referrals, journal, survey answers;
    # indicators.store for the period and its eight quarters at once: 8 territories and data
    # versions, 9 stored tallies, 10 stored province tallies, 11 every profile (engine),
    # 12 targets; 13 the profile used, 14 the profiles of its year (reference), 15 corridors,
    # 16 positions with their organization and sector, 17 projects; the breakdowns from their
    # stored tallies (indicators.breakdowns): 18 territories, 19 targets, 20 the territory's
    # version, 21 its stored group tallies, 22 the sectors' names; 23 the stories behind the
    # numbers; 24 the service gaps' counts; 25 the navigation's count of referrals to watch.
    with django_assert_num_queries(25):
        response = client.get(url("A", "periode=2024-2025"))

    assert response.status_code == 200
    assert len(response.context["page"].positions) == 3


def test_a_change_on_the_territory_shows_on_the_next_visit(client, coordination_a, activity):
    """After a change on A, only A's tallies are computed again; the page stays exact."""
    client.force_login(coordination_a)
    client.get(url("A", "periode=2024-2025"))
    factories.referral(Territory.objects.get(code="A"), first_contact_on=date(2024, 7, 2))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("A", "periode=2024-2025"))

    engine = compute(PERIOD, as_of=timezone.localdate(), territories=["A"])
    shown = {r.indicator.code: r for lever in response.context["page"].levers for r in lever.rows}
    assert shown["L2_ESCAPE_RATE_PCT"].value == display.format_value(
        engine.get("A", "L2_ESCAPE_RATE_PCT")
    )
    assert len(queries) > 28  # stale tallies were computed and stored
