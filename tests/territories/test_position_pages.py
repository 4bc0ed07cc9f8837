"""The forms of organizations, PAP positions and assignments: who may use them, what they write
(the mandate as checkboxes, a departure as an end date), French messages and nothing written on
bad input, scope in the services, and the audit trail's old → new.

Cast (tests/conftest.py): ``coordination_a`` enters data on A, ``admin`` everywhere;
``coordination_b``, ``conseiller`` and ``pap_a`` get 404 on every form of A.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territories.models import (
    Assignment,
    AuditAction,
    AuditEntry,
    Organization,
    Position,
    Role,
    Sector,
)
from territories.services import positions as services
from tests import factories
from tests.conftest import make_user
from tests.data_entry_layout import assert_layout


@pytest.fixture
def setup_a(territory_a):
    organization = factories.organization(territory_a, "MFA", code="A-MFA")
    position = factories.position(organization, code="A-P1", opened_on=date(2023, 4, 1))
    assignment = factories.assignment(position, person="PAP-A-1", started_on=date(2023, 5, 1))
    return organization, position, assignment


def addresses(setup) -> list[str]:
    organization, position, assignment = setup
    return [
        reverse("positions:organization-create", kwargs={"code": "A"}),
        reverse("positions:organization", kwargs={"code": organization.code}),
        reverse("positions:position-create", kwargs={"code": "A"}),
        reverse("positions:position", kwargs={"code": position.code}),
        reverse("positions:assignment-create", kwargs={"code": position.code}),
        reverse("positions:assignment", kwargs={"pk": assignment.pk}),
    ]


POSITION_CREATE = reverse("positions:position-create", kwargs={"code": "A"})


def position_post(organization, **changes) -> dict:
    data = {
        "organization": organization.pk,
        "code": "A-P2",
        "title": "Agente de proximité",
        "opened_on": "2024-04-01",
        "closed_on": "",
        "components": ["outreach", "collaboration"],
        "populations": ["pregnant", "immigrant"],
    }
    data.update(changes)
    return data


# Who may use the forms


@pytest.mark.parametrize("cast", ["coordination_a", "admin"])
def test_coordinator_and_admin_open_every_form(client, request, cast, setup_a):
    client.force_login(request.getfixturevalue(cast))

    for address in addresses(setup_a):
        assert client.get(address).status_code == 200, address


def test_each_form_has_one_h1_unique_ids_and_no_inline_script(client, coordination_a, setup_a):
    client.force_login(coordination_a)

    for address in addresses(setup_a):
        assert_layout(client.get(address))


@pytest.mark.parametrize("cast", ["coordination_b", "conseiller", "pap_a"])
def test_others_get_404_on_every_form_of_a(client, request, cast, setup_a):
    client.force_login(request.getfixturevalue(cast))

    for address in addresses(setup_a):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"title": "x", "person": "x"}).status_code == 404, address
    assert not AuditEntry.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, setup_a):
    for address in addresses(setup_a):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


# Organizations


def test_a_coordinator_creates_an_organization_on_their_territory(
    client, coordination_a, territory_a
):
    client.force_login(coordination_a)
    address = reverse("positions:organization-create", kwargs={"code": "A"})

    response = client.post(address, {"code": "A-MEQ", "name": "École A", "sector": "MEQ"})

    assert response.status_code == 302
    assert response.url == reverse("dashboards:positions", kwargs={"code": "A"})
    organization = Organization.objects.get(code="A-MEQ")
    assert (organization.territory, organization.sector_id) == (territory_a, "MEQ")
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CREATE
    assert entry.changes["sector"] == [None, "MEQ"]


def test_an_organization_edit_records_old_and_new(client, coordination_a, setup_a):
    organization = setup_a[0]
    old_name = organization.name
    client.force_login(coordination_a)
    address = reverse("positions:organization", kwargs={"code": organization.code})

    client.post(address, {"name": "Maison de la famille", "sector": "MSSS"})

    organization.refresh_from_db()
    assert organization.sector_id == "MSSS"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes["sector"] == ["MFA", "MSSS"]
    assert entry.changes["name"] == [old_name, "Maison de la famille"]


def test_an_organization_code_already_taken_is_refused(client, coordination_a, setup_a):
    client.force_login(coordination_a)
    address = reverse("positions:organization-create", kwargs={"code": "A"})

    response = client.post(address, {"code": "A-MFA", "name": "Doublon", "sector": "MFA"})

    assert "code" in response.context["form"].errors
    assert Organization.objects.count() == 1


# Positions and their mandate


def test_a_coordinator_creates_a_position_with_its_mandate(client, coordination_a, setup_a):
    client.force_login(coordination_a)

    response = client.post(POSITION_CREATE, position_post(setup_a[0]))

    assert response.status_code == 302
    assert response.url == reverse("positions:position", kwargs={"code": "A-P2"})
    position = Position.objects.get(code="A-P2")
    assert position.components == ["outreach", "collaboration"]
    assert position.populations == ["pregnant", "immigrant"]
    entry = AuditEntry.objects.get(object_type="territories.position")
    assert entry.action == AuditAction.CREATE
    assert entry.changes["code"] == [None, "A-P2"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closed_on": "2024-01-01"}, "closed_on", "Un poste ne peut pas fermer avant d’ouvrir."),
        ({"components": ["outreach", "advice"]}, "components", "choix valide"),
        ({"populations": ["elderly"]}, "populations", "choix valide"),
        ({"opened_on": "2024-13-01"}, "opened_on", "date valide"),
        ({"title": ""}, "title", "obligatoire"),
        ({"code": "A-P1"}, "code", "existe déjà"),
    ],
)
def test_a_bad_position_shows_a_french_message_and_writes_nothing(
    client, coordination_a, setup_a, changes, field, message
):
    client.force_login(coordination_a)

    response = client.post(POSITION_CREATE, position_post(setup_a[0], **changes))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert Position.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_an_organization_of_another_territory_is_refused(client, coordination_a, territory_b):
    other = factories.organization(territory_b, "MFA", code="B-MFA")
    client.force_login(coordination_a)

    response = client.post(POSITION_CREATE, position_post(other))

    assert "organization" in response.context["form"].errors
    assert not Position.objects.exists()


def test_the_service_refuses_an_organization_out_of_scope(coordination_a, territory_b):
    other = factories.organization(territory_b, "MFA", code="B-MFA")

    with pytest.raises(PermissionDenied):
        services.create_position(
            actor=coordination_a,
            organization=other,
            code="B-P",
            title="Poste",
            opened_on=date(2024, 4, 1),
        )
    assert not Position.objects.exists()


def test_a_position_edit_records_the_mandate_old_and_new(client, coordination_a, setup_a):
    organization, position, _assignment = setup_a
    client.force_login(coordination_a)
    address = reverse("positions:position", kwargs={"code": position.code})
    data = position_post(organization, populations=["pregnant", "housing"], closed_on="2025-03-31")
    del data["code"]

    response = client.post(address, data)

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.closed_on == date(2025, 3, 31)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes["closed_on"] == [None, "2025-03-31"]
    assert entry.changes["populations"] == [["pregnant"], ["pregnant", "housing"]]


def test_a_bad_position_edit_keeps_the_input_and_changes_nothing(client, coordination_a, setup_a):
    organization, position, _assignment = setup_a
    client.force_login(coordination_a)
    address = reverse("positions:position", kwargs={"code": position.code})
    data = position_post(organization, title="Nouveau titre", closed_on="2020-01-01")
    del data["code"]

    response = client.post(address, data)

    assert response.status_code == 200
    assert 'value="Nouveau titre"' in response.content.decode()
    position.refresh_from_db()
    assert position.title == "Travailleuse de proximité"
    assert not AuditEntry.objects.exists()


# Assignments: who holds a position; a departure is an end date


def test_a_coordinator_records_an_assignment(client, coordination_a, setup_a, territory_a):
    position = setup_a[1]
    pap = make_user("pap-a2", Role.PAP, [territory_a])
    client.force_login(coordination_a)
    address = reverse("positions:assignment-create", kwargs={"code": position.code})

    response = client.post(
        address, {"person": "PAP-A-2", "user": pap.pk, "started_on": "2024-06-01"}
    )

    assert response.status_code == 302
    assignment = Assignment.objects.get(person="PAP-A-2")
    assert (assignment.user, assignment.ended_on) == (pap, None)
    assert AuditEntry.objects.get().changes["person"] == [None, "PAP-A-2"]


def test_a_departure_is_an_end_date_recorded_old_and_new(client, coordination_a, setup_a):
    assignment = setup_a[2]
    client.force_login(coordination_a)
    address = reverse("positions:assignment", kwargs={"pk": assignment.pk})

    client.post(
        address, {"person": "PAP-A-1", "started_on": "2023-05-01", "ended_on": "2024-08-15"}
    )

    assignment.refresh_from_db()
    assert assignment.ended_on == date(2024, 8, 15)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.UPDATE
    assert entry.changes == {"ended_on": [None, "2024-08-15"]}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"started_on": "2024-05-01", "ended_on": "2024-04-01"},
            "ended_on",
            "Un départ ne peut pas précéder le début.",
        ),
        (
            {"started_on": "2023-01-01"},
            "started_on",
            "Le poste ouvre le 2023-04-01 : personne ne peut l’occuper avant.",
        ),
        ({"started_on": ""}, "started_on", "obligatoire"),
    ],
)
def test_a_bad_assignment_shows_a_french_message_and_writes_nothing(
    client, coordination_a, setup_a, data, field, message
):
    position = setup_a[1]
    client.force_login(coordination_a)
    address = reverse("positions:assignment-create", kwargs={"code": position.code})

    response = client.post(address, {"person": "PAP-A-9", **data})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert Assignment.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_an_account_of_another_territory_cannot_hold_the_position(
    coordination_a, setup_a, territory_b
):
    outsider = make_user("pap-b", Role.PAP, [territory_b])

    with pytest.raises(ValidationError) as raised:
        services.create_assignment(
            actor=coordination_a,
            position=setup_a[1],
            person="PAP-B-1",
            user=outsider,
            started_on=date(2024, 4, 1),
        )

    assert "user" in raised.value.message_dict
    assert Assignment.objects.count() == 1


def test_the_position_page_lists_its_assignments(client, coordination_a, setup_a):
    client.force_login(coordination_a)

    html = client.get(reverse("positions:position", kwargs={"code": "A-P1"})).content.decode()

    assert "PAP-A-1" in html
    assert "toujours en poste" in html
    assert reverse("positions:assignment", kwargs={"pk": setup_a[2].pk}) in html


def test_sectors_are_offered_by_code_and_name(client, coordination_a, territory_a):
    client.force_login(coordination_a)
    address = reverse("positions:organization-create", kwargs={"code": "A"})

    html = client.get(address).content.decode()

    mfa = Sector.objects.get(code="MFA")
    assert f"MFA – {mfa.name}" in html
