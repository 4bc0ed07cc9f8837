"""« Qui fait quoi » (``/territoires/<code>/repertoire/``, ``referrals.directory``): the search's
rules on a small data set written here, who reads the page and who gets 404, what it never
shows (families, people), a query count that does not grow, and the mandate's limits in the
position form.

Cast (tests/conftest.py): ``pap_a`` and ``coordination_a`` read A's directory, ``conseiller``
and ``admin`` every territory's; ``pap_a`` gets 404 on B, ``coordination_b`` on A.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from referrals.directory import (
    NEED_PRIORITIES,
    directory_for,
    population_priorities,
    search,
)
from territories.models import NEED_POPULATIONS, AuditAction, AuditEntry, Need, Position
from tests import factories
from tests.data_entry_layout import assert_layout

CLOSED = date(2023, 12, 31)


def url(code: str, query: str = "") -> str:
    address = reverse("directory:directory", kwargs={"code": code})
    return f"{address}?{query}" if query else address


def nobody_message() -> str:
    with translation.override("fr-ca"):
        return translation.gettext(
            "Nobody on the territory serves this family: no position, no corridor."
        )


@pytest.fixture
def data_a(territory_a, territory_b):
    """Territory A: three open positions, one closed; three active corridors, one ended.
    Territory B: one position and one corridor that A's directory never shows."""
    mfa = factories.organization(
        territory_a, "MFA", name="Maison de la famille", entry_point="Accueil, 418 555-0100"
    )
    msss = factories.organization(territory_a, "MSSS", name="CLSC du Lac", entry_point="Guichet")
    meq = factories.organization(territory_a, "MEQ", name="École des Pins")
    immigrant = factories.position(mfa, code="A-IMM", populations=["immigrant", "low_income"])
    factories.assignment(immigrant, person="PAP-A-PERSONNE")
    factories.position(
        msss,
        code="A-PER",
        populations=["pregnant", "infants_0_2"],
        limits=["development"],
        limits_note="Pas d’évaluation du développement",
    )
    factories.position(meq, code="A-PRE", populations=["preschool_out_of_network"])
    factories.position(mfa, code="A-OLD", populations=["housing"], closed_on=CLOSED)
    factories.corridor(territory_a, "MFA", "MIFI", code="A-C-IMM", priorities=["immigration"])
    factories.corridor(
        territory_a, "MSSS", "MFA", code="A-C-DEV", priorities=["vulnerability", "out_of_network"]
    )
    factories.corridor(territory_a, "MFA", "MSSS", code="A-C-DPJ", priorities=["child_protection"])
    factories.corridor(
        territory_a, "MSSS", "MEQ", code="A-C-OLD", priorities=["immigration"], active_to=CLOSED
    )
    b = factories.organization(territory_b, "MFA")
    factories.position(b, code="B-IMM", populations=["immigrant"])
    factories.corridor(territory_b, "MFA", "MIFI", code="B-C-IMM", priorities=["immigration"])
    return territory_a


def found(pap_a, territory, **criteria) -> tuple[list[str], list[str]]:
    entries = directory_for(user=pap_a, territory=territory, today=timezone.localdate())
    result = search(entries, **criteria)
    return (
        [e.position.code for e in result.positions],
        [e.corridor.code for e in result.corridors],
    )


# The directory and its search


def test_the_directory_lists_what_is_active_today_on_the_territory(pap_a, data_a):
    entries = directory_for(user=pap_a, territory=data_a, today=timezone.localdate())

    # by sector (MEQ, MFA, MSSS), organization and code
    assert [e.position.code for e in entries.positions] == ["A-PRE", "A-IMM", "A-PER"]
    assert [e.corridor.code for e in entries.corridors] == ["A-C-IMM", "A-C-DPJ", "A-C-DEV"]


def test_the_directory_goes_through_the_users_scope(coordination_b, data_a):
    entries = directory_for(user=coordination_b, territory=data_a, today=timezone.localdate())

    assert (entries.positions, entries.corridors) == ([], [])


def test_a_closed_position_and_an_ended_corridor_are_back_on_a_day_they_were_active(pap_a, data_a):
    entries = directory_for(user=pap_a, territory=data_a, today=date(2023, 6, 1))

    assert "A-OLD" in [e.position.code for e in entries.positions]
    assert "A-C-OLD" in [e.corridor.code for e in entries.corridors]


def test_search_by_population(pap_a, data_a):
    # immigrant → the need « integration » → the priority « immigration »
    assert found(pap_a, data_a, population="immigrant") == (["A-IMM"], ["A-C-IMM"])


def test_search_by_population_reaches_corridors_through_each_of_its_needs(pap_a, data_a):
    # preschool_out_of_network → childcare and development → out_of_network, vulnerability
    assert population_priorities("preschool_out_of_network") == {"out_of_network", "vulnerability"}
    assert found(pap_a, data_a, population="preschool_out_of_network") == (["A-PRE"], ["A-C-DEV"])


def test_search_by_need(pap_a, data_a):
    assert found(pap_a, data_a, need="child_protection") == ([], ["A-C-DPJ"])
    assert found(pap_a, data_a, need="perinatal") == (["A-PER"], [])


def test_a_limit_of_the_mandate_excludes_the_position(pap_a, data_a):
    # A-PER serves infants 0–2, who have the need « development », but does not take it on.
    assert found(pap_a, data_a, need="development") == (["A-PRE"], ["A-C-DEV"])


def test_search_by_population_and_need_asks_for_both(pap_a, data_a):
    assert found(pap_a, data_a, population="preschool_out_of_network", need="childcare") == (
        ["A-PRE"],
        ["A-C-DEV"],
    )
    # A-PER serves infants 0–2 but leaves « development » to others; the corridor answers it.
    assert found(pap_a, data_a, population="infants_0_2", need="development") == (
        [],
        ["A-C-DEV"],
    )
    assert found(pap_a, data_a, population="immigrant", need="childcare") == ([], [])


def test_closed_positions_and_ended_corridors_serve_nobody(pap_a, data_a):
    # Only A-OLD (closed) has « housing »; only A-C-OLD (ended) and B's corridor remain for
    # immigration besides A-C-IMM.
    assert found(pap_a, data_a, need="housing") == ([], [])
    assert found(pap_a, data_a, need="integration") == (["A-IMM"], ["A-C-IMM"])


def test_needs_without_a_corridor_priority_have_no_corridor(pap_a, data_a):
    assert set(NEED_PRIORITIES) == {"childcare", "development", "child_protection", "integration"}
    for need in set(Need.values) - set(NEED_PRIORITIES):
        assert found(pap_a, data_a, need=need)[1] == [], need


def test_every_need_lists_known_populations():
    assert set(NEED_POPULATIONS) == set(Need.values)


def test_a_search_needs_a_population_or_a_need(pap_a, data_a):
    entries = directory_for(user=pap_a, territory=data_a, today=timezone.localdate())

    with pytest.raises(ValueError):
        search(entries)
    with pytest.raises(ValueError):
        search(entries, need="unknown")


# The page: who reads it


@pytest.mark.parametrize(
    ("cast", "code"),
    [("pap_a", "A"), ("coordination_a", "A"), ("conseiller", "A"), ("conseiller", "B")]
    + [("admin", "B")],
)
def test_who_reads_the_directory(client, request, data_a, cast, code):
    client.force_login(request.getfixturevalue(cast))

    response = client.get(url(code))

    assert response.status_code == 200
    assert response.context["territory"].code == code


@pytest.mark.parametrize(("cast", "code"), [("pap_a", "B"), ("coordination_b", "A")])
def test_others_get_404(client, request, data_a, cast, code):
    client.force_login(request.getfixturevalue(cast))

    assert client.get(url(code)).status_code == 404
    assert client.get(url(code, "besoin=childcare")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, data_a):
    response = client.get(url("A"))

    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


# The page: what it shows


def test_the_page_shows_mandates_limits_and_entry_points_never_a_person_or_family(
    client, pap_a, data_a
):
    family = factories.family(data_a)
    factories.referral(data_a, family=family)
    client.force_login(pap_a)

    response = client.get(url("A"))
    html = response.content.decode()

    assert_layout(response)
    for text in ("Maison de la famille", "Accueil, 418 555-0100", "Guichet", "A-C-DEV"):
        assert text in html
    assert "Pas d’évaluation du développement" in html
    assert "PAP-A-PERSONNE" not in html
    assert family.pseudonym not in html
    assert "A-OLD" not in html and "B-IMM" not in html
    assert "data-print hidden" in html
    assert 'scope="row"' in html and "<caption" in html


def test_a_search_shows_what_serves_the_family(client, pap_a, data_a):
    client.force_login(pap_a)

    response = client.get(url("A", "population=immigrant&besoin=integration"))

    result = response.context["result"]
    assert [e.position.code for e in result.positions] == ["A-IMM"]
    assert [e.corridor.code for e in result.corridors] == ["A-C-IMM"]
    assert 'id="result-positions-caption"' in response.content.decode()
    assert_layout(response)


def test_nobody_is_said_plainly_with_a_link_to_record_the_gap(client, pap_a, data_a):
    client.force_login(pap_a)

    response = client.get(url("A", "population=single_parent&besoin=housing"))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["result"].nobody
    assert nobody_message() in html
    link = "/territoires/A/trous-de-services/?besoin=housing&amp;population=single_parent"
    assert f'href="{link}"' in html


def test_advisors_are_told_nobody_without_the_gap_link(client, conseiller, data_a):
    client.force_login(conseiller)

    response = client.get(url("A", "besoin=housing"))
    html = response.content.decode()

    assert nobody_message() in html
    assert "trous-de-services" not in html


def test_a_bad_value_gets_a_french_message_and_the_directory_stays(client, pap_a, data_a):
    client.force_login(pap_a)

    response = client.get(url("A", "besoin=loisirs&population=immigrant"))

    assert response.status_code == 200
    assert "choix valide" in " ".join(response.context["form"].errors["besoin"])
    assert response.context["result"] is None
    assert "Maison de la famille" in response.content.decode()


def test_an_empty_search_shows_just_the_directory(client, pap_a, data_a):
    client.force_login(pap_a)

    response = client.get(url("A", "besoin=&population="))

    assert response.context["result"] is None
    assert not response.context["form"].errors
    assert nobody_message() not in response.content.decode()


def _grow(territory, n: int) -> None:
    organization = factories.organization(territory, "MSSS")
    for i in range(n):
        factories.position(organization, code=f"A-X{n}-{i}", populations=["immigrant"])
        factories.corridor(
            territory, "MSSS", "MIFI", code=f"A-CX{n}-{i}", priorities=["immigration"]
        )


@pytest.mark.parametrize("cast", ["pap_a", "coordination_a", "conseiller"])
def test_the_query_count_does_not_grow_with_positions_and_corridors(client, request, data_a, cast):
    client.force_login(request.getfixturevalue(cast))
    address = url("A", "population=immigrant")
    client.get(address)  # the session and caches warm up
    with CaptureQueriesContext(connection) as few:
        client.get(address)
    _grow(data_a, 6)

    with CaptureQueriesContext(connection) as many:
        response = client.get(address)

    assert len(response.context["result"].positions) == 7
    assert len(many) == len(few)


def test_the_pap_page_query_count(client, django_assert_num_queries, pap_a, data_a):
    client.force_login(pap_a)
    client.get(url("A"))
    _grow(data_a, 3)

    # 1 session, 2 user, 3 the user's territory ids (scope), 4 the territory, 5 positions with
    # their organization and sector, 6 corridors with their sectors; the navigation: 7 the
    # surveys the PAP has still to answer.
    with django_assert_num_queries(7):
        client.get(url("A", "besoin=integration"))


# The mandate's limits and the organization's entry point in the data-entry forms


def test_a_coordinator_records_the_limits_of_a_mandate(client, coordination_a, data_a):
    position = Position.objects.get(code="A-IMM")
    client.force_login(coordination_a)
    address = reverse("positions:position", kwargs={"code": position.code})
    form = client.get(address).content.decode()
    assert 'name="limits"' in form and 'name="limits_note"' in form

    response = client.post(
        address,
        {
            "organization": position.organization_id,
            "title": position.title,
            "opened_on": "2023-04-01",
            "components": position.components,
            "populations": position.populations,
            "limits": ["housing", "child_protection"],
            "limits_note": "  Pas de recherche de logement  ",
        },
    )

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.limits == ["housing", "child_protection"]
    assert position.limits_note == "Pas de recherche de logement"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes["limits"] == [[], ["housing", "child_protection"]]
    assert entry.changes["limits_note"] == ["", "Pas de recherche de logement"]
    assert client.get(address).context["form"].initial["limits"] == ["housing", "child_protection"]


def test_a_bad_limit_is_refused_in_french(client, coordination_a, data_a):
    position = Position.objects.get(code="A-IMM")
    client.force_login(coordination_a)
    address = reverse("positions:position", kwargs={"code": position.code})

    response = client.post(
        address,
        {
            "organization": position.organization_id,
            "title": position.title,
            "opened_on": "2023-04-01",
            "limits": ["gardening"],
        },
    )

    assert response.status_code == 200
    assert "choix valide" in " ".join(response.context["form"].errors["limits"])
    position.refresh_from_db()
    assert position.limits == []


def test_a_coordinator_records_an_organizations_entry_point(client, coordination_a, data_a):
    client.force_login(coordination_a)
    address = reverse("positions:organization-create", kwargs={"code": "A"})

    response = client.post(
        address,
        {"code": "A-MIFI", "name": "Accueil immigrants", "sector": "MIFI", "entry_point": "Ligne"},
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert entry.changes["entry_point"] == [None, "Ligne"]
