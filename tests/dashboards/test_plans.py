"""Territorial action plans (issue 15): the plan's subjects are the engine's triggered
priorities and missed targets; actions are written by the territory's coordinators through one
audited service; the plan shows a linked corridor's formality and its progress at its start and
now; advisors read every plan and the province view; others get 404."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards import plan_page
from indicators import plans, store
from indicators.models import PlanAction
from indicators.periods import Period
from territories.models import AuditEntry, Sector, ServiceGap
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")
TODAY = date(2026, 12, 4)
HANDOFF = "L2_HANDOFF_DELAY_DAYS"


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def plan_data(territory_a, territory_b):
    """A triggers the youth-protection priority in 2024-2025 (reports 20 per 1,000 against a
    reference of 10: the threshold is 11) and misses the handoff target (a referral taken in
    charge after 10 days, target ≤ 2 days). B triggers nothing."""
    factories.profile(territory_a, 2024, reports_per_1000=20)
    factories.profile(territory_b, 2024, reports_per_1000=9)
    factories.profile(None, 2024, reports_per_1000=10)
    factories.referral(
        territory_a, referred_on=date(2024, 5, 1), taken_in_charge_on=date(2024, 5, 11)
    )


def add(actor, territory, subject, **values):
    values.setdefault("title", "Bâtir un corridor avec la DPJ")
    values.setdefault("due_on", date(2025, 3, 1))
    return plans.save_action(
        actor=actor, territory=territory, fiscal_year=2024, subject=subject,
        today=values.pop("today", date(2024, 6, 1)), **values,
    )  # fmt: skip


def test_the_plans_subjects_are_the_engines(plan_data, territory_a):
    results = store.results(YEAR, as_of=TODAY, territories=["A"])
    plan = plans.plan_of(territory_a, YEAR, as_of=TODAY)
    priorities = [s.code for s in plan.subjects if s.kind == plans.PRIORITY]
    missed = [s.code for s in plan.subjects if s.kind == plans.INDICATOR]
    assert priorities == results.priorities["A"] == ["child_protection"]
    assert [r.indicator for r in results.for_territory("A") if r.status == "not_met"] == missed
    assert HANDOFF in missed


def test_the_priority_rule_by_hand_at_its_edge(territory_a, territory_b):
    """At the threshold exactly (10 × 1.1 = 11) the priority is triggered; just under, not."""
    factories.profile(territory_a, 2024, reports_per_1000="11.00")
    factories.profile(territory_b, 2024, reports_per_1000="10.99")
    factories.profile(None, 2024, reports_per_1000=10)
    results = store.results(YEAR, as_of=TODAY, territories=["A", "B"])
    assert results.priorities["A"] == ["child_protection"]
    assert results.priorities["B"] == []
    assert [s.code for s in plans.subjects_of(results, "B") if s.kind == plans.PRIORITY] == []


def test_an_action_shows_its_corridors_formality_and_the_progress(
    plan_data, territory_a, coordination_a
):
    informal = factories.corridor(
        territory_a, code="A-DPJ", entry_point="", target_delay_days=2,
        consent_languages=["fr", "en"], transfer_template=True,
        priorities=["child_protection"], active_from=date(2024, 9, 1),
    )  # fmt: skip
    action = add(
        coordination_a, territory_a, "priority:child_protection", corridor=informal,
        status="done", today=date(2024, 6, 1),
    )  # fmt: skip
    add(coordination_a, territory_a, f"indicator:{HANDOFF}", status="planned")
    plan = plans.plan_of(territory_a, YEAR, as_of=TODAY)
    line = plan_page.subject_sections(plan, TODAY)[0].actions[0]
    assert line.action == action
    assert line.missing == ["aucun point d’entrée"]
    progress = plan.progress
    assert (progress.done, progress.counted, progress.formal, progress.corridors) == (1, 2, 0, 1)
    assert progress.start == date(2024, 6, 1)
    # At the start (2024-06-01) no corridor was active; by the year's end A-DPJ answers the
    # triggered priority (L5 counts it) and is not formal (L2: 0 of 1).
    assert progress.at_start["L5_ADAPTED_CORRIDORS"].value == 0
    assert progress.now["L5_ADAPTED_CORRIDORS"].value == 1
    assert progress.now["L2_FORMAL_CORRIDORS_PCT"].value == 0
    # The corridor becomes formal: the plan says so.
    informal.entry_point = "Accueil de la DPJ"
    informal.save()
    plan = plans.plan_of(territory_a, YEAR, as_of=TODAY)
    assert plan_page.subject_sections(plan, TODAY)[0].actions[0].missing == []
    assert plan.progress.formal == 1
    assert plan.progress.now["L2_FORMAL_CORRIDORS_PCT"].value == 100


def test_save_action_refuses_what_is_not_the_territorys(
    plan_data, territory_a, territory_b, coordination_a, conseiller
):
    other_org = factories.organization(territory_b, "MSSS")
    other_corridor = factories.corridor(territory_b)
    other_gap = ServiceGap.objects.create(
        territory=territory_b, need="housing", noticed_on=date(2024, 6, 1), reported_by_role="pap"
    )
    for values, field in [
        ({"lead": other_org}, "lead"),
        ({"corridor": other_corridor}, "corridor"),
        ({"gaps": [other_gap]}, "gaps"),
    ]:
        with pytest.raises(ValidationError) as error:
            add(coordination_a, territory_a, "priority:child_protection", **values)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add(coordination_a, territory_a, "priority:famine")
    assert "subject" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        add(conseiller, territory_a, "priority:child_protection")
    with pytest.raises(PermissionDenied):
        add(coordination_a, territory_b, "priority:child_protection")
    assert not PlanAction.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_coordinator_creates_and_edits_an_action_from_the_pages_audited(
    client, plan_data, territory_a, coordination_a
):
    organization = factories.organization(territory_a, "MSSS")
    reported = ServiceGap.objects.create(
        territory=territory_a, need="child_protection", noticed_on=date(2024, 6, 1),
        reported_by_role="pap",
    )  # fmt: skip
    login(client, coordination_a)
    form_url = (
        "/territoires/A/plan/actions/nouvelle/?periode=2024-2025&sujet=priority:child_protection"
    )
    page = client.get(form_url)
    assert page.context["form"]["subject"].value() == "priority:child_protection"
    response = client.post(
        form_url,
        {
            "subject": "priority:child_protection",
            "title": "Bâtir un corridor MFA → MSSS avec la DPJ",
            "sectors": ["MFA", "MSSS"],
            "lead": organization.pk,
            "due_on": "2025-03-01",
            "status": "planned",
            "gaps": [reported.pk],
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert (action.territory, action.fiscal_year, action.priority) == (
        territory_a,
        2024,
        "child_protection",
    )
    assert list(action.gaps.all()) == [reported]
    assert AuditEntry.objects.get(object_type="indicators.planaction").action == "create"
    edit = client.post(
        f"/territoires/A/plan/actions/{action.pk}/",
        {
            "subject": "priority:child_protection",
            "title": action.title,
            "sectors": ["MFA", "MSSS"],
            "due_on": "2025-03-01",
            "status": "done",
        },
    )
    assert edit.status_code == 302
    entry = AuditEntry.objects.get(object_type="indicators.planaction", action="update")
    assert entry.changes["status"] == ["planned", "done"]
    assert entry.changes["gaps"] == [[str(reported)], []]
    plan = client.get("/territoires/A/plan/?periode=2024-2025")
    assert "Bâtir un corridor MFA → MSSS avec la DPJ" in plan.content.decode()


def test_a_bad_action_form_keeps_the_input_and_saves_nothing(client, plan_data, coordination_a):
    login(client, coordination_a)
    response = client.post(
        "/territoires/A/plan/actions/nouvelle/?periode=2024-2025",
        {"subject": "priority:child_protection", "title": "Titre gardé", "due_on": "demain"},
    )
    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert "Titre gardé" in response.content.decode()
    assert not PlanAction.objects.exists()


def test_who_reads_and_who_writes(
    client, plan_data, territory_a, coordination_a, coordination_b, pap_a, conseiller
):
    action = add(coordination_a, territory_a, "priority:child_protection")
    plan_url = "/territoires/A/plan/?periode=2024-2025"
    new_url = "/territoires/A/plan/actions/nouvelle/?periode=2024-2025"
    edit_url = f"/territoires/A/plan/actions/{action.pk}/"
    assert client.get(plan_url).status_code == 302
    login(client, conseiller)  # advisors read every plan, never write
    assert client.get(plan_url).status_code == 200
    assert client.get(new_url).status_code == 404
    assert client.post(edit_url, {"title": "x"}).status_code == 404
    assert client.get("/plans-d-action/").status_code == 200
    login(client, pap_a)  # a PAP reads its territory's plan, nothing else
    assert client.get(plan_url).status_code == 200
    assert client.get(edit_url).status_code == 404
    assert client.get("/territoires/B/plan/").status_code == 404
    assert client.get("/plans-d-action/").status_code == 404
    login(client, coordination_b)
    assert client.get(plan_url).status_code == 404
    assert client.get(edit_url).status_code == 404
    PlanAction.objects.get(title=action.title)  # unchanged


def test_the_province_view(client, plan_data, territory_a, territory_b, coordination_a, conseiller):
    today = timezone.localdate()
    late = add(
        coordination_a, territory_a, f"indicator:{HANDOFF}", due_on=today - timedelta(days=1)
    )
    add(coordination_a, territory_a, "priority:child_protection", status="done",
        due_on=today - timedelta(days=5))  # fmt: skip
    for territory, need in [(territory_a, "housing"), (territory_a, "housing"),
                            (territory_b, "housing"), (territory_b, "income")]:  # fmt: skip
        ServiceGap.objects.create(
            territory=territory, need=need, noticed_on=date(2024, 7, 1), reported_by_role="pap"
        )
    ServiceGap.objects.create(  # another fiscal year: not counted in 2024-2025
        territory=territory_b, need="income", noticed_on=date(2023, 7, 1), reported_by_role="pap"
    )
    login(client, conseiller)
    view = client.get("/plans-d-action/?periode=2024-2025").context["view"]
    results = store.results(YEAR, as_of=today, territories=["A", "B"])
    expected = [
        ("A", row.indicator)
        for row in results.for_territory("A")
        if row.status == "not_met" and row.indicator != HANDOFF
    ]
    assert [(u.territory, u.code) for u in view.uncovered] == expected
    assert view.overdue == [late]  # the done one is not overdue
    assert [(c.need, c.total, reporting) for c, reporting in view.gaps] == [
        ("housing", 3, 2),
        ("income", 1, 1),
    ]
    login(client, coordination_a)  # a coordinator sees their own territories only
    view = client.get("/plans-d-action/?periode=2024-2025").context["view"]
    assert [(c.need, c.total, reporting) for c, reporting in view.gaps] == [("housing", 2, 1)]


def test_the_plan_pages_cost_the_same_with_more_territories_and_actions(
    client, plan_data, territory_a, coordination_a, conseiller
):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(coordination_a, territory_a, "priority:child_protection")
    login(client, conseiller)
    plan_url, province_url = "/territoires/A/plan/?periode=2024-2025", "/plans-d-action/"
    queries(plan_url), queries(province_url)  # the store fills once
    few = (queries(plan_url), queries(province_url))
    for code in ("C", "D", "E"):
        factories.territory(code)
    corridor = factories.corridor(territory_a, priorities=["child_protection"])
    for n in range(4):
        action = add(coordination_a, territory_a, "priority:child_protection", corridor=corridor,
                     due_on=date(2024, 4, 2), title=f"Action {n}")  # fmt: skip
        action.sectors.set(Sector.objects.all())
    queries(plan_url), queries(province_url)
    assert (queries(plan_url), queries(province_url)) == few


def test_a_target_missed_with_no_data_behind_it_is_not_a_subject(plan_data, territory_a):
    """A count of nothing recorded misses « ≥ 1 » in the engine, but pages say « aucune
    donnée » and count no miss: nor does the plan."""
    factories.target("L4_PROJECTS", territory_a, comparison=">=", value=1)  # A's override
    results = store.results(YEAR, as_of=TODAY, territories=["A"])
    row = results.get("A", "L4_PROJECTS")
    assert (row.status, row.n, row.misses_target) == ("not_met", 0, False)
    assert "L4_PROJECTS" not in [s.code for s in plans.subjects_of(results, "A")]


def test_a_subject_whose_only_action_is_dropped_has_no_action(
    client, plan_data, territory_a, coordination_a, conseiller
):
    add(coordination_a, territory_a, "priority:child_protection", status="dropped")
    plan = plans.plan_of(territory_a, YEAR, as_of=TODAY)
    priority = plan.subjects[0]
    assert (priority.code, len(priority.actions), priority.planned) == (
        "child_protection",
        1,
        False,
    )
    assert (plan.progress.counted, plan.progress.done) == (0, 0)
    login(client, conseiller)
    page = client.get("/territoires/A/plan/?periode=2024-2025").content.decode()
    assert "Aucune action n’est encore prévue." in page
    view = client.get("/plans-d-action/?periode=2024-2025").context["view"]
    assert ("A", "child_protection") in [(u.territory, u.code) for u in view.uncovered]


def test_bad_periods_and_dates_change_nothing(
    client, plan_data, territory_a, territory_b, coordination_a, conseiller
):
    login(client, conseiller)
    response = client.get("/plans-d-action/?periode=2024-13")
    assert response.status_code == 400
    assert "n’est pas une période" in response.content.decode()
    assert client.get("/territoires/A/plan/?periode=nimporte").status_code == 400
    for due_on in (date(1900, 1, 1), date(2024, 3, 31), date(2028, 4, 1)):
        with pytest.raises(ValidationError) as error:
            add(coordination_a, territory_a, "priority:child_protection", due_on=due_on)
        assert "due_on" in error.value.message_dict
    add(coordination_a, territory_a, "priority:child_protection", due_on=date(2028, 3, 31))
    assert PlanAction.objects.count() == 1


def test_an_action_stays_in_its_territory_and_year(
    plan_data, territory_a, territory_b, coordination_a, admin
):
    action = add(coordination_a, territory_a, "priority:child_protection")
    with pytest.raises(PermissionDenied):  # moved to B
        plans.save_action(
            actor=admin, territory=territory_b, fiscal_year=2024, subject=action.subject_key,
            title="x", due_on=date(2025, 1, 1), action=action, today=TODAY,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # moved to another year
        plans.save_action(
            actor=admin, territory=territory_a, fiscal_year=2025, subject=action.subject_key,
            title="x", due_on=date(2026, 1, 1), action=action, today=TODAY,
        )  # fmt: skip
    action.refresh_from_db()
    assert (action.territory, action.fiscal_year, action.title) == (
        territory_a,
        2024,
        "Bâtir un corridor avec la DPJ",
    )
