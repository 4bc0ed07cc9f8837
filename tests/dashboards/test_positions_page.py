"""The territory's positions (``/territoires/<code>/postes/``): who reads it, who gets the links
to the forms, the sectors meeting the shared framework, the overlap matrix between sectors
(Jaccard of their target populations, computed here by hand) and a query count that does not
grow with the positions.

Who reads it (decided here, DESIGN.md section 1): coordinators and PAPs of the territory (PAPs
look up who does what in their territory), advisors and administrators (positions are not
family-level). Only coordinators and administrators get the links to the forms.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.positions_page import positions_page
from territories.models import ReferenceFramework
from tests import factories
from tests.data_entry_layout import assert_layout


def url(code: str = "A") -> str:
    return reverse("dashboards:positions", kwargs={"code": code})


@pytest.fixture
def positions_a(territory_a):
    """Open positions of three sectors on A, and a closed one of a fourth.

    Populations by sector (open positions): MFA {pregnant, infants_0_2} ∪ {immigrant};
    MSSS {pregnant, infants_0_2}; MEQ {infants_0_2, school_transition}. MIFI's only position
    closed last year: it is listed, not in the matrix.
    """
    today = timezone.localdate()
    mfa = factories.organization(territory_a, "MFA", code="A-MFA")
    msss = factories.organization(territory_a, "MSSS", code="A-MSSS")
    meq = factories.organization(territory_a, "MEQ", code="A-MEQ")
    mifi = factories.organization(territory_a, "MIFI", code="A-MIFI")
    first = factories.position(mfa, code="A-MFA-1", populations=["pregnant", "infants_0_2"])
    factories.position(mfa, code="A-MFA-2", populations=["immigrant"], components=["outreach"])
    factories.position(
        msss, code="A-MSSS-1", populations=["infants_0_2", "pregnant"], components=["outreach"]
    )
    factories.position(meq, code="A-MEQ-1", populations=["infants_0_2", "school_transition"])
    factories.position(
        mifi,
        code="A-MIFI-1",
        populations=["immigrant"],
        closed_on=today - timedelta(days=365),
        opened_on=date(2020, 4, 1),
    )
    factories.assignment(
        first, person="PAP-A-OLD", started_on=date(2023, 4, 1), ended_on=date(2023, 12, 31)
    )
    factories.assignment(first, person="PAP-A-NOW", started_on=date(2024, 1, 1))
    return first


# Who reads it


@pytest.mark.parametrize("cast", ["coordination_a", "admin", "conseiller", "pap_a"])
def test_coordinator_admin_advisor_and_pap_of_a_read_it(client, request, cast, positions_a):
    client.force_login(request.getfixturevalue(cast))

    response = client.get(url("A"))

    assert response.status_code == 200
    assert "A-MFA-1" in response.content.decode()
    assert_layout(response)


def test_a_coordinator_of_b_gets_404(client, coordination_b, positions_a):
    client.force_login(coordination_b)

    assert client.get(url("A")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, positions_a):
    response = client.get(url("A"))

    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


@pytest.mark.parametrize(
    ("cast", "links"),
    [("coordination_a", True), ("admin", True), ("conseiller", False), ("pap_a", False)],
)
def test_links_to_the_forms_only_for_those_who_enter_data(
    client, request, cast, links, positions_a
):
    client.force_login(request.getfixturevalue(cast))

    html = client.get(url("A")).content.decode()

    for address in (
        reverse("positions:position-create", kwargs={"code": "A"}),
        reverse("positions:organization-create", kwargs={"code": "A"}),
        reverse("positions:position", kwargs={"code": "A-MFA-1"}),
        reverse("positions:organization", kwargs={"code": "A-MFA"}),
    ):
        assert (f'href="{address}"' in html) is links, address


# What it shows


def test_every_position_is_listed_with_its_holder_today(client, coordination_a, positions_a):
    client.force_login(coordination_a)

    page = client.get(url("A")).context["page"]

    lines = {line.position.code: line for line in page.positions}
    assert set(lines) == {"A-MEQ-1", "A-MFA-1", "A-MFA-2", "A-MIFI-1", "A-MSSS-1"}
    assert lines["A-MFA-1"].holders == ["PAP-A-NOW"]
    assert lines["A-MFA-2"].holders == []
    assert lines["A-MIFI-1"].active is False


def test_sectors_meet_the_framework_when_one_open_position_has_every_component(
    client, coordination_a, positions_a
):
    client.force_login(coordination_a)

    response = client.get(url("A"))

    sectors = {line.sector.code: line for line in response.context["page"].sectors}
    assert list(sectors) == ["MEQ", "MFA", "MSSS"]  # MIFI: no open position
    assert sectors["MFA"].meets_framework  # A-MFA-1 has all three; A-MFA-2 does not
    assert (sectors["MFA"].positions, sectors["MFA"].conforming_positions) == (2, 1)
    assert not sectors["MSSS"].meets_framework
    lines = {line.position.code: line for line in response.context["page"].positions}
    assert lines["A-MSSS-1"].missing_components == ["accompaniment", "collaboration"]
    assert "Il manque\u00a0: Accompagnement, Collaboration" in response.content.decode()


def test_a_narrower_framework_changes_which_sectors_meet_it(client, coordination_a, positions_a):
    framework = ReferenceFramework.current()
    framework.required_components = ["outreach"]
    framework.save()
    client.force_login(coordination_a)

    page = client.get(url("A")).context["page"]

    assert all(line.meets_framework for line in page.sectors)


def test_the_overlap_matrix_is_the_jaccard_index_of_each_pair_of_sectors(
    client, coordination_a, positions_a
):
    """By hand, with each sector's populations (see the fixture):
    MEQ–MFA: shared {infants_0_2} ÷ {pregnant, infants_0_2, immigrant, school_transition} = 1/4;
    MEQ–MSSS: {infants_0_2} ÷ {pregnant, infants_0_2, school_transition} = 1/3;
    MFA–MSSS: {pregnant, infants_0_2} ÷ {pregnant, infants_0_2, immigrant} = 2/3."""
    client.force_login(coordination_a)

    response = client.get(url("A"))

    matrix = response.context["page"].matrix
    values = {
        (row.sector.code, cell.sector.code): cell.value for row in matrix for cell in row.cells
    }
    quarter, third, two_thirds = Decimal(1) / 4, Decimal(1) / 3, Decimal(2) / 3
    assert values == {
        ("MEQ", "MEQ"): None,
        ("MEQ", "MFA"): quarter,
        ("MEQ", "MSSS"): third,
        ("MFA", "MEQ"): quarter,
        ("MFA", "MFA"): None,
        ("MFA", "MSSS"): two_thirds,
        ("MSSS", "MEQ"): third,
        ("MSSS", "MFA"): two_thirds,
        ("MSSS", "MSSS"): None,
    }
    texts = [[cell.text for cell in row.cells] for row in matrix]
    assert texts == [["—", "0,25", "0,33"], ["0,25", "—", "0,67"], ["0,33", "0,67", "—"]]


def test_the_matrix_is_a_table_with_headers_and_a_caption(client, coordination_a, positions_a):
    client.force_login(coordination_a)

    html = client.get(url("A")).content.decode()

    matrix = html[html.index('class="table table-arrimage overlap-matrix"') :]
    matrix = matrix[: matrix.index("</table>")]
    assert "indice de Jaccard" in matrix
    assert "une valeur élevée signifie que les mandats se dédoublent" in matrix
    assert matrix.count('<th scope="col"') == 3
    assert matrix.count('<th scope="row"') == 3
    assert '<td class="text-end num">0,67</td>' in matrix


def test_with_one_sector_the_page_says_there_is_no_overlap(client, coordination_a, territory_a):
    factories.position(factories.organization(territory_a, "MFA"), code="A-SEUL")
    client.force_login(coordination_a)

    response = client.get(url("A"))

    assert "Moins de deux secteurs ont des postes ouverts" in response.content.decode()
    assert "overlap-matrix" not in response.content.decode()


def test_the_page_reuses_the_engine_rule_for_the_jaccard_index(coordination_a, positions_a):
    """The matrix agrees with ``indicators.compute.mandates.jaccard`` on each pair."""
    from indicators.compute.mandates import jaccard

    page = positions_page(
        user=coordination_a,
        territory=positions_a.organization.territory,
        today=timezone.localdate(),
    )

    for row in page.sectors:
        for column, cell in zip(
            page.sectors, page.matrix[page.sectors.index(row)].cells, strict=True
        ):
            if cell.value is not None:
                expected = jaccard(row.populations, column.populations)
                assert cell.value == Decimal(expected.numerator) / expected.denominator


# Query count


@pytest.mark.parametrize("extra", [1, 6])
def test_the_query_count_does_not_grow_with_positions(
    client, django_assert_num_queries, coordination_a, positions_a, extra
):
    territory = positions_a.organization.territory
    for n in range(extra):
        organization = factories.organization(territory, "MSSS", code=f"A-X{n}")
        position = factories.position(organization, code=f"A-XP{n}")
        factories.assignment(position, person=f"PAP-X{n}")
    client.force_login(coordination_a)

    # 1 session, 2 user, 3 the user's territory ids (scope), 4 the territory, 5 the framework,
    # 6 positions with organization and sector, 7 today's assignments, 8 organizations,
    # 9 the navigation's watch-list count.
    with django_assert_num_queries(9):
        response = client.get(url("A"))

    assert len(response.context["page"].positions) == 5 + extra
