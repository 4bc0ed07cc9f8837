"""Campaigns through their service: the default questionnaire, what is refused, the audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from surveys.models import Question
from surveys.questionnaire import default_items
from surveys.services.campaigns import update_campaign
from territories.models import AuditEntry
from tests import factories
from tests.surveys.conftest import TODAY, new_campaign, scores_for

pytestmark = pytest.mark.django_db


def test_a_campaign_gets_its_items_then_exactly_one_overall_item(pap_campaign):
    questions = list(pap_campaign.questions.order_by("number"))
    assert [q.text for q in questions[:-1]] == default_items("pap")
    assert [q.overall for q in questions] == [False] * (len(questions) - 1) + [True]
    assert Question.objects.filter(campaign=pap_campaign, overall=True).count() == 1


def test_creating_a_campaign_is_audited(pap_campaign, admin):
    entry = AuditEntry.objects.get(object_type="surveys.campaign", object_id=str(pap_campaign.pk))
    assert entry.actor == admin
    assert entry.changes["name"] == [None, pap_campaign.name]
    assert len(entry.changes["questions"][1]) == len(default_items("pap")) + 1


def test_a_coordinator_manages_only_their_territory(coordination_a, territory_a, territory_b):
    assert new_campaign(coordination_a, territory_a).territory == territory_a
    with pytest.raises(PermissionDenied):
        new_campaign(coordination_a, territory_b)


@pytest.mark.parametrize("role", ["conseiller", "pap_a"])
def test_advisors_and_paps_do_not_manage_campaigns(request, role, territory_a):
    with pytest.raises(PermissionDenied):
        new_campaign(request.getfixturevalue(role), territory_a)


def test_dates_out_of_order_are_refused_by_the_field(admin, territory_a):
    with pytest.raises(ValidationError) as error:
        new_campaign(admin, territory_a, opens_on=date(2024, 6, 1), closes_on=date(2024, 5, 1))
    assert "closes_on" in error.value.message_dict or "__all__" in error.value.message_dict


def test_two_pap_campaigns_of_a_territory_cannot_overlap(admin, territory_a, pap_campaign):
    with pytest.raises(ValidationError) as error:
        new_campaign(admin, territory_a, opens_on=date(2024, 5, 31), closes_on=date(2024, 6, 30))
    assert "opens_on" in error.value.message_dict
    # The day after the first closes is fine.
    later = new_campaign(admin, territory_a, opens_on=date(2024, 6, 1), closes_on=date(2024, 6, 30))
    assert later.pk != pap_campaign.pk


def test_a_family_campaign_needs_a_project_of_its_territory(admin, territory_a, territory_b):
    with pytest.raises(ValidationError) as error:
        new_campaign(admin, territory_a, kind="family")
    assert "project" in error.value.message_dict
    other = factories.project(territory_b, code="B-PRJ-9")
    with pytest.raises(ValidationError) as error:
        new_campaign(admin, territory_a, kind="family", project=other)
    assert "project" in error.value.message_dict


def test_no_overall_item_is_refused(admin, territory_a):
    with pytest.raises(ValidationError) as error:
        new_campaign(admin, territory_a, overall_item="  ")
    assert "overall_item" in error.value.message_dict


def test_questions_change_until_someone_answers(admin, pap_campaign, pap_a):
    from surveys.services.answers import answer_online

    update_campaign(
        actor=admin,
        campaign=pap_campaign,
        name="Renommée",
        opens_on=pap_campaign.opens_on,
        closes_on=pap_campaign.closes_on,
        items=["Un seul énoncé"],
        overall_item="Globalement ?",
    )
    assert [q.text for q in pap_campaign.questions.order_by("number")] == [
        "Un seul énoncé",
        "Globalement ?",
    ]
    answer_online(user=pap_a, campaign=pap_campaign, scores=scores_for(pap_campaign), today=TODAY)
    with pytest.raises(ValidationError) as error:
        update_campaign(
            actor=admin,
            campaign=pap_campaign,
            name="Renommée",
            opens_on=pap_campaign.opens_on,
            closes_on=pap_campaign.closes_on,
            items=["Autre énoncé"],
            overall_item="Globalement ?",
        )
    assert "items" in error.value.message_dict
    assert pap_campaign.questions.count() == 2


def test_dates_cannot_leave_answers_outside_the_campaign(admin, pap_campaign, pap_a):
    from surveys.services.answers import answer_online

    answer_online(user=pap_a, campaign=pap_campaign, scores=scores_for(pap_campaign), today=TODAY)
    for opens_on, closes_on in (
        (date(2024, 5, 16), date(2024, 5, 31)),
        (date(2024, 5, 1), date(2024, 5, 14)),
    ):
        with pytest.raises(ValidationError) as error:
            update_campaign(
                actor=admin,
                campaign=pap_campaign,
                name=pap_campaign.name,
                opens_on=opens_on,
                closes_on=closes_on,
            )
        assert "2024-05-15" in str(error.value.message_dict["opens_on"])
    pap_campaign.refresh_from_db()
    assert (pap_campaign.opens_on, pap_campaign.closes_on) == (date(2024, 5, 1), date(2024, 5, 31))
    update_campaign(
        actor=admin,
        campaign=pap_campaign,
        name=pap_campaign.name,
        opens_on=date(2024, 5, 15),
        closes_on=date(2024, 6, 15),
    )
    pap_campaign.refresh_from_db()
    assert pap_campaign.closes_on == date(2024, 6, 15)
