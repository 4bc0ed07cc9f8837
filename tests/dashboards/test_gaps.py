"""Service gaps (issue 15): a PAP or a coordinator records one, a coordinator triages it,
advisors see counts only. Who may do what, what is refused (nothing changes), the audit, the
counts worked out by hand, and the pages' constant cost."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from territories.models import AuditEntry, GapStatus, Sector, ServiceGap
from territories.services.gaps import gap_counts, record_gap, triage_gap
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "Manque de répit parental le soir"


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def gap(territory, need="housing", status=GapStatus.NEW, **fields):
    fields.setdefault("noticed_on", date(2026, 10, 1))
    fields.setdefault("reported_by_role", "pap")
    return ServiceGap.objects.create(territory=territory, need=need, status=status, **fields)


def test_a_pap_records_a_gap_from_the_page_audited(client, pap_a, territory_a):
    login(client, pap_a)
    today = timezone.localdate()
    response = client.post(
        "/territoires/A/trous-de-services/",
        {
            "need": "child_protection",
            "population": "single_parent",
            "description": SECRET,
            "sectors": ["MFA", "MSSS"],
            "noticed_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    recorded = ServiceGap.objects.get()
    assert (recorded.territory, recorded.need, recorded.population) == (
        territory_a,
        "child_protection",
        "single_parent",
    )
    assert (recorded.status, recorded.reported_by_role, recorded.noticed_on) == (
        "new",
        "pap",
        today,
    )
    assert sorted(recorded.sectors.values_list("code", flat=True)) == ["MFA", "MSSS"]
    entry = AuditEntry.objects.get(object_type="territories.servicegap")
    assert (entry.action, entry.actor, entry.territory) == ("create", pap_a, territory_a)
    assert entry.changes["need"] == [None, "child_protection"]
    assert SECRET not in str(entry.changes)  # the trail never keeps the free text
    page = client.get("/territoires/A/trous-de-services/").content.decode()
    assert SECRET in page


def test_a_bad_form_says_why_by_the_field_keeps_the_input_and_records_nothing(client, pap_a):
    login(client, pap_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        "/territoires/A/trous-de-services/",
        {"need": "", "description": SECRET, "noticed_on": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    assert not ServiceGap.objects.exists()
    form = response.context["form"]
    assert "need" in form.errors
    assert SECRET in response.content.decode()  # the input is kept
    response = client.post(
        "/territoires/A/trous-de-services/",
        {"need": "housing", "noticed_on": tomorrow.isoformat()},
    )
    assert form_errors(response) == {"noticed_on": ["La date ne peut pas être après aujourd’hui."]}
    assert not ServiceGap.objects.exists()


def form_errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_what_the_service_refuses(pap_a, conseiller, territory_a, territory_b):
    today = date(2026, 12, 4)
    with pytest.raises(PermissionDenied):  # another territory
        record_gap(
            actor=pap_a, territory=territory_b, need="housing", noticed_on=today, today=today
        )
    with pytest.raises(PermissionDenied):  # advisors never write
        record_gap(
            actor=conseiller, territory=territory_a, need="housing", noticed_on=today, today=today
        )
    with pytest.raises(ValidationError) as error:
        record_gap(actor=pap_a, territory=territory_a, need="food", noticed_on=today, today=today)
    assert "need" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record_gap(
            actor=pap_a, territory=territory_a, need="housing", noticed_on=today, today=today,
            description="x" * 301,
        )  # fmt: skip
    assert "description" in error.value.message_dict
    assert not ServiceGap.objects.exists()
    assert not AuditEntry.objects.exists()


def test_who_sees_what(client, territory_a, territory_b, pap_a, conseiller, coordination_b):
    gap(territory_a, description=SECRET)
    url = "/territoires/A/trous-de-services/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(client, conseiller)
    page = client.get(url)
    assert page.status_code == 200
    assert SECRET not in page.content.decode()  # advisors: counts only
    assert page.context["counts"][0].total == 1
    assert page.context["form"] is None
    assert client.post(url, {"need": "housing", "noticed_on": "2026-10-01"}).status_code == 404
    login(client, coordination_b)
    assert client.get(url).status_code == 404
    login(client, pap_a)
    assert client.get("/territoires/B/trous-de-services/").status_code == 404
    assert client.post("/territoires/B/trous-de-services/", {"need": "housing"}).status_code == 404
    assert ServiceGap.objects.count() == 1


def test_coordinators_triage_pap_and_other_territories_get_404(
    client, territory_a, coordination_a, coordination_b, pap_a
):
    reported = gap(territory_a)
    url = f"/territoires/A/trous-de-services/{reported.pk}/statut/"
    for outsider in (pap_a, coordination_b):
        login(client, outsider)
        assert client.post(url, {"status": "discussed"}).status_code == 404
    login(client, coordination_a)
    assert client.post(url, {"status": "nonsense"}).status_code == 302
    reported.refresh_from_db()
    assert reported.status == "new"
    assert client.post(url, {"status": "discussed"}).status_code == 302
    reported.refresh_from_db()
    assert reported.status == "discussed"
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"status": ["new", "discussed"]}
    with pytest.raises(ValidationError):
        triage_gap(actor=coordination_a, gap=reported, status="closed")


def test_counts_per_need_and_status_by_hand(territory_a, territory_b):
    for need, status in [
        ("housing", "new"),
        ("housing", "new"),
        ("housing", "resolved"),
        ("childcare", "discussed"),
        ("childcare", "corridor_planned"),
        ("childcare", "corridor_planned"),
        ("income", "resolved"),
    ]:
        gap(territory_a, need=need, status=status)
    gap(territory_b, need="income", status="new")  # another territory: not counted
    counts = gap_counts(ServiceGap.objects.filter(territory=territory_a))
    # Most still open first: childcare 3 open, housing 2 open (3 in all), income 0 open.
    assert [(c.need, c.in_order, c.total, c.still_open) for c in counts] == [
        ("childcare", [0, 1, 2, 0], 3, 3),
        ("housing", [2, 0, 0, 1], 3, 2),
        ("income", [0, 0, 0, 1], 1, 0),
    ]


def test_the_territory_page_counts_gaps_for_advisors_without_descriptions(
    client, territory_a, conseiller
):
    gap(territory_a, need="housing", description=SECRET)
    gap(territory_a, need="housing", status="resolved")
    login(client, conseiller)
    response = client.get("/territoires/A/")
    assert [(c.need, c.in_order) for c in response.context["page"].gaps] == [
        ("housing", [1, 0, 0, 1])
    ]
    page = response.content.decode()
    assert "Logement" in page
    assert SECRET not in page


def test_the_gaps_page_costs_the_same_with_more_gaps(client, territory_a, coordination_a):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/territoires/A/trous-de-services/").status_code == 200
        return len(captured)

    login(client, coordination_a)
    gap(territory_a).sectors.set(Sector.objects.filter(code="MFA"))
    few = queries()
    for need in ("housing", "income", "childcare", "school"):
        gap(territory_a, need=need).sectors.set(Sector.objects.all())
    assert queries() == few


def test_the_directory_link_fills_the_form(client, pap_a):
    login(client, pap_a)
    response = client.get("/territoires/A/trous-de-services/?besoin=housing&population=immigrant")
    form = response.context["form"]
    assert (form["need"].value(), form["population"].value()) == ("housing", "immigrant")


def test_no_family_on_the_gaps_page(client, territory_a, coordination_a):
    family = factories.family(territory_a)
    factories.referral(territory_a, family=family)
    gap(territory_a)
    login(client, coordination_a)
    page = client.get("/territoires/A/trous-de-services/").content.decode()
    assert family.pseudonym not in page


def test_a_coordinator_removes_a_gap_the_audit_never_had_its_description(
    client, territory_a, coordination_a, coordination_b, pap_a
):
    reported = gap(territory_a, description=SECRET)
    url = f"/territoires/A/trous-de-services/{reported.pk}/retirer/"
    for outsider in (pap_a, coordination_b):
        login(client, outsider)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert ServiceGap.objects.filter(pk=reported.pk).exists()
    login(client, coordination_a)
    confirm = client.get(url)  # what is about to go, and a button: nothing removed yet
    assert confirm.status_code == 200
    assert SECRET in confirm.content.decode()
    assert ServiceGap.objects.filter(pk=reported.pk).exists()
    assert client.post(url).status_code == 302
    assert not ServiceGap.objects.exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.changes["need"] == ["housing", None]
    assert SECRET not in str(entry.changes)
    assert SECRET not in entry.object_repr


def test_a_gap_noticed_too_long_ago_is_refused(pap_a, territory_a):
    today = date(2026, 12, 4)
    with pytest.raises(ValidationError) as error:
        record_gap(
            actor=pap_a, territory=territory_a, need="housing", noticed_on=date(2020, 12, 31),
            today=today,
        )  # fmt: skip
    assert error.value.message_dict["noticed_on"] == [
        "Donnez une date à partir du 2021-01-01\u00a0: les trous de services plus anciens "
        "ne sont pas inscrits."
    ]
    assert not ServiceGap.objects.exists()
    record_gap(
        actor=pap_a, territory=territory_a, need="housing", noticed_on=date(2021, 1, 1),
        today=today,
    )  # fmt: skip
    assert ServiceGap.objects.count() == 1
