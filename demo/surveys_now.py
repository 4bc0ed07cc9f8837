"""Survey campaigns dated relative to the day ``load_demo`` runs, so that the survey pages have
something to do every day: an open PAP campaign of territory A that ``pap-a`` has not answered
yet, and an open family campaign of A's first project with a batch of one-time codes (printed
by ``load_demo``, the only time they are seen).

They lie after the demo's fixed years and hold no answer: they change no indicator of the
demo's fiscal years (nor the golden exports).
"""

from __future__ import annotations

from datetime import date, timedelta

from surveys.codes import digest, display, new_code
from surveys.models import Campaign, CodeBatch, OneTimeCode, Question, SurveyKind
from surveys.questionnaire import default_items, default_overall_item
from surveys.services.campaigns import questions_from
from territories.models import Project, Territory

CODES = 20


def build_current_surveys(
    *, today: date, territories: dict[str, Territory], projects: dict[str, Project]
) -> list[str]:
    """Create the two open campaigns and the batch; return the batch's codes, for printing."""
    territory = territories["A"]
    project = projects["A-PRJ-1"]
    pap = Campaign.objects.create(
        kind=SurveyKind.PAP,
        name=f"Sondage PAP en cours – territoire {territory.code}",
        territory=territory,
        opens_on=today - timedelta(7),
        closes_on=today + timedelta(21),
    )
    family = Campaign.objects.create(
        kind=SurveyKind.FAMILY,
        name=f"Sondage des familles en cours – {project.name}",
        territory=territory,
        project=project,
        opens_on=today - timedelta(7),
        closes_on=today + timedelta(60),
    )
    add_default_questions([pap, family])
    batch = CodeBatch.objects.create(campaign=family, created_on=today, size=CODES)
    codes: set[str] = set()
    while len(codes) < CODES:
        codes.add(new_code())
    OneTimeCode.objects.bulk_create(OneTimeCode(batch=batch, digest=digest(c)) for c in codes)
    return [display(code) for code in sorted(codes)]


def add_default_questions(campaigns: list[Campaign]) -> list[Question]:
    """The default questionnaire of each campaign's survey; returns the questions created."""
    questions = []
    for campaign in campaigns:
        for question in questions_from(
            default_items(campaign.kind), default_overall_item(campaign.kind)
        ):
            question.campaign = campaign
            questions.append(question)
    return Question.objects.bulk_create(questions)
