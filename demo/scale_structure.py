"""The generated territories of ``generate_demo`` and every territory's activity.

Territories ``T005``, ``T006``… get a drawn structure: milieu and region, organizations in the
PAP sectors (MESS on some), positions with varied mandates, holders who leave (some months
vacant between two), projects, corridors (formal or not) and two profiles. Then every
territory, A–D included, gets its journal and its paper survey answers. Each territory draws from
its own generator, seeded with the run's seed and its code, so its rows do not depend on how
many territories come before it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from demo import activity, data
from demo.bulk import RowWriter
from demo.referrals import REFERRAL_PROFILES, ReferralProfile
from referrals.models import Corridor, CorridorPriority
from surveys.models import Channel, Response, SurveyKind
from territories.models import (
    Assignment,
    JournalEntry,
    JournalKind,
    MandateComponent,
    Organization,
    Position,
    Project,
    Region,
    Sector,
    SocioHealthProfile,
    TargetPopulation,
    Territory,
)

PAP_SECTORS = ("MFA", "MSSS", "MEQ", "MIFI")
MILIEUX = (("urbain", 4), ("mixte", 3), ("rural", 3))
# Referral volume of a territory relative to the mean generated one.
MILIEU_WEIGHT = {"urbain": 1.6, "mixte": 1.0, "rural": 0.6}
# A–D's weight: their demo volume over two years, against about 115 for a mean territory.
MEAN_DEMO_VOLUME = 115

ORGANIZATION_NAMES = {
    "MFA": "Maison de la famille",
    "MSSS": "CISSS – services jeunesse",
    "MEQ": "Centre de services scolaire",
    "MIFI": "Organisme d'accueil des personnes immigrantes",
    "MESS": "Bureau de Services Québec",
}
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
PROJECT_NAMES = (
    "Table de concertation petite enfance",
    "Halte-garderie mobile",
    "Rencontres école-famille",
    "Transport vers les ressources",
    "Parcours d'accueil des familles immigrantes",
    "Café-rencontre des parents",
    "Cuisine collective",
    "Guichet commun petite enfance",
    "Fête de quartier des familles",
)
ENTRY_POINTS = (
    "Accueil psychosocial",
    "Maison de la famille – accueil",
    "Centre de services scolaire – agente de liaison",
    "Guichet d'accès jeunesse",
    "Organisme d'accueil – intervenante",
)
LANGUAGES = ("fr", "en", "es", "ar", "fa", "zh", "pt", "uk")


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


def _day_in(rng: random.Random, start: date, end: date) -> date:
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


def generated_plans(*, count: int, seed: int) -> list[TerritoryPlan]:
    """Territories T005… (``count`` of them) with their whole structure, written."""
    regions = {region.code: region for region in Region.objects.all()}
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    drawn = []
    for number in range(5, 5 + count):
        code = f"T{number:03d}"
        rng = territory_rng(seed, code, "structure")
        milieu = rng.choices([m for m, _w in MILIEUX], [w for _m, w in MILIEUX])[0]
        territory = Territory(
            code=code,
            name=f"Territoire {code}",
            milieu=milieu,
            region=regions[f"{rng.randint(1, 17):02d}"],
        )
        drawn.append((rng, territory))
    Territory.objects.bulk_create([territory for _rng, territory in drawn])
    plans = []
    organizations: list[Organization] = []
    for rng, territory in drawn:
        present = _draw_sectors(rng, territory.milieu)
        plan = TerritoryPlan(
            territory=territory,
            weight=MILIEU_WEIGHT[territory.milieu] * rng.uniform(0.6, 1.4),
            referrals=_draw_referral_profile(rng, present),
            activity=_draw_activity_profile(rng),
        )
        plans.append(plan)
        for sector in present:
            copies = 2 if sector == "MFA" and territory.milieu == "urbain" else 1
            for copy in range(1, copies + 1):
                suffix = "" if copy == 1 else f"-{copy}"
                organizations.append(
                    Organization(
                        code=f"{territory.code}-{sector}{suffix}",
                        name=f"{ORGANIZATION_NAMES[sector]} du territoire {territory.code}",
                        territory=territory,
                        sector=sectors[sector],
                    )
                )
    Organization.objects.bulk_create(organizations)
    by_territory = {
        plan.territory.pk: (rng, plan) for (rng, _t), plan in zip(drawn, plans, strict=True)
    }
    _create_positions(organizations, by_territory)
    _create_projects(by_territory)
    _create_corridors(by_territory, sectors)
    _create_profiles(by_territory)
    return plans


def _draw_sectors(rng: random.Random, milieu: str) -> list[str]:
    present = ["MFA"]
    mifi = 0.65 if milieu == "urbain" else 0.3
    for sector, chance in (("MSSS", 0.85), ("MEQ", 0.75), ("MIFI", mifi)):
        if rng.random() < chance:
            present.append(sector)
    if len(present) == 1:
        present.append(rng.choice(("MSSS", "MEQ")))
    if rng.random() < 0.4:
        present.append("MESS")
    return present


def _draw_referral_profile(rng: random.Random, present: list[str]) -> ReferralProfile:
    with_pap = [s for s in present if s != "MESS"]
    pairs = []
    for from_sector in present:
        for to_sector in with_pap:
            if from_sector == to_sector:
                continue
            weight = 3 if "MFA" in (from_sector, to_sector) else 2
            if from_sector == "MESS":
                weight = 1
            pairs.append((from_sector, to_sector, weight + rng.randint(0, 2)))
    languages = [("fr", 4), ("en", 3)] + [
        (language, rng.randint(1, 3)) for language in rng.sample(LANGUAGES[2:], 3)
    ]
    return ReferralProfile(
        per_year=(0, 0),
        immigrant_share=rng.uniform(0.03, 0.45),
        pairs=tuple(pairs),
        statuses=(
            rng.randint(70, 90),
            rng.randint(3, 9),
            rng.randint(2, 14),
            rng.randint(2, 6),
            rng.randint(2, 5),
        ),
        usual_gap=(0, 0, 0, 1, 1, 2),
        usual_handoff=(0, 0, 1, 1, 2, 3),
        tail_share=rng.uniform(0.04, 0.2),
        loop_share=rng.uniform(0.02, 0.12),
        retry_share=rng.uniform(0.25, 0.5),
        immigrant_languages=tuple(languages),
    )


def _draw_activity_profile(rng: random.Random) -> ActivityProfile:
    base = rng.choice((1.5, 2, 2.5, 3, 3.5))
    hours = tuple(str(Decimal(str(base)) + Decimal("0.5") * step) for step in range(5))
    low = rng.randint(2, 4)
    return ActivityProfile(
        supervision_hours=hours,
        codevelopment_share=rng.uniform(0.1, 0.5),
        support_requests_per_quarter=(rng.randint(0, 1), rng.randint(2, 4)),
        pap_scores=tuple(sorted(rng.randint(low, 5) for _ in range(6))),
        family_scores=tuple(sorted(rng.randint(low, 5) for _ in range(6))),
    )


def _create_positions(organizations: list[Organization], by_territory: dict) -> None:
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
                closed_on = _day_in(rng, opened_on + timedelta(90), data.DEMO_END)
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


def _create_projects(by_territory: dict) -> None:
    projects = []
    for rng, plan in by_territory.values():
        for number in range(1, rng.randint(1, 4) + 1):
            started_on = data.DEMO_START + timedelta(rng.randint(-500, 450))
            ended_on = None
            if rng.random() < 0.4:
                ended_on = started_on + timedelta(rng.randint(60, 500))
            project = Project(
                code=f"{plan.code}-PRJ-{number}",
                territory=plan.territory,
                name=rng.choice(PROJECT_NAMES),
                started_on=started_on,
                ended_on=ended_on,
                supported=rng.random() < 0.65,
            )
            projects.append(project)
            plan.projects.append((project, rng.choice((0, 1, 2, 3, 5, 8, 12))))
    Project.objects.bulk_create(projects)


def _create_corridors(by_territory: dict, sectors: dict[str, Sector]) -> None:
    corridors = []
    for rng, plan in by_territory.values():
        pairs = [(p[0], p[1]) for p in plan.referrals.pairs]
        for number, (from_sector, to_sector) in enumerate(
            rng.sample(pairs, min(len(pairs), rng.randint(2, 6))), start=1
        ):
            formal = rng.random() < 0.45
            languages = ["fr", "en"] + rng.sample(LANGUAGES[2:], rng.randint(0, 2))
            entry_point = rng.choice(ENTRY_POINTS)
            delay: int | None = rng.choice((2, 2, 3, 5, 7))
            template = True
            if not formal:  # at least one part of a formal corridor is missing
                missing = rng.sample(("entry", "delay", "languages", "template"), rng.randint(1, 3))
                entry_point = "" if "entry" in missing else entry_point
                delay = None if "delay" in missing else delay
                languages = ["fr"] if "languages" in missing else languages
                template = "template" not in missing
            active_from = data.DEMO_START + timedelta(rng.randint(-700, 400))
            active_to = None
            if rng.random() < 0.12:
                active_to = active_from + timedelta(rng.randint(90, 600))
            corridor = Corridor(
                code=f"{plan.code}-COR-{number}",
                territory=plan.territory,
                from_sector=sectors[from_sector],
                to_sector=sectors[to_sector],
                entry_point=entry_point,
                target_delay_days=delay,
                consent_languages=languages,
                transfer_template=template,
                priorities=rng.sample(CorridorPriority.values, rng.randint(0, 2)),
                active_from=active_from,
                active_to=active_to,
            )
            corridors.append(corridor)
            plan.corridors.append(corridor)
    Corridor.objects.bulk_create(corridors)


def _create_profiles(by_territory: dict) -> None:
    """Two profiles per territory (illustrative, near the report's range), some values empty."""
    profiles = []
    cent = Decimal("0.01")
    for rng, plan in by_territory.values():
        milieu = plan.territory.milieu
        immigrant_high = {"urbain": 55, "mixte": 25, "rural": 10}[milieu]
        values = [
            rng.randint(40, 650),
            rng.uniform(3, 24),
            rng.uniform(18, 42),
            rng.uniform(20, 40),
            rng.uniform(0.5, immigrant_high),
        ]
        for fiscal_year in data.FISCAL_YEARS:
            if fiscal_year != data.FISCAL_YEARS[0]:
                values = [values[0] + rng.randint(-30, 30)] + [
                    value * rng.uniform(0.95, 1.05) for value in values[1:]
                ]
            shown = [None if rng.random() < 0.08 else value for value in values]
            screenings, reports, out_of_network, vulnerable, immigrant = shown
            profiles.append(
                SocioHealthProfile(
                    territory=plan.territory,
                    fiscal_year=fiscal_year,
                    screenings_agir_tot=max(screenings, 0) if screenings is not None else None,
                    reports_per_1000=None if reports is None else Decimal(reports).quantize(cent),
                    out_of_network_pct=_percent(out_of_network),
                    vulnerable_eqdem_pct=_percent(vulnerable),
                    immigrant_families_pct=_percent(immigrant),
                    illustrative=True,
                    source=data.ILLUSTRATIVE_SOURCE,
                )
            )
    SocioHealthProfile.objects.bulk_create(profiles)


def _percent(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return min(Decimal(value).quantize(Decimal("0.1")), Decimal(100))


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
                add(position, _day_in(rng, start, end), JournalKind.SUPPORT_REQUEST)
        for fiscal_year in data.FISCAL_YEARS:
            start, end = date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)
            for kind in (JournalKind.PRESENTATION_INTRA, JournalKind.PRESENTATION_INTER):
                for _presentation in range(rng.randint(0, 2)):
                    add(position, _day_in(rng, start, end), kind)
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
                _day_in(rng, opens_on, end),
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
                    _day_in(rng, start, end),
                    rng.choice(plan.activity.family_scores),
                )
