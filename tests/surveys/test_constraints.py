"""Survey storage: scores 1-5, one participation per campaign, nothing that names a person."""

from datetime import date

import pytest

from surveys.models import Campaign, Participation, Response
from tests import factories
from tests.database import refused

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("score", [0, 6])
def test_overall_score_outside_1_to_5_is_refused(score):
    territory = factories.territory("A")
    refused(lambda: factories.response(territory, overall=score))


@pytest.mark.parametrize("score", [1, 5])
def test_overall_score_bounds_are_accepted(score):
    territory = factories.territory("A")
    assert factories.response(territory, overall=score).overall == score


def test_unknown_survey_kind_is_refused():
    territory = factories.territory("A")
    refused(lambda: factories.response(territory, kind="voter"))


@pytest.mark.parametrize(("kind", "channel"), [("family", "online"), ("pap", "code")])
def test_channel_must_match_the_survey(kind, channel):
    territory = factories.territory("A")
    refused(lambda: factories.response(territory, kind=kind, channel=channel))


def test_unknown_channel_is_refused():
    territory = factories.territory("A")
    refused(lambda: factories.response(territory, channel="pigeon"))


def test_a_user_participates_once_per_campaign():
    territory = factories.territory("A")
    pap = factories.user("pap", territories=[territory])
    campaign = Campaign.objects.create(
        kind="pap",
        name="T1 2024-2025",
        territory=territory,
        opens_on=date(2024, 6, 1),
        closes_on=date(2024, 6, 30),
    )
    Participation.objects.create(campaign=campaign, user=pap)
    refused(lambda: Participation.objects.create(campaign=campaign, user=pap))


def test_campaign_closing_before_opening_is_refused():
    territory = factories.territory("A")
    refused(
        lambda: Campaign.objects.create(
            kind="pap",
            name="x",
            territory=territory,
            opens_on=date(2024, 6, 30),
            closes_on=date(2024, 6, 1),
        )
    )


def test_a_response_has_no_link_to_a_person_nor_a_time_of_day():
    fields = {field.name: field for field in Response._meta.get_fields()}
    assert not any(
        getattr(field, "related_model", None) is not None
        and field.related_model._meta.model_name == "user"
        for field in fields.values()
    )
    assert not any(field.get_internal_type() == "DateTimeField" for field in fields.values())
