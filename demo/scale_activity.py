"""Journal entries and paper survey answers of every territory of ``generate_demo``.

Each position gets, over the demo's two fiscal years and while someone holds it, monthly
supervision (some months without), co-development sessions, support requests each quarter,
presentations each year and one by each newcomer. Each quarter's PAP survey gets a paper
answer from most positions held when it opens; each project gets its family answers per fiscal
year it runs in. A territory draws from its own generators (``journal``, ``surveys``).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from demo import activity, data
from demo.bulk import RowWriter
from demo.scale_plans import PositionPlan, TerritoryPlan, day_in, territory_rng
from surveys.models import Channel, Response, SurveyKind
from territories.models import JournalEntry, JournalKind


def _months() -> Iterator[date]:
    day = data.DEMO_START
    while day <= data.DEMO_END:
        yield day
        day = (day + timedelta(32)).replace(day=1)


def write_activity(writer: RowWriter, plans: list[TerritoryPlan], *, seed: int) -> None:
    """Every territory's journal, then its paper survey answers (PAPs, then families)."""
    next_id = 1
    for plan in plans:
        rng = territory_rng(seed, plan.code, "journal")
        entries = _journal(rng, plan)
        rows = [
            (next_id + index, position, day, kind, hours)
            for index, ((position, day, kind), hours) in enumerate(sorted(entries.items()))
        ]
        next_id += len(rows)
        writer.write(JournalEntry, ("id", "position_id", "date", "kind", "hours"), rows)
    for plan in plans:
        rng = territory_rng(seed, plan.code, "surveys")
        writer.write(
            Response,
            ("id", "kind", "territory_id", "project_id", "channel", "submitted_on", "overall"),
            _responses(rng, plan),
        )


def _journal(rng: random.Random, plan: TerritoryPlan) -> dict[tuple, Decimal | None]:
    entries: dict[tuple[int, date, str], Decimal | None] = {}
    profile = plan.activity

    def add(position: PositionPlan, day: date, kind: str, hours: Decimal | None = None) -> None:
        if data.DEMO_START <= day <= data.DEMO_END and position.holder_on(day) is not None:
            entries.setdefault((position.id, day, kind), hours)

    for position in plan.positions:
        for month in _months():
            if rng.random() < 0.88:  # some months without supervision (holidays, vacancy)
                hours = Decimal(rng.choice(profile.supervision_hours))
                add(position, month.replace(day=rng.randint(8, 22)), JournalKind.SUPERVISION, hours)
            if rng.random() < profile.codevelopment_share:
                hours = Decimal(rng.choice(("1.5", "2", "2.5", "3")))
                day = month.replace(day=rng.randint(23, 28))
                add(position, day, JournalKind.CODEVELOPMENT, hours)
        for _fy, _number, start, end in activity.quarters():
            for _request in range(rng.randint(*profile.support_requests_per_quarter)):
                add(position, day_in(rng, start, end), JournalKind.SUPPORT_REQUEST)
        for fiscal_year in data.FISCAL_YEARS:
            start, end = date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)
            for kind in (JournalKind.PRESENTATION_INTRA, JournalKind.PRESENTATION_INTER):
                for _presentation in range(rng.randint(0, 2)):
                    add(position, day_in(rng, start, end), kind)
        for _person, started_on, _ended_on in position.holders:  # a newcomer presents herself
            day = started_on + timedelta(rng.randint(5, 60))
            add(position, day, JournalKind.PRESENTATION_INTER)
    return entries


def _responses(rng: random.Random, plan: TerritoryPlan) -> Iterator[tuple]:
    territory_id = plan.territory.pk
    for _fy, _number, start, end in activity.quarters():
        opens_on = (start + timedelta(31)).replace(day=1)
        for position in plan.positions:
            if position.holder_on(opens_on) is None or rng.random() < 0.15:
                continue
            yield (
                uuid.UUID(int=rng.getrandbits(128), version=4),
                SurveyKind.PAP.value,
                territory_id,
                None,
                Channel.PAPER.value,
                day_in(rng, opens_on, end),
                rng.choice(plan.activity.pap_scores),
            )
    for project, answers in plan.projects:
        for fiscal_year in data.FISCAL_YEARS:
            start = max(project.started_on, date(fiscal_year, 4, 1))
            end = min(project.ended_on or data.DEMO_END, date(fiscal_year + 1, 3, 31))
            if start > end:
                continue
            for _answer in range(answers):
                yield (
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    SurveyKind.FAMILY.value,
                    territory_id,
                    project.pk,
                    Channel.PAPER.value,
                    day_in(rng, start, end),
                    rng.choice(plan.activity.family_scores),
                )
