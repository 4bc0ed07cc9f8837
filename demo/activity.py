"""The demo's PAP journal and survey answers, drawn month by month over two fiscal years.

A position's journal only has entries on days someone holds it (a vacant position records
nothing). PAP survey campaigns run each quarter on every territory; ``pap-a`` answers online
(with a participation record), the other PAPs on paper. Families answer per project, by one-time
code or on paper; a few small groups (1 or 2 answers) let suppression show.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from demo.data import (
    DEMO_END,
    DEMO_PAP_PERSON,
    DEMO_START,
    EXTRA_PRESENTATIONS,
    FISCAL_YEARS,
    POSITIONS,
    SEED,
    PositionSpec,
)
from demo.surveys_now import add_default_questions
from surveys.models import Answer, Campaign, Channel, Participation, Question, Response, SurveyKind
from territories.models import JournalEntry, JournalKind, Position, Project, Territory, User

# Monthly supervision hours drawn per territory (D lower), co-development chance per month.
SUPERVISION_HOURS = {
    "A": ("3", "3.5", "4", "4.5", "5", "6"),
    "B": ("2", "2.5", "3", "3.5", "4"),
    "C": ("2.5", "3", "3.5", "4", "4.5"),
    "D": ("1.5", "2", "2", "2.5"),
}
CODEVELOPMENT_SHARE = {"A": 0.45, "B": 0.25, "C": 0.35, "D": 0.20}
SUPPORT_REQUESTS_PER_QUARTER = {"A": (1, 3), "B": (1, 4), "C": (1, 3), "D": (0, 2)}

# Overall satisfaction (1-5) drawn from these, per territory: PAPs (B lower), then families.
PAP_SCORES = {
    "A": (3, 4, 4, 4, 5),
    "B": (2, 2, 3, 3, 4),
    "C": (3, 3, 3, 4, 4, 5),
    "D": (4, 4, 5, 5, 3),
}
FAMILY_SCORES = {
    "A": (4, 4, 5, 3, 5),
    "B": (3, 4, 4, 3, 5),
    "C": (3, 4, 3, 5, 4, 2),
    "D": (4, 5, 5, 4, 4),
}
# Family answers per project and fiscal year in which it runs; the small ones (1 or 2) show
# suppression.
FAMILY_ANSWERS = {
    "A-PRJ-1": 6,
    "A-PRJ-2": 2,
    "B-PRJ-1": 5,
    "B-PRJ-2": 4,
    "C-PRJ-1": 7,
    "C-PRJ-2": 3,
    "C-PRJ-3": 1,
    "D-PRJ-1": 8,
    "D-PRJ-2": 4,
}


def _months() -> Iterator[date]:
    """The first day of each month of the demo."""
    year, month = DEMO_START.year, DEMO_START.month
    while date(year, month, 1) <= DEMO_END:
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def quarters() -> list[tuple[int, int, date, date]]:
    """(fiscal year, quarter number, first day, last day) of each quarter of the demo."""
    months = list(_months())
    result = []
    for index in range(0, len(months), 3):
        start = months[index]
        end = months[index + 3] - timedelta(1) if index + 3 < len(months) else DEMO_END
        fiscal_year = start.year if start.month >= 4 else start.year - 1
        result.append((fiscal_year, index // 3 % 4 + 1, start, end))
    return result


def holder_on(spec: PositionSpec, day: date) -> str | None:
    """The person holding the position on ``day``, if anyone."""
    if day < spec.opened_on or (spec.closed_on is not None and day > spec.closed_on):
        return None
    for person, started_on, ended_on in spec.holders:
        if started_on <= day and (ended_on is None or day <= ended_on):
            return person
    return None


def _day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(rng.randint(0, (end - start).days))


def build_journal(*, rng: random.Random, positions: dict[str, Position]) -> int:
    """Create every position's journal entries; return their count."""
    entries: dict[tuple[str, date, str], Decimal | None] = {}

    def add(spec: PositionSpec, day: date, kind: str, hours: Decimal | None = None) -> None:
        if DEMO_START <= day <= DEMO_END and holder_on(spec, day) is not None:
            entries.setdefault((spec.code, day, kind), hours)

    for spec in POSITIONS:
        territory = spec.code[0]
        for month in _months():
            if rng.random() < 0.9:  # a month without supervision now and then (holidays)
                hours = Decimal(rng.choice(SUPERVISION_HOURS[territory]))
                add(spec, month.replace(day=rng.randint(8, 22)), JournalKind.SUPERVISION, hours)
            if rng.random() < CODEVELOPMENT_SHARE[territory]:
                hours = Decimal(rng.choice(("1.5", "2", "2.5", "3")))
                add(spec, month.replace(day=rng.randint(23, 28)), JournalKind.CODEVELOPMENT, hours)
        for _fy, _number, start, end in quarters():
            for _request in range(rng.randint(*SUPPORT_REQUESTS_PER_QUARTER[territory])):
                add(spec, _day_in(rng, start, end), JournalKind.SUPPORT_REQUEST)
        for fiscal_year in FISCAL_YEARS:
            start, end = date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)
            for kind in (JournalKind.PRESENTATION_INTRA, JournalKind.PRESENTATION_INTER):
                for _presentation in range(rng.randint(1, 2)):
                    add(spec, _day_in(rng, start, end), kind)
    specs = {spec.code: spec for spec in POSITIONS}
    for code, kind, day in EXTRA_PRESENTATIONS:
        add(specs[code], day, kind)
    JournalEntry.objects.bulk_create(
        JournalEntry(position=positions[code], date=day, kind=kind, hours=hours)
        for (code, day, kind), hours in sorted(entries.items())
    )
    return len(entries)


def build_surveys(
    *,
    rng: random.Random,
    territories: dict[str, Territory],
    projects: dict[str, Project],
    pap_user: User,
) -> tuple[int, int, int]:
    """Create campaigns, participations and responses; return their counts."""
    campaigns: list[Campaign] = []
    responses: list[Response] = []
    participations: list[Participation] = []
    for code, territory in territories.items():
        for fiscal_year, number, start, end in quarters():
            opens_on = (start + timedelta(31)).replace(day=1)
            campaign = Campaign(
                kind=SurveyKind.PAP,
                name=f"Sondage PAP {fiscal_year}-{fiscal_year + 1}-T{number} – territoire {code}",
                territory=territory,
                opens_on=opens_on,
                closes_on=end,
            )
            campaigns.append(campaign)
            for spec in POSITIONS:
                person = holder_on(spec, opens_on)
                if spec.code[0] != code or person is None:
                    continue
                online = person == DEMO_PAP_PERSON
                if not online and rng.random() < 0.15:  # not every PAP answers every quarter
                    continue
                responses.append(
                    Response(
                        kind=SurveyKind.PAP,
                        territory=territory,
                        campaign=campaign,
                        channel=Channel.ONLINE if online else Channel.PAPER,
                        submitted_on=_day_in(rng, opens_on, end),
                        overall=rng.choice(PAP_SCORES[code]),
                    )
                )
                if online:
                    participations.append(Participation(campaign=campaign, user=pap_user))
    for project in projects.values():
        code = project.territory.code
        opens_on = max(project.started_on, DEMO_START)
        closes_on = min(project.ended_on or DEMO_END, DEMO_END)
        campaign = Campaign(
            kind=SurveyKind.FAMILY,
            name=f"Sondage des familles – {project.name}",
            territory=project.territory,
            project=project,
            opens_on=opens_on,
            closes_on=closes_on,
        )
        campaigns.append(campaign)
        for fiscal_year in FISCAL_YEARS:
            start = max(opens_on, date(fiscal_year, 4, 1))
            end = min(closes_on, date(fiscal_year + 1, 3, 31))
            if start > end:
                continue
            for _answer in range(FAMILY_ANSWERS[project.code]):
                by_code = rng.random() < 0.6
                responses.append(
                    Response(
                        kind=SurveyKind.FAMILY,
                        territory=project.territory,
                        project=project,
                        campaign=campaign,
                        channel=Channel.CODE if by_code else Channel.PAPER,
                        submitted_on=_day_in(rng, start, end),
                        overall=rng.choice(FAMILY_SCORES[code]),
                    )
                )
    Campaign.objects.bulk_create(campaigns)
    Participation.objects.bulk_create(participations)
    Response.objects.bulk_create(responses)
    _answer_items(add_default_questions(campaigns), responses)
    return len(campaigns), len(participations), len(responses)


def _answer_items(questions: list[Question], responses: list[Response]) -> None:
    """Scores for the items besides the overall one, close to each response's overall score,
    drawn from a generator of their own: the overall scores, and so the indicators, stay as
    they were before campaigns had items."""
    rng = random.Random(f"{SEED}-items")
    items: dict[int, list[Question]] = {}
    for question in questions:
        if not question.overall:
            items.setdefault(question.campaign_id, []).append(question)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=question,
            score=min(5, max(1, response.overall + rng.choice((-1, 0, 0, 1)))),
        )
        for response in responses
        if response.campaign_id is not None
        for question in items.get(response.campaign_id, [])
    )
