"""Answering: a PAP once per campaign, a family once per code, paper answers; and nothing
that links an answer to a person (DESIGN.md section 8)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from surveys import codes
from surveys.models import Answer, OneTimeCode, Participation, Response
from surveys.services.answers import (
    CodeRefused,
    answer_online,
    answer_with_code,
    record_paper_answer,
)
from surveys.services.campaigns import cancel_batch, generate_codes
from territories.models import AuditEntry, Role
from tests import factories
from tests.conftest import make_user
from tests.surveys.conftest import TODAY, new_campaign, scores_for

pytestmark = pytest.mark.django_db


def test_a_pap_answers_once_and_a_second_attempt_is_refused(pap_campaign, pap_a):
    answer_online(
        user=pap_a,
        campaign=pap_campaign,
        scores=scores_for(pap_campaign, 3, overall=5),
        today=TODAY,
    )
    response = Response.objects.get(campaign=pap_campaign)
    assert (response.channel, response.overall, response.submitted_on) == ("online", 5, TODAY)
    assert sorted(response.answers.values_list("score", flat=True)) == [3] * 5
    assert Participation.objects.filter(campaign=pap_campaign, user=pap_a).count() == 1
    with pytest.raises(ValidationError):
        answer_online(
            user=pap_a, campaign=pap_campaign, scores=scores_for(pap_campaign), today=TODAY
        )
    assert Response.objects.filter(campaign=pap_campaign).count() == 1


def test_a_missing_item_writes_nothing(pap_campaign, pap_a):
    scores = scores_for(pap_campaign)
    scores.pop(next(iter(scores)))
    with pytest.raises(ValidationError):
        answer_online(user=pap_a, campaign=pap_campaign, scores=scores, today=TODAY)
    assert not Participation.objects.exists()
    assert not Response.objects.exists()


def test_only_paps_of_the_territory_answer_an_open_campaign(
    pap_campaign, coordination_a, territory_b
):
    pap_b = make_user("pap-b", Role.PAP, [territory_b])
    for user in (coordination_a, pap_b):
        with pytest.raises(PermissionDenied):
            answer_online(
                user=user, campaign=pap_campaign, scores=scores_for(pap_campaign), today=TODAY
            )
    pap_a = make_user("pap-a2", Role.PAP, [pap_campaign.territory])
    for day in (pap_campaign.opens_on - timedelta(1), pap_campaign.closes_on + timedelta(1)):
        with pytest.raises(ValidationError):
            answer_online(
                user=pap_a, campaign=pap_campaign, scores=scores_for(pap_campaign), today=day
            )
    assert not Response.objects.exists()


def test_no_answer_table_can_lead_to_a_user():
    for model in (Response, Answer):
        fields = model._meta.get_fields()
        related = {f.related_model for f in fields if f.is_relation}
        assert all(
            target is None
            or target._meta.label not in {"territories.User", "surveys.Participation"}
            for target in related
        ), model
        assert not any(isinstance(f, models.DateTimeField | models.TimeField) for f in fields)
        assert isinstance(model._meta.pk, models.UUIDField)
    participation_fields = {f.name for f in Participation._meta.get_fields()}
    assert not participation_fields & {"response", "submitted_on", "answered_at", "created"}


def test_answer_keys_do_not_follow_the_order_answers_came_in(admin, territory_a):
    campaign = new_campaign(admin, territory_a)
    inserted, participations = [], []
    for n in range(12):
        pap = make_user(f"pap-{n}", Role.PAP, [territory_a])
        before = set(Response.objects.values_list("pk", flat=True))
        answer_online(user=pap, campaign=campaign, scores=scores_for(campaign), today=TODAY)
        (new,) = set(Response.objects.values_list("pk", flat=True)) - before
        inserted.append(new)
        participations.append(Participation.objects.get(user=pap).pk)
    # Neither response nor participation keys may follow the order people answered (12 random
    # keys fall in insertion order once in 12! ≈ 479 million), nor carry a time (UUID4): the
    # n-th participation beside the n-th response would give a person's answer.
    by_key = list(Response.objects.order_by("pk").values_list("pk", flat=True))
    assert by_key != inserted
    assert {key.version for key in inserted} == {4}
    assert list(Participation.objects.order_by("pk").values_list("pk", flat=True)) != (
        participations
    )
    assert {key.version for key in participations} == {4}
    answer_keys = list(Answer.objects.order_by("pk").values_list("response_id", flat=True))
    assert answer_keys != [key for key in inserted for _item in range(5)]
    assert set(Response.objects.values_list("submitted_on", flat=True)) == {TODAY}


def test_a_paper_answer_may_skip_items_but_not_the_overall_one(admin, pap_campaign):
    scores = dict.fromkeys(scores_for(pap_campaign))
    with pytest.raises(ValidationError):
        record_paper_answer(
            actor=admin, campaign=pap_campaign, submitted_on=TODAY, scores=scores, today=TODAY
        )
    overall = pap_campaign.questions.get(overall=True)
    scores[overall.pk] = 2
    record_paper_answer(
        actor=admin, campaign=pap_campaign, submitted_on=TODAY, scores=scores, today=TODAY
    )
    response = Response.objects.get()
    assert (response.channel, response.overall, response.answers.count()) == ("paper", 2, 0)
    entry = AuditEntry.objects.filter(object_type="surveys.campaign").latest("pk")
    assert entry.changes == {"paper_answers": [None, "+1"]}  # that one was entered, no score


def test_a_paper_answer_is_dated_within_the_campaign_and_not_in_the_future(
    coordination_a, pap_campaign
):
    for day in (date(2024, 4, 30), TODAY + timedelta(1)):
        with pytest.raises(ValidationError) as error:
            record_paper_answer(
                actor=coordination_a,
                campaign=pap_campaign,
                submitted_on=day,
                scores=scores_for(pap_campaign),
                today=TODAY,
            )
        assert "submitted_on" in error.value.message_dict
    assert not Response.objects.exists()


@pytest.fixture
def family_campaign(admin, territory_a):
    project = factories.project(territory_a, code="A-PRJ-1")
    return new_campaign(admin, territory_a, kind="family", project=project)


def test_codes_are_random_50_bit_and_stored_only_as_keyed_hashes(admin, family_campaign):
    batch, plain = generate_codes(actor=admin, campaign=family_campaign, count=30, today=TODAY)
    assert codes.BITS >= 40 and len(set(plain)) == 30 == batch.codes.count()
    stored = set(OneTimeCode.objects.values_list("digest", flat=True))
    assert stored == {codes.digest(code) for code in plain}
    assert not stored & set(plain)
    assert all(codes.normalize(codes.display(code)) == code for code in plain)


def test_a_code_works_once_and_the_answer_does_not_name_it(admin, family_campaign):
    _batch, plain = generate_codes(actor=admin, campaign=family_campaign, count=2, today=TODAY)
    typed = codes.display(plain[0]).lower()  # case and dash do not matter
    answer_with_code(typed=typed, scores=scores_for(family_campaign, overall=5), today=TODAY)
    response = Response.objects.get()
    assert (response.channel, response.project, response.overall) == (
        "code",
        family_campaign.project,
        5,
    )
    with pytest.raises(CodeRefused) as refusal:
        answer_with_code(typed=typed, scores=scores_for(family_campaign), today=TODAY)
    assert refusal.value.reason == "used"
    assert Response.objects.count() == 1
    assert OneTimeCode.objects.filter(used=True).count() == 1


def test_a_code_expires_with_its_campaign_or_its_batch(admin, family_campaign):
    batch, plain = generate_codes(actor=admin, campaign=family_campaign, count=2, today=TODAY)
    after = family_campaign.closes_on + timedelta(1)
    with pytest.raises(CodeRefused) as refusal:
        answer_with_code(typed=plain[0], scores=scores_for(family_campaign), today=after)
    assert refusal.value.reason == "expired"
    before = family_campaign.opens_on - timedelta(1)
    with pytest.raises(CodeRefused) as refusal:
        answer_with_code(typed=plain[0], scores=scores_for(family_campaign), today=before)
    assert refusal.value.reason == "not_yet"
    cancel_batch(actor=admin, batch=batch, today=TODAY)
    with pytest.raises(CodeRefused) as refusal:
        answer_with_code(typed=plain[1], scores=scores_for(family_campaign), today=TODAY)
    assert refusal.value.reason == "expired"
    assert not Response.objects.exists()


@pytest.mark.parametrize("typed", ["", "ABC", "0000000000", "ÉÉÉÉÉ-ÉÉÉÉÉ"])
def test_an_unknown_code_is_refused(admin, family_campaign, typed):
    generate_codes(actor=admin, campaign=family_campaign, count=1, today=TODAY)
    with pytest.raises(CodeRefused) as refusal:
        answer_with_code(typed=typed, scores=scores_for(family_campaign), today=TODAY)
    assert refusal.value.reason == "unknown"


def test_codes_are_only_for_open_family_campaigns(admin, pap_campaign, family_campaign):
    with pytest.raises(ValidationError):
        generate_codes(actor=admin, campaign=pap_campaign, count=5, today=TODAY)
    with pytest.raises(ValidationError):
        generate_codes(
            actor=admin,
            campaign=family_campaign,
            count=5,
            today=family_campaign.closes_on + timedelta(1),
        )
    with pytest.raises(ValidationError):
        generate_codes(actor=admin, campaign=family_campaign, count=0, today=TODAY)
    assert not OneTimeCode.objects.exists()
