"""The audit trail and access log pages: who sees them, what they show, their query count; and
the Django admin's changes to positions, assignments, projects and profiles in the trail."""

from datetime import date

import pytest

from territories import audit
from territories.access_log import log_view
from territories.models import AccessLogEntry, AuditAction, AuditEntry, Position
from tests import factories

pytestmark = pytest.mark.django_db


def a_change(territory, actor, *, ref="R-1", old="2024-05-01", new="2024-05-03"):
    """An audit entry as the referral services write it: a taken-in-charge date changed."""
    return AuditEntry.objects.create(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="referrals.referral",
        object_id="1",
        object_repr=f"{territory.code}/{ref}",
        territory=territory,
        changes={"taken_in_charge_on": [old, new], "interpreter": [False, True]},
    )


@pytest.mark.parametrize(
    "url", ["/territoires/A/journal-des-modifications/", "/territoires/A/consultations/"]
)
def test_audit_pages_are_for_the_territorys_coordination_and_administrators(
    client, url, coordination_a, coordination_b, conseiller, pap_a, admin
):
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for user, status in [
        (coordination_a, 200),
        (admin, 200),
        (coordination_b, 404),
        (conseiller, 404),
        (pap_a, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


def test_the_province_wide_log_is_for_administrators_only(
    client, coordination_a, conseiller, admin
):
    for user, status in [(coordination_a, 404), (conseiller, 404), (admin, 200)]:
        client.force_login(user)
        assert client.get("/journal-des-modifications/").status_code == status


def test_the_trail_shows_old_and_new_values_with_french_field_names(client, coordination_a):
    a_change(coordination_a.territories.get(), coordination_a)
    client.force_login(coordination_a)
    page = client.get("/territoires/A/journal-des-modifications/").content.decode()

    assert "A/R-1" in page
    # The fields' French names (capitalized), each with « old → new ».
    assert "Date de prise en charge</span>&nbsp;: 2024-05-01" in page
    assert "2024-05-03" in page
    assert "Interprète requis</span>&nbsp;: non" in page


def test_a_coordinator_never_sees_another_territorys_entries(
    client, coordination_a, territory_b, admin
):
    a_change(coordination_a.territories.get(), admin, ref="VISIBLE")
    a_change(territory_b, admin, ref="HIDDEN")
    client.force_login(coordination_a)
    page = client.get("/territoires/A/journal-des-modifications/").content.decode()
    assert "A/VISIBLE" in page
    assert "B/HIDDEN" not in page


def test_the_trail_filters_by_action_and_object(client, coordination_a):
    territory = coordination_a.territories.get()
    a_change(territory, coordination_a, ref="CHANGED")
    AuditEntry.objects.create(
        actor=coordination_a,
        action=AuditAction.CREATE,
        object_type="territories.project",
        object_id="9",
        object_repr="PRJ-9 – Projet",
        territory=territory,
        changes={},
    )
    client.force_login(coordination_a)
    page = client.get(
        "/territoires/A/journal-des-modifications/", {"object_type": "territories.project"}
    ).content.decode()
    assert "PRJ-9" in page and "A/CHANGED" not in page
    page = client.get(
        "/territoires/A/journal-des-modifications/", {"action": "update"}
    ).content.decode()
    assert "A/CHANGED" in page and "PRJ-9" not in page


def test_a_bad_date_filter_is_reported_in_french(client, coordination_a):
    client.force_login(coordination_a)
    response = client.get(
        "/territoires/A/journal-des-modifications/", {"since": "2024-05-03", "until": "2024-05-01"}
    )
    assert response.status_code == 200
    assert "ne peut pas précéder" in response.content.decode()


def test_the_access_log_page_lists_who_viewed_what(client, coordination_a, territory_b, admin):
    territory = coordination_a.territories.get()
    log_view(user=admin, what="Orientation A/R-7", territory=territory)
    log_view(user=admin, what="Orientation B/R-8", territory=territory_b)
    client.force_login(coordination_a)
    page = client.get("/territoires/A/consultations/").content.decode()
    assert "Orientation A/R-7" in page and "admin" in page
    assert "B/R-8" not in page
    assert AccessLogEntry.objects.count() == 2  # the page itself is not family-level


@pytest.mark.parametrize("rows", [1, 30])
def test_the_trails_query_count_does_not_grow_with_rows(
    client, coordination_a, django_assert_num_queries, rows
):
    territory = coordination_a.territories.get()
    for number in range(rows):
        a_change(territory, coordination_a, ref=f"R-{number}")
    client.force_login(coordination_a)
    # session, user, user's territories, the territory, count, page of entries (actor and
    # territory joined), the navigation's watch-list count.
    with django_assert_num_queries(7):
        assert client.get("/territoires/A/journal-des-modifications/").status_code == 200


@pytest.fixture
def superuser_client(client, admin):
    client.force_login(admin)
    return client


def test_changing_a_position_in_the_admin_is_recorded_with_its_territory(
    superuser_client, territory_a
):
    position = factories.position(factories.organization(territory_a), code="P-A")
    response = superuser_client.post(
        f"/admin/territories/position/{position.pk}/change/",
        {
            "code": "P-A",
            "organization": position.organization_id,
            "title": "Intervenante",
            "opened_on": "2023-04-01",
            "closed_on": "2025-01-31",
            "components": '["outreach"]',
            "populations": '["pregnant"]',
            "assignments-TOTAL_FORMS": "1",
            "assignments-INITIAL_FORMS": "0",
            "assignments-0-person": "PAP-9",
            "assignments-0-started_on": "2024-04-01",
            "assignments-0-ended_on": "",
            "assignments-0-user": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(object_type="territories.position")
    assert entry.territory == territory_a
    assert entry.changes["closed_on"] == [None, "2025-01-31"]
    assert entry.changes["title"] == ["Travailleuse de proximité", "Intervenante"]
    created = AuditEntry.objects.get(object_type="territories.assignment")
    assert created.action == AuditAction.CREATE and created.territory == territory_a
    assert created.changes["person"] == [None, "PAP-9"]
    assert Position.objects.get().closed_on == date(2025, 1, 31)


def test_deleting_a_project_in_the_admin_is_recorded(superuser_client, territory_a):
    project = factories.project(territory_a, code="PRJ-X")
    response = superuser_client.post(
        f"/admin/territories/project/{project.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="territories.project")
    assert entry.action == AuditAction.DELETE
    assert entry.changes["code"] == ["PRJ-X", None]


def test_snapshot_keeps_lists_of_codes_as_lists(territory_a):
    position = factories.position(factories.organization(territory_a), populations=["housing"])
    assert audit.snapshot(position, ["populations"]) == {"populations": ["housing"]}


def test_the_territory_page_links_its_data_entry_pages_for_coordination_only(
    client, coordination_a, conseiller, pap_a
):
    client.force_login(coordination_a)
    page = client.get("/territoires/A/").content.decode()
    for address in (
        "/orientations/a-surveiller/",
        "/territoires/A/journal/",
        "/territoires/A/projets/",
        "/territoires/A/postes/",
        "/territoires/A/journal-des-modifications/",
        "/importer/",
    ):
        assert f'href="{address}' in page, address
    for user in (conseiller, pap_a):
        client.force_login(user)
        assert (
            "/territoires/A/journal-des-modifications/"
            not in client.get("/territoires/A/").content.decode()
        )


def test_changing_a_family_in_the_admin_is_recorded_without_its_code(superuser_client, territory_a):
    family = factories.family(territory_a)
    response = superuser_client.post(
        f"/admin/referrals/family/{family.pk}/change/",
        {"territory": territory_a.pk, "immigrant": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(object_type="referrals.family")
    assert entry.changes == {"immigrant": [False, True]}
    assert family.code_hash not in str(entry.changes) + entry.object_repr
