"""Positions of the generated territories: their mandates and who holds them when.

An organization of a PAP sector gets one to three positions, most opened before the demo's two
fiscal years, some during them, a few closed. A mandate has the three components more often
than not and serves the populations its sector usually serves, sometimes others. Holders follow
one another, with a vacant stretch between some of them; each becomes an assignment, and the
position's plan keeps them for the journal and the survey answers.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo import data
from demo.scale_plans import PositionPlan, day_in
from territories.models import (
    Assignment,
    MandateComponent,
    Organization,
    Position,
    TargetPopulation,
)

TITLES = {
    "MFA": data.TITLE_MFA,
    "MSSS": data.TITLE_MSSS,
    "MEQ": data.TITLE_MEQ,
    "MIFI": data.TITLE_MIFI,
}

# Target populations each sector tends to serve (drawn first), then any other.
SECTOR_POPULATIONS = {
    "MFA": ("infants_0_2", "preschool_out_of_network", "low_income", "single_parent"),
    "MSSS": ("pregnant", "infants_0_2", "child_protection", "low_income"),
    "MEQ": ("school_transition", "preschool_out_of_network", "low_income"),
    "MIFI": ("immigrant", "pregnant", "housing", "low_income"),
}


def create_positions(organizations: list[Organization], by_territory: dict) -> None:
    positions: list[Position] = []
    holders: list[list[tuple[str, date, date | None]]] = []
    people: dict[int, int] = {}
    for organization in organizations:
        sector = organization.sector_id
        if sector not in TITLES:
            continue  # MESS sits at the table, with no PAP
        rng, plan = by_territory[organization.territory_id]
        count = (
            1 + (rng.random() < 0.5) + (plan.territory.milieu == "urbain" and rng.random() < 0.4)
        )
        for number in range(1, count + 1):
            if rng.random() < 0.85:
                opened_on = data.DEMO_START - timedelta(rng.randint(30, 900))
            else:
                opened_on = data.DEMO_START + timedelta(rng.randint(0, 500))
            closed_on = None
            roll = rng.random()
            if roll < 0.05:
                opened_on = data.DEMO_START - timedelta(rng.randint(500, 900))
                closed_on = data.DEMO_START - timedelta(rng.randint(1, 200))
            elif roll < 0.15:
                closed_on = day_in(rng, opened_on + timedelta(90), data.DEMO_END)
            positions.append(
                Position(
                    code=f"{organization.code}-{number}",
                    organization=organization,
                    title=TITLES[sector],
                    opened_on=opened_on,
                    closed_on=closed_on,
                    components=_draw_components(rng),
                    populations=_draw_populations(rng, sector),
                )
            )
            holders.append(_draw_holders(rng, plan.code, opened_on, closed_on, people))
    Position.objects.bulk_create(positions)
    assignments = []
    for position, position_holders in zip(positions, holders, strict=True):
        _rng, plan = by_territory[position.organization.territory_id]
        plan.positions.append(
            PositionPlan(
                id=position.pk,
                opened_on=position.opened_on,
                closed_on=position.closed_on,
                holders=position_holders,
            )
        )
        assignments += [
            Assignment(position=position, person=person, started_on=started_on, ended_on=ended_on)
            for person, started_on, ended_on in position_holders
        ]
    Assignment.objects.bulk_create(assignments)


def _draw_components(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.55:
        return list(MandateComponent.values)
    if roll < 0.58:
        return []
    return rng.sample(MandateComponent.values, rng.randint(1, 2))


def _draw_populations(rng: random.Random, sector: str) -> list[str]:
    if rng.random() < 0.03:
        return []
    usual = list(SECTOR_POPULATIONS[sector])
    others = [p for p in TargetPopulation.values if p not in usual]
    chosen = rng.sample(usual, rng.randint(1, len(usual)))
    return chosen + rng.sample(others, rng.randint(0, 2))


def _draw_holders(
    rng: random.Random, code: str, opened_on: date, closed_on: date | None, people: dict
) -> list[tuple[str, date, date | None]]:
    """Holders one after another, with a vacant stretch between some of them."""
    holders: list[tuple[str, date, date | None]] = []
    start = opened_on + timedelta(rng.choice((0, 0, 0, 30, 60)))
    while start <= data.DEMO_END and (closed_on is None or start <= closed_on):
        people[code] = people.get(code, 0) + 1
        person = f"PAP-{code}-{people[code]}"
        end: date | None = start + timedelta(rng.randint(120, 1100))
        if closed_on is not None and end >= closed_on:
            end = closed_on
        elif end > data.DEMO_END:
            end = None
        holders.append((person, start, end))
        if end is None or end == closed_on:
            break
        start = end + timedelta(1 + rng.choice((0, 0, 14, 30, 45, 60, 90, 120)))
    return holders
