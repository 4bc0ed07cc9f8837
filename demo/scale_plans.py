"""What ``generate_demo`` draws each territory's activity and referrals from: its plan.

A plan holds a territory, its referral volume (weight) and profiles, and what its structure
holds once written: positions with their holders, projects, corridors. A–D's plans come from the
report's structure (:mod:`~demo.data`, :mod:`~demo.activity`); the generated territories' from
:mod:`~demo.scale_structure`. Each territory and topic draws from its own generator
(:func:`territory_rng`), so its rows do not depend on how many territories come before it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo import activity, data
from demo.referrals import REFERRAL_PROFILES, ReferralProfile
from referrals.models import Corridor
from territories.models import Project, Territory

# A–D's weight: their demo volume over two years, against about 115 for a mean territory.
MEAN_DEMO_VOLUME = 115


@dataclass(frozen=True)
class ActivityProfile:
    """How a territory's journal and survey answers are drawn."""

    supervision_hours: tuple[str, ...]
    codevelopment_share: float
    support_requests_per_quarter: tuple[int, int]
    pap_scores: tuple[int, ...]
    family_scores: tuple[int, ...]


@dataclass
class PositionPlan:
    """A position and who holds it when: what the journal and surveys are drawn from."""

    id: int
    opened_on: date
    closed_on: date | None
    holders: list[tuple[str, date, date | None]]

    def holder_on(self, day: date) -> str | None:
        if day < self.opened_on or (self.closed_on is not None and day > self.closed_on):
            return None
        for person, started_on, ended_on in self.holders:
            if started_on <= day and (ended_on is None or day <= ended_on):
                return person
        return None


@dataclass
class TerritoryPlan:
    """One territory of the data set and what its activity is drawn from."""

    territory: Territory
    weight: float
    referrals: ReferralProfile
    activity: ActivityProfile
    positions: list[PositionPlan] = field(default_factory=list)
    # Projects with the number of family answers each gets per fiscal year it runs in.
    projects: list[tuple[Project, int]] = field(default_factory=list)
    corridors: list[Corridor] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.territory.code


def territory_rng(seed: int, code: str, topic: str) -> random.Random:
    """The generator of one territory and topic: the same for the same seed, whatever N."""
    return random.Random(f"{seed}:{code}:{topic}")


def day_in(rng: random.Random, start: date, end: date) -> date:
    """A day drawn from ``start`` to ``end``, both included."""
    return start + timedelta(rng.randint(0, (end - start).days))


def report_plans(report, *, seed: int) -> list[TerritoryPlan]:
    """Plans of A–D: their fixed structure (data.py) and the demo's activity profiles."""
    plans = []
    for code, territory in report.territories.items():
        profile = REFERRAL_PROFILES[code]
        plan = TerritoryPlan(
            territory=territory,
            weight=sum(profile.per_year) / MEAN_DEMO_VOLUME,
            referrals=profile,
            activity=ActivityProfile(
                supervision_hours=activity.SUPERVISION_HOURS[code],
                codevelopment_share=activity.CODEVELOPMENT_SHARE[code],
                support_requests_per_quarter=activity.SUPPORT_REQUESTS_PER_QUARTER[code],
                pap_scores=activity.PAP_SCORES[code],
                family_scores=activity.FAMILY_SCORES[code],
            ),
        )
        for spec in data.POSITIONS:
            if spec.code.split("-")[0] == code:
                plan.positions.append(
                    PositionPlan(
                        id=report.positions[spec.code].pk,
                        opened_on=spec.opened_on,
                        closed_on=spec.closed_on,
                        holders=list(spec.holders),
                    )
                )
        plan.projects = [
            (project, activity.FAMILY_ANSWERS[project.code])
            for project in report.projects.values()
            if project.territory_id == territory.pk
        ]
        plan.corridors = [c for c in report.corridors if c.territory_id == territory.pk]
        plans.append(plan)
    return plans
