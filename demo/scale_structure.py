"""The generated territories of ``generate_demo``: their structure, written.

Territories ``T005``, ``T006``… get a drawn milieu and region, organizations in the PAP sectors
(MESS on some), positions (:mod:`~demo.scale_positions`), projects, corridors (formal or not)
and two profiles, with the referral and activity profiles their referrals, journal and survey
answers are later drawn from (:mod:`~demo.scale_plans`). Each territory draws from its own
generator, seeded with the run's seed and its code, so its rows do not depend on how many
territories come before it.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from demo import data
from demo.referrals import ReferralProfile
from demo.scale_plans import ActivityProfile, TerritoryPlan, territory_rng
from demo.scale_positions import create_positions
from referrals.models import Corridor, CorridorPriority
from territories.models import (
    Organization,
    Project,
    Region,
    Sector,
    SocioHealthProfile,
    Territory,
)

MILIEUX = (("urbain", 4), ("mixte", 3), ("rural", 3))
# Referral volume of a territory relative to the mean generated one.
MILIEU_WEIGHT = {"urbain": 1.6, "mixte": 1.0, "rural": 0.6}

ORGANIZATION_NAMES = {
    "MFA": "Maison de la famille",
    "MSSS": "CISSS – services jeunesse",
    "MEQ": "Centre de services scolaire",
    "MIFI": "Organisme d'accueil des personnes immigrantes",
    "MESS": "Bureau de Services Québec",
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
    create_positions(organizations, by_territory)
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
