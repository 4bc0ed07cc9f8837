"""Territorial projects ``/territoires/<code>/projets/``: who sees them, creating and changing
a project (validation, audit), the service's scope, and the list's query count."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from territories.models import AuditEntry, Project
from territories.services import projects
from tests import factories


def list_url(code="A") -> str:
    return reverse("territory_data:projects", kwargs={"code": code})


def create_url(code="A") -> str:
    return reverse("territory_data:project-create", kwargs={"code": code})


def edit_url(project, code="A") -> str:
    return reverse("territory_data:project-edit", kwargs={"code": code, "pk": project.pk})


def form_data(**values) -> dict:
    data = {"code": "A-PRJ-9", "name": "Halte-garderie", "started_on": "2024-05-01"}
    data.update(values)
    return data


def test_project_urls():
    assert list_url() == "/territoires/A/projets/"
    assert create_url() == "/territoires/A/projets/nouveau/"
    assert reverse("territory_data:project-edit", kwargs={"code": "A", "pk": 7}) == (
        "/territoires/A/projets/7/"
    )


@pytest.mark.parametrize("cast", ["coordination_a", "admin"])
def test_projects_of_a_territory_are_listed_for_its_coordinator_and_administrators(
    client, request, territory_a, territory_b, cast
):
    factories.project(territory_a, code="A-PRJ-1", name="Table petite enfance", supported=True)
    factories.project(territory_b, code="B-PRJ-1")
    client.force_login(request.getfixturevalue(cast))

    response = client.get(list_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "A-PRJ-1" in html and "Table petite enfance" in html
    assert "B-PRJ-1" not in html
    assert client.get(create_url()).status_code == 200


@pytest.mark.parametrize("cast", ["coordination_b", "conseiller", "pap_a"])
def test_project_pages_are_404_for_another_territory_advisors_and_paps(
    client, request, territory_a, cast
):
    project = factories.project(territory_a, name="Avant")
    client.force_login(request.getfixturevalue(cast))

    assert client.get(list_url()).status_code == 404
    assert client.get(create_url()).status_code == 404
    assert client.get(edit_url(project)).status_code == 404
    assert client.post(create_url(), form_data()).status_code == 404
    assert client.post(edit_url(project), form_data(name="Après")).status_code == 404
    assert Project.objects.count() == 1
    assert Project.objects.get().name == "Avant"


def test_a_project_of_a_is_404_through_territory_b(client, coordination_b, territory_a):
    project = factories.project(territory_a)
    client.force_login(coordination_b)

    assert client.get(edit_url(project, code="B")).status_code == 404


def test_project_pages_ask_anonymous_visitors_to_log_in(client, territory_a):
    response = client.get(list_url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={list_url()}"


def test_coordinator_creates_a_project(client, coordination_a, territory_a):
    client.force_login(coordination_a)

    response = client.post(create_url(), form_data(ended_on="2025-03-31", supported="on"))

    assert response.status_code == 302
    assert response.url == list_url()
    project = Project.objects.get()
    assert (project.territory, project.code, project.name) == (
        territory_a,
        "A-PRJ-9",
        "Halte-garderie",
    )
    assert (project.started_on, project.ended_on, project.supported) == (
        date(2024, 5, 1),
        date(2025, 3, 31),
        True,
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.territory) == ("create", coordination_a, territory_a)
    assert entry.changes["code"] == [None, "A-PRJ-9"]
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == ["Projet A-PRJ-9 enregistré."]


def test_an_end_before_the_start_is_refused_next_to_the_field(client, coordination_a, territory_a):
    client.force_login(coordination_a)

    response = client.post(create_url(), form_data(ended_on="2024-04-30"))

    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == [
        "La date de fin ne peut pas précéder la date de début."
    ]
    assert 'value="Halte-garderie"' in response.content.decode()
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code": "A PRJ"}, "code"),
        ({"code": ""}, "code"),
        ({"name": ""}, "name"),
        ({"started_on": "01/05/2024"}, "started_on"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_written(
    client, coordination_a, territory_a, values, field
):
    client.force_login(coordination_a)

    response = client.post(create_url(), form_data(**values))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Project.objects.exists()


def test_a_code_already_taken_is_refused(client, coordination_a, territory_a, territory_b):
    factories.project(territory_b, code="A-PRJ-9")
    client.force_login(coordination_a)

    response = client.post(create_url(), form_data())

    assert response.context["form"].errors["code"]
    assert Project.objects.count() == 1


def test_coordinator_changes_a_project_and_the_change_is_audited(
    client, coordination_a, territory_a
):
    project = factories.project(territory_a, code="A-PRJ-1", name="Avant", supported=False)
    client.force_login(coordination_a)

    response = client.post(
        edit_url(project),
        form_data(code="A-PRJ-1", name="Après", started_on="2023-04-01", supported="on"),
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.supported) == ("Après", True)
    entry = AuditEntry.objects.get()
    assert entry.action == "update"
    assert entry.changes == {"name": ["Avant", "Après"], "supported": [False, True]}


def test_a_refused_change_keeps_the_stored_project(client, coordination_a, territory_a):
    project = factories.project(territory_a, code="A-PRJ-1", name="Avant")
    client.force_login(coordination_a)

    response = client.post(edit_url(project), form_data(code="A-PRJ-1", name="", started_on="x"))

    assert response.status_code == 200
    assert "Projet A-PRJ-1, territoire A" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "Avant"
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_a_territory_out_of_scope(coordination_b, territory_a):
    with pytest.raises(PermissionDenied):
        projects.create_project(
            actor=coordination_b,
            territory=territory_a,
            code="A-PRJ-9",
            name="x",
            started_on=date(2024, 5, 1),
        )
    assert not Project.objects.exists()


def test_project_list_query_count_does_not_grow_with_projects(
    client, coordination_a, territory_a, django_assert_num_queries
):
    """Session, user, the user’s territories, the territory, the projects, the navigation’s
    watch-list count."""
    factories.project(territory_a)
    client.force_login(coordination_a)
    with django_assert_num_queries(6):
        client.get(list_url())

    for _n in range(5):
        factories.project(territory_a)
    with django_assert_num_queries(6):
        response = client.get(list_url())
    assert len(response.context["projects"]) == 6
