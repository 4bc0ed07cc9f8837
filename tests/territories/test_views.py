"""Territory pages: who sees which territory, what the pages show, and their query counts.

Cast (tests/conftest.py): territories A and B; ``conseiller`` and ``admin`` see both,
``coordination_a`` and ``pap_a`` see A, ``coordination_b`` sees B.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from territories.models import Region, Territory
from territories.selectors import reference_profile
from tests import factories

NBSP = "\u00a0"


def list_url() -> str:
    return reverse("territories:list")


def detail_url(code: str) -> str:
    return reverse("dashboards:territory", kwargs={"code": code})


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


# Territories list


def test_territory_list_url():
    assert list_url() == "/territoires/"
    assert detail_url("A") == "/territoires/A/"


def test_territory_list_asks_anonymous_visitors_to_log_in(client, territory_a):
    response = client.get(list_url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/territoires/"


@pytest.mark.parametrize(
    ("cast", "codes"),
    [
        ("conseiller", ["A", "B"]),
        ("admin", ["A", "B"]),
        ("coordination_a", ["A"]),
        ("coordination_b", ["B"]),
        ("pap_a", ["A"]),
    ],
)
def test_territory_list_shows_the_territories_in_scope(
    client, request, territory_a, territory_b, cast, codes
):
    response = page(client, request.getfixturevalue(cast), list_url())

    assert response.status_code == 200
    assert [t.code for t in response.context["territories"]] == codes
    html = response.content.decode()
    for code in ("A", "B"):
        assert (f'href="{detail_url(code)}"' in html) == (code in codes)


def test_territory_list_tells_a_user_without_territory(client, pap_a):
    pap_a.territories.clear()

    response = page(client, pap_a, list_url())

    assert response.status_code == 200
    assert list(response.context["territories"]) == []
    assert "<table" not in response.content.decode()


def test_territory_list_counts_positions_and_those_open_today(client, conseiller, territory_a):
    organization = factories.organization(territory_a, "MFA")
    factories.position(organization)
    factories.position(organization, opened_on=date(2020, 1, 1), closed_on=date(2021, 1, 1))
    factories.position(factories.organization(territory_a, "MSSS"))

    response = page(client, conseiller, list_url())

    [row] = response.context["territories"]
    assert (row.position_count, row.open_position_count) == (3, 2)


def test_territory_list_is_an_accessible_table(client, conseiller, territory_a):
    html = page(client, conseiller, list_url()).content.decode()

    assert "<caption" in html
    assert html.count('scope="col"') == 5
    assert 'scope="row"' in html


def _more_territories(count: int) -> None:
    region = Region.objects.get(code="06")
    for n in range(count):
        territory = Territory.objects.create(
            code=f"T{n}", name=f"Territoire {n}", milieu="urbain", region=region
        )
        factories.position(factories.organization(territory, "MEQ"))


@pytest.mark.parametrize("extra_territories", [0, 4])  # 2 and 6 territories in all
def test_territory_list_query_count_does_not_grow_with_territories(
    client, django_assert_num_queries, conseiller, territory_a, territory_b, extra_territories
):
    _more_territories(extra_territories)
    client.force_login(conseiller)

    # 1 session, 2 user, 3 territories with their region and position counts.
    with django_assert_num_queries(3):
        response = client.get(list_url())

    assert len(response.context["territories"]) == 2 + extra_territories


@pytest.mark.parametrize("extra_territories", [0, 4])
def test_territory_list_query_count_for_a_coordinator(
    client, django_assert_num_queries, coordination_a, territory_a, territory_b, extra_territories
):
    _more_territories(extra_territories)
    coordination_a.territories.set(Territory.objects.all())
    client.force_login(coordination_a)

    # 1 session, 2 user, 3 the user's territory ids (access scope), 4 the territories,
    # 5 the navigation's count of referrals to watch.
    with django_assert_num_queries(5):
        response = client.get(list_url())

    assert len(response.context["territories"]) == 2 + extra_territories


# Territory page: access


@pytest.mark.parametrize(
    ("cast", "code", "status"),
    [
        ("coordination_a", "A", 200),
        ("coordination_a", "B", 404),
        ("coordination_b", "A", 404),
        ("coordination_b", "B", 200),
        ("pap_a", "A", 200),
        ("pap_a", "B", 404),
        ("conseiller", "A", 200),
        ("conseiller", "B", 200),
        ("admin", "B", 200),
    ],
)
def test_territory_page_is_404_outside_the_users_scope(
    client, request, territory_a, territory_b, cast, code, status
):
    response = page(client, request.getfixturevalue(cast), detail_url(code))

    assert response.status_code == status


def test_territory_page_of_an_unknown_code_is_404(client, conseiller):
    assert page(client, conseiller, detail_url("ZZ")).status_code == 404


def test_territory_page_asks_anonymous_visitors_to_log_in(client, territory_a):
    response = client.get(detail_url("A"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Territory page: profile


@pytest.fixture
def profiles_2023(territory_a, territory_b):
    """A's real 2023-2024 figures (no immigrant share), and B's with one."""
    a = factories.profile(
        territory_a,
        2023,
        screenings_agir_tot=160,
        reports_per_1000=Decimal("19.64"),
        out_of_network_pct=Decimal("31.40"),
        vulnerable_eqdem_pct=Decimal("28.10"),
    )
    b = factories.profile(
        territory_b,
        2023,
        screenings_agir_tot=None,
        reports_per_1000=Decimal("10.15"),
        out_of_network_pct=Decimal("20.00"),
        vulnerable_eqdem_pct=Decimal("25.00"),
        immigrant_families_pct=Decimal("12.50"),
    )
    return a, b


def test_territory_page_shows_the_profile_in_quebec_format(client, pap_a, profiles_2023):
    html = page(client, pap_a, detail_url("A")).content.decode()

    assert ">19,64<" in html
    assert f">31,4{NBSP}%<" in html
    assert f">28,1{NBSP}%<" in html
    assert ">160<" in html
    assert "2023-2024" in html


def test_reference_profile_is_the_unweighted_mean_when_no_qc_profile(profiles_2023):
    reference = reference_profile(2023)

    assert not reference.recorded
    assert reference.territory_count == 2
    assert reference.values == {
        "screenings_agir_tot": Decimal(160),  # B's is empty: skipped
        "reports_per_1000": (Decimal("19.64") + Decimal("10.15")) / 2,  # 14.895
        "out_of_network_pct": Decimal("25.7"),
        "vulnerable_eqdem_pct": Decimal("26.55"),
        "immigrant_families_pct": Decimal("12.5"),  # A's is empty: skipped
    }


def test_reference_profile_field_empty_everywhere_stays_empty(territory_a, territory_b):
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("19.64"))
    factories.profile(territory_b, 2023, reports_per_1000=Decimal("10.00"))

    assert reference_profile(2023).values["immigrant_families_pct"] is None


def test_reference_profile_uses_the_recorded_qc_profile_of_that_year(profiles_2023):
    factories.profile(None, 2023, reports_per_1000=Decimal("12.00"), illustrative=True)
    factories.profile(None, 2022, reports_per_1000=Decimal("99.00"))

    reference = reference_profile(2023)

    assert reference.recorded
    assert reference.illustrative
    assert reference.values["reports_per_1000"] == Decimal("12.00")
    assert reference.values["out_of_network_pct"] is None  # the QC profile's own empty value


def test_reference_profile_of_a_year_without_profiles_is_empty(profiles_2023):
    reference = reference_profile(2019)

    assert reference.territory_count == 0
    assert set(reference.values.values()) == {None}


def test_territory_page_shows_the_mean_reference_rounded_half_up(
    client, coordination_a, profiles_2023
):
    response = page(client, coordination_a, detail_url("A"))
    html = response.content.decode()

    assert not response.context["reference"].recorded
    assert ">14,90<" in html  # mean 14.895, half-up
    assert f">25,7{NBSP}%<" in html
    assert f">12,5{NBSP}%<" in html


def test_territory_page_shows_the_recorded_qc_reference(client, conseiller, profiles_2023):
    factories.profile(None, 2023, reports_per_1000=Decimal("12.34"))

    response = page(client, conseiller, detail_url("A"))

    assert response.context["reference"].recorded
    assert ">12,34<" in response.content.decode()


def test_territory_page_flags_illustrative_figures(client, conseiller, territory_a):
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("5.00"), illustrative=True)

    html = page(client, conseiller, detail_url("A")).content.decode()

    assert "notice-illustrative" in html


def test_territory_page_does_not_flag_real_figures(client, conseiller, profiles_2023):
    html = page(client, conseiller, detail_url("A")).content.decode()

    assert "notice-illustrative" not in html


def test_territory_page_without_profile_still_renders(client, conseiller, territory_a):
    response = page(client, conseiller, detail_url("A") + "?annee=2023-2024")

    assert response.status_code == 200
    assert response.context["profile"] is None


# Territory page: the profile of the period (?periode=, see test_territory_page.py for more)


@pytest.fixture
def two_years(territory_a):
    factories.profile(territory_a, 2022, reports_per_1000=Decimal("11.11"))
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("22.22"))


def test_territory_page_shows_the_latest_profile_by_default(client, conseiller, two_years):
    response = page(client, conseiller, detail_url("A"))
    html = response.content.decode()

    assert response.context["profile"].fiscal_year == 2023
    assert ">22,22<" in html
    assert 'name="periode"' in html  # the period selector


def test_territory_page_shows_the_profile_of_the_chosen_period(client, conseiller, two_years):
    response = page(client, conseiller, detail_url("A") + "?periode=2022-2023")

    assert response.context["profile"].fiscal_year == 2022
    assert response.context["reference"].fiscal_year == 2022
    assert ">11,11<" in response.content.decode()


@pytest.mark.parametrize("bad", ["2022-2024", "deux-mille", "<script>"])
def test_territory_page_with_a_bad_period_explains_and_shows_the_latest(
    client, conseiller, two_years, bad
):
    response = page(client, conseiller, detail_url("A") + f"?periode={bad}")
    html = response.content.decode()

    assert response.status_code == 400
    assert response.context["profile"].fiscal_year == 2023
    assert 'role="alert"' in html
    assert "<script>" not in html


# Territory page: positions, corridors, projects — and no family-level data


@pytest.fixture
def directory(territory_a, territory_b):
    mfa = factories.organization(territory_a, "MFA")
    factories.position(
        mfa,
        code="POS-A-1",
        components=["outreach", "collaboration"],
        populations=["pregnant", "immigrant"],
    )
    factories.position(mfa, code="POS-A-2", closed_on=date(2024, 6, 30))
    factories.position(factories.organization(territory_b, "MEQ"), code="POS-B-1")
    factories.corridor(
        territory_a,
        "MFA",
        "MSSS",
        code="COR-A-FORMEL",
        entry_point="Guichet d'accès",
        target_delay_days=2,
        consent_languages=["fr", "en"],
        transfer_template=True,
        priorities=["child_protection"],
    )
    factories.corridor(territory_a, "MSSS", "MEQ", code="COR-A-SIMPLE")
    factories.corridor(territory_b, "MFA", "MSSS", code="COR-B-1")
    factories.project(territory_a, code="PRJ-A-1", name="Halte-garderie", supported=True)
    factories.project(territory_b, code="PRJ-B-1")


@pytest.mark.parametrize("cast", ["pap_a", "coordination_a", "conseiller", "admin"])
def test_territory_page_lists_positions_corridors_and_projects_of_that_territory(
    client, request, directory, cast
):
    response = page(client, request.getfixturevalue(cast), detail_url("A"))
    html = response.content.decode()

    fiche = response.context["page"]
    assert [row.position.code for row in fiche.positions] == ["POS-A-1", "POS-A-2"]
    assert [row.corridor.code for row in fiche.corridors] == ["COR-A-FORMEL", "COR-A-SIMPLE"]
    assert [p.code for p in response.context["projects"]] == ["PRJ-A-1"]
    for code in ("POS-A-1", "COR-A-FORMEL", "COR-A-SIMPLE", "PRJ-A-1", "Halte-garderie"):
        assert code in html
    for code in ("POS-B-1", "COR-B-1", "PRJ-B-1"):
        assert code not in html
    assert "2024-06-30" in html  # a closed position's date, ISO


def test_territory_page_tells_formal_corridors_apart(client, conseiller, directory):
    response = page(client, conseiller, detail_url("A"))
    formal, simple = response.context["page"].corridors

    assert formal.corridor.is_formal and not simple.corridor.is_formal
    assert formal.missing == [] and len(simple.missing) == 4
    html = response.content.decode()
    assert "status-icon--yes" in html and "status-icon--no" in html


def test_territory_page_shows_no_family_level_data(client, coordination_a, territory_a, directory):
    family = factories.family(territory_a)
    factories.referral(territory_a, family=family, ref="R-CONFIDENTIEL")

    response = page(client, coordination_a, detail_url("A"))
    html = response.content.decode()

    assert "R-CONFIDENTIEL" not in html
    assert family.pseudonym not in html
    assert not {"referrals", "families", "family"} & set(response.context.keys())


def _more_rows(territory, count: int) -> None:
    organization = factories.organization(territory, "MSSS")
    for n in range(count):
        factories.position(organization, code=f"POS-X-{n}")
        factories.corridor(territory, "MSSS", "MFA", code=f"COR-X-{n}")
        factories.project(territory, code=f"PRJ-X-{n}")


@pytest.mark.parametrize("rows", [2, 6])
def test_territory_page_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, coordination_a, territory_a, territory_b, rows
):
    factories.profile(territory_a, 2022, reports_per_1000=Decimal("11.11"))
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("22.22"))
    factories.profile(territory_b, 2023, reports_per_1000=Decimal("33.33"))
    _more_rows(territory_a, rows)
    client.force_login(coordination_a)
    client.get(detail_url("A"))  # stores the indicator tallies

    # The queries are listed in tests/dashboards/test_territory_page.py (the same page, with
    # the stories behind the numbers and the service gaps' counts), and the navigation's count
    # of referrals to watch.
    with django_assert_num_queries(25):
        response = client.get(detail_url("A"))

    assert len(response.context["page"].positions) == rows
    assert len(response.context["page"].corridors) == rows
