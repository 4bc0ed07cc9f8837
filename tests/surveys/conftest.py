"""Survey test helpers: a campaign made by the service, with its default questionnaire."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from surveys import codes
from surveys.questionnaire import default_items, default_overall_item
from surveys.services.campaigns import create_campaign, generate_codes
from tests import factories

TODAY = date(2024, 5, 15)


def new_campaign(actor, territory, kind="pap", project=None, **fields):
    values = {
        "name": f"Sondage {kind} {territory.code}",
        "opens_on": date(2024, 5, 1),
        "closes_on": date(2024, 5, 31),
        "items": default_items(kind),
        "overall_item": default_overall_item(kind),
    } | fields
    return create_campaign(actor=actor, kind=kind, territory=territory, project=project, **values)


def open_family_codes(actor, territory, count=3):
    """A family survey of ``territory`` open today (a project's halte-garderie) and ``count``
    one-time codes, as printed: (campaign, codes)."""
    today = timezone.localdate()
    project = factories.project(territory, code=f"{territory.code}-PRJ-1", name="Halte-garderie")
    campaign = new_campaign(
        actor,
        territory,
        kind="family",
        project=project,
        opens_on=today - timedelta(2),
        closes_on=today + timedelta(20),
    )
    _batch, plain = generate_codes(actor=actor, campaign=campaign, count=count, today=today)
    return campaign, [codes.display(code) for code in plain]


@pytest.fixture
def pap_campaign(admin, territory_a):
    return new_campaign(admin, territory_a)


def scores_for(campaign, score=4, **overrides):
    """Every question of ``campaign`` answered ``score`` (``overall=5``: the overall item)."""
    result = {}
    for question in campaign.questions.all():
        result[question.pk] = overrides.get("overall", score) if question.overall else score
    return result
