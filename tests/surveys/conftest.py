"""Survey test helpers: a campaign made by the service, with its default questionnaire."""

from datetime import date

import pytest

from surveys.questionnaire import default_items, default_overall_item
from surveys.services.campaigns import create_campaign

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


@pytest.fixture
def pap_campaign(admin, territory_a):
    return new_campaign(admin, territory_a)


def scores_for(campaign, score=4, **overrides):
    """Every question of ``campaign`` answered ``score`` (``overall=5``: the overall item)."""
    result = {}
    for question in campaign.questions.all():
        result[question.pk] = overrides.get("overall", score) if question.overall else score
    return result
