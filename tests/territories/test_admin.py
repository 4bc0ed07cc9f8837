"""The Django admin: one throttled way in, and what a staff coordinator may and may not do."""

from datetime import date

import pytest

from referrals.models import Referral
from surveys.models import Response
from territories.models import AuditEntry, Role, SocioHealthProfile
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_territories():
    return factories.territory("A"), factories.territory("B")


@pytest.fixture
def staff_coordinator_client(client, two_territories):
    """A coordinator of A given staff status and every model permission but superuser."""
    from django.contrib.auth.models import Permission

    coordinator = factories.user(
        "coord-staff", role=Role.COORDINATION, territories=[two_territories[0]], is_staff=True
    )
    coordinator.user_permissions.set(Permission.objects.all())
    client.force_login(coordinator)
    return client


def test_admin_login_form_is_our_throttled_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/admin/"


def test_posting_to_the_admin_login_logs_nobody_in(client):
    factories.user("root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.post("/admin/login/", {"username": "root", "password": "motdepasse-test"})
    assert "_auth_user_id" not in client.session


def test_staff_coordinator_cannot_open_users_nor_raw_survey_answers(staff_coordinator_client):
    for url in [
        "/admin/territories/user/",
        "/admin/territories/auditentry/",
        "/admin/territories/sector/",
    ]:
        assert staff_coordinator_client.get(url).status_code == 403, url
    for url in ["/admin/surveys/response/", "/admin/surveys/participation/"]:
        assert staff_coordinator_client.get(url).status_code == 404, url


def test_staff_coordinator_lists_only_their_territory(staff_coordinator_client, two_territories):
    a, b = two_territories
    factories.referral(a, ref="A-1")
    factories.referral(b, ref="B-1")
    response = staff_coordinator_client.get("/admin/referrals/referral/")
    assert [r.ref for r in response.context["cl"].result_list] == ["A-1"]
    other = Referral.objects.get(ref="B-1")
    assert staff_coordinator_client.get(
        f"/admin/referrals/referral/{other.pk}/change/"
    ).status_code in (302, 404)


def test_staff_coordinator_cannot_record_nor_change_the_province_profile(
    staff_coordinator_client, two_territories
):
    province = factories.profile(None, 2023, reports_per_1000=5)
    response = staff_coordinator_client.post(
        "/admin/territories/sociohealthprofile/add/", {"territory": "", "fiscal_year": 2024}
    )
    assert response.status_code == 200
    assert "territory" in response.context["adminform"].form.errors
    assert not SocioHealthProfile.objects.filter(fiscal_year=2024).exists()
    change = staff_coordinator_client.post(
        f"/admin/territories/sociohealthprofile/{province.pk}/change/",
        {"territory": "", "fiscal_year": 2023, "reports_per_1000": "99"},
    )
    assert change.status_code == 403
    province.refresh_from_db()
    assert province.reports_per_1000 == 5


def test_bulk_deletion_of_referrals_is_recorded_row_by_row(client, two_territories):
    a, _b = two_territories
    root = factories.user("root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(root)
    first = factories.referral(a, ref="A-1", referred_on=date(2024, 5, 1))
    second = factories.referral(a, ref="A-2", referred_on=date(2024, 5, 1))
    client.post(
        "/admin/referrals/referral/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert not Referral.objects.exists()
    deleted = AuditEntry.objects.filter(action="delete", object_type="referrals.referral")
    assert sorted(entry.changes["ref"][0] for entry in deleted) == ["A-1", "A-2"]
    assert all(entry.actor == root for entry in deleted)


def test_referral_audit_entries_never_reach_advisors_nor_paps(two_territories):
    a, _b = two_territories
    from territories import audit

    referral = factories.referral(a)
    audit.record(
        actor=None, instance=referral, action="update", changes={"status": [1, 2]}, territory=a
    )
    audit.record(actor=None, instance=a, action="update", changes={"name": ["x", "y"]}, territory=a)
    advisor = factories.user("adv", role=Role.ADVISOR)
    pap = factories.user("pap", role=Role.PAP, territories=[a])
    coordinator = factories.user("coord", role=Role.COORDINATION, territories=[a])
    for user in (advisor, pap):
        assert list(AuditEntry.objects.for_user(user).values_list("object_type", flat=True)) == [
            "territories.territory"
        ]
    assert AuditEntry.objects.for_user(coordinator).count() == 2


def test_survey_responses_have_random_keys(two_territories):
    first = factories.response(two_territories[0])
    second = factories.response(two_territories[0])
    assert len(str(first.pk)) == 36 and first.pk != second.pk
    assert Response.objects.count() == 2


def test_admin_titles_are_correct_french(client, two_territories):
    root = factories.user("root-titres", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(root)
    referral = factories.referral(two_territories[0], ref="A-9")
    add = client.get("/admin/referrals/referral/add/").content.decode()
    assert "<title>Ajout d’une orientation" in add and "Ajout de orientation" not in add
    change = client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()
    assert "Modification d’une orientation" in change
    territory = client.get("/admin/territories/territory/add/").content.decode()
    assert "Ajout d’un territoire" in territory


def test_an_error_page_never_shows_another_territorys_family(
    staff_coordinator_client, two_territories
):
    """The probe of issue 16: a POST to A's referral with B's family id re-displayed B's
    family's pseudonym beside the field. The widgets read through the user's scope."""
    a, b = two_territories
    mine = factories.referral(a, ref="A-1")
    theirs = factories.family(b)
    url = f"/admin/referrals/referral/{mine.pk}/change/"
    page = staff_coordinator_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data["family"] = theirs.pk
    response = staff_coordinator_client.post(url, data)
    assert response.status_code == 200  # the form again, refused
    assert "family" in response.context["adminform"].form.errors
    assert theirs.pseudonym not in response.content.decode()
    mine.refresh_from_db()
    assert mine.family.territory == a


def test_list_filters_offer_only_the_users_territories(staff_coordinator_client, two_territories):
    """The territory filter lists A alone — so it is not even shown: one choice filters nothing."""
    a, b = two_territories
    factories.referral(a, ref="A-1")
    factories.referral(b, ref="B-1")
    for url in (
        "/admin/referrals/referral/",
        "/admin/referrals/corridor/",
        "/admin/referrals/family/",
    ):
        changelist = staff_coordinator_client.get(url).context["cl"]
        shown = [
            str(choice["display"])
            for spec in changelist.filter_specs
            for choice in spec.choices(changelist)
        ]
        assert "B" not in shown and "A" not in shown, (url, shown)
        assert "territoire" not in [str(spec.title) for spec in changelist.filter_specs]


def test_an_administrator_still_filters_by_every_territory(client, admin, two_territories):
    client.force_login(admin)
    changelist = client.get("/admin/referrals/referral/").context["cl"]
    spec = next(s for s in changelist.filter_specs if str(s.title) == "territoire")
    assert [str(c["display"]) for c in spec.choices(changelist)][1:] == ["A", "B"]


def test_administrators_keep_the_incidents_register(client, admin, staff_coordinator_client):
    from territories.models import Incident

    assert staff_coordinator_client.get("/admin/territories/incident/").status_code == 403
    client.force_login(admin)
    response = client.post(
        "/admin/territories/incident/add/",
        {
            "discovered_on": "2026-12-01",
            "occurred_on": "2026-12-02",
            "summary": "Un export envoyé au mauvais destinataire.",
            "information_concerned": "referrals_referral (dates, statut), territoire A",
        },
    )
    assert response.status_code == 200  # found before it occurred: refused, by the field
    assert not Incident.objects.exists()
    response = client.post(
        "/admin/territories/incident/add/",
        {
            "discovered_on": "2026-12-02",
            "occurred_on": "2026-12-01",
            "summary": "Un export envoyé au mauvais destinataire.",
            "information_concerned": "referrals_referral (dates, statut), territoire A",
            "serious_injury_risk": "on",
            "cai_notified_on": "2026-12-03",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.recorded_by, incident.serious_injury_risk) == (admin, True)


def test_a_staff_coordinator_sees_no_user_nor_login_attempt_of_another_territory(
    staff_coordinator_client, two_territories
):
    a, b = two_territories
    theirs = factories.user("pap-de-b", role=Role.PAP, territories=[b], first_name="Brigitte")
    position = factories.position(factories.organization(a))
    assignment = factories.assignment(position)
    url = f"/admin/territories/assignment/{assignment.pk}/change/"
    response = staff_coordinator_client.post(
        url,
        {"position": position.pk, "person": "PAP-1", "user": theirs.pk, "started_on": "2024-01-01"},
    )
    assert response.status_code == 200  # refused
    assert "pap-de-b" not in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.user is None
    assert staff_coordinator_client.get("/admin/axes/accessattempt/").status_code == 404
    changelist = staff_coordinator_client.get("/admin/territories/journalentry/").context["cl"]
    shown = [
        str(c["display"]) for spec in changelist.filter_specs for c in spec.choices(changelist)
    ]
    assert "B" not in shown
