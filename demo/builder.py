"""Loads the demo: deletes the demo's own rows, then recreates them, in one transaction.

Only rows on the territories A–D are touched; the territories and the five demo users are
reset in place, everything on the territories is deleted and recreated, so running it twice
gives the same rows. Every draw comes from one ``random.Random(SEED)`` in a
fixed order, and every date is fixed, but for the few pending referrals of the watch list
(:mod:`demo.watch`), dated relative to the day it runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo import activity, data
from demo.plans import build_plans, describe_directory
from demo.referrals import build_referrals
from demo.surveys_now import build_current_surveys
from demo.watch import build_watch_list
from indicators.models import PlanAction
from referrals.models import Corridor, Family, Referral
from surveys.models import Campaign, Participation, Response
from territories.models import (
    Assignment,
    JournalEntry,
    Organization,
    Position,
    Project,
    Region,
    Sector,
    ServiceGap,
    SocioHealthProfile,
    Territory,
    User,
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo wrote: a row count per model, keyed by the model's plural name."""

    counts: dict[str, int]
    # The one-time codes of the open family campaign: shown once, never stored.
    survey_codes: list[str] = field(default_factory=list)


def load_demo(*, password: str = data.DEFAULT_PASSWORD) -> DemoSummary:
    """Replace the demo's rows with a fresh, deterministic copy."""
    rng = random.Random(data.SEED)
    with transaction.atomic():
        _delete_demo_rows()
        sectors = {sector.code: sector for sector in Sector.objects.all()}
        report = create_report_structure(password=password, sectors=sectors)
        activity.build_journal(rng=rng, positions=report.positions)
        build_referrals(
            rng=rng, territories=report.territories, corridors=report.corridors, sectors=sectors
        )
        activity.build_surveys(
            rng=rng,
            territories=report.territories,
            projects=report.projects,
            pap_user=report.users["pap-a"],
        )
        build_watch_list(
            today=timezone.localdate(),
            territories=report.territories,
            corridors=report.corridors,
            sectors=sectors,
        )
        build_plans(
            today=timezone.localdate(),
            territories=report.territories,
            sectors=sectors,
            corridors=report.corridors,
        )
        codes = build_current_surveys(
            today=timezone.localdate(), territories=report.territories, projects=report.projects
        )
    return DemoSummary(counts=demo_counts(), survey_codes=codes)


@dataclass(frozen=True)
class ReportStructure:
    """The fixed rows of territories A–D (data.py) and the demo users, as created."""

    territories: dict[str, Territory]
    users: dict[str, User]
    positions: dict[str, Position]
    projects: dict[str, Project]
    corridors: list[Corridor]


def create_report_structure(*, password: str, sectors: dict[str, Sector]) -> ReportStructure:
    """Territories A–D as the report describes them, with their organizations, positions and
    assignments, profiles, projects and corridors, and the five demo users (no activity).

    ``load_demo`` and ``generate_demo`` both start from these rows; the territories' old rows
    must be deleted first.
    """
    territories = _reset_territories()
    users = _reset_users(password=password, territories=territories, sectors=sectors)
    organizations = _create_organizations(territories, sectors)
    positions = _create_positions(organizations, users["pap-a"])
    describe_directory(organizations, positions)
    _create_profiles(territories)
    projects = _create_projects(territories)
    corridors = _create_corridors(territories, sectors)
    return ReportStructure(
        territories=territories,
        users=users,
        positions=positions,
        projects=projects,
        corridors=corridors,
    )


def _demo_territories():
    return Territory.objects.filter(code__in=data.TERRITORY_CODES)


def _delete_demo_rows() -> None:
    """Delete what the demo puts on its territories, children first (most links are PROTECT).

    The territories themselves are kept and reset in place, so that anything else pointing at
    them (another engineer's rows, a user's scope) survives a reload.
    """
    territories = _demo_territories()
    PlanAction.objects.filter(territory__in=territories).delete()
    ServiceGap.objects.filter(territory__in=territories).delete()
    Response.objects.filter(territory__in=territories).delete()
    Participation.objects.filter(campaign__territory__in=territories).delete()
    Campaign.objects.filter(territory__in=territories).delete()
    Referral.objects.filter(territory__in=territories).delete()
    Family.objects.filter(territory__in=territories).delete()
    Corridor.objects.filter(territory__in=territories).delete()
    JournalEntry.objects.filter(position__organization__territory__in=territories).delete()
    Assignment.objects.filter(position__organization__territory__in=territories).delete()
    Position.objects.filter(organization__territory__in=territories).delete()
    Project.objects.filter(territory__in=territories).delete()
    SocioHealthProfile.objects.filter(territory__in=territories).delete()
    Organization.objects.filter(territory__in=territories).delete()


def demo_counts() -> dict[str, int]:
    """Rows of each model on the demo territories (users: the demo users)."""
    territories = _demo_territories()
    by_territory = {
        Territory: territories,
        Organization: Organization.objects.filter(territory__in=territories),
        Position: Position.objects.filter(organization__territory__in=territories),
        Assignment: Assignment.objects.filter(position__organization__territory__in=territories),
        JournalEntry: JournalEntry.objects.filter(
            position__organization__territory__in=territories
        ),
        Project: Project.objects.filter(territory__in=territories),
        SocioHealthProfile: SocioHealthProfile.objects.filter(territory__in=territories),
        Corridor: Corridor.objects.filter(territory__in=territories),
        Family: Family.objects.filter(territory__in=territories),
        Referral: Referral.objects.filter(territory__in=territories),
        Campaign: Campaign.objects.filter(territory__in=territories),
        Participation: Participation.objects.filter(campaign__territory__in=territories),
        Response: Response.objects.filter(territory__in=territories),
        User: User.objects.filter(username__in=[u.username for u in data.USERS]),
    }
    return {
        str(model._meta.verbose_name_plural): queryset.count()
        for model, queryset in by_territory.items()
    }


def _reset_territories() -> dict[str, Territory]:
    """Create the territories A–D, or reset them in place (their ids, hence links, stay)."""
    regions = {region.code: region for region in Region.objects.all()}
    territories = {}
    for spec in data.TERRITORIES:
        territories[spec.code], _created = Territory.objects.update_or_create(
            code=spec.code,
            defaults={"name": spec.name, "milieu": spec.milieu, "region": regions[spec.region]},
        )
    return territories


def _reset_users(
    *, password: str, territories: dict[str, Territory], sectors: dict[str, Sector]
) -> dict[str, User]:
    """Create or reset the demo users: role, flags, territories and password."""
    # One hash for the five accounts: they share the demo password anyway, and each hash costs
    # about half a second.
    encoded = make_password(password)
    existing = {
        u.username: u for u in User.objects.filter(username__in=[s.username for s in data.USERS])
    }
    users = {}
    for spec in data.USERS:
        user = existing.get(spec.username) or User(username=spec.username)
        user.role = spec.role
        user.first_name = spec.first_name
        user.last_name = data.DEMO_LAST_NAME
        user.email = ""
        user.sector = sectors[spec.sector] if spec.sector else None
        user.is_active = True
        user.is_staff = spec.is_staff
        user.is_superuser = spec.is_superuser
        user.password = encoded
        user.save()
        user.territories.set([territories[code] for code in spec.territories])
        users[spec.username] = user
    return users


def _create_organizations(
    territories: dict[str, Territory], sectors: dict[str, Sector]
) -> dict[str, Organization]:
    organizations = [
        Organization(code=code, name=name, territory=territories[territory], sector=sectors[sector])
        for code, territory, sector, name in data.ORGANIZATIONS
    ]
    Organization.objects.bulk_create(organizations)
    return {organization.code: organization for organization in organizations}


def _create_positions(
    organizations: dict[str, Organization], pap_user: User
) -> dict[str, Position]:
    positions = {
        spec.code: Position(
            code=spec.code,
            organization=organizations[spec.organization],
            title=spec.title,
            opened_on=spec.opened_on,
            closed_on=spec.closed_on,
            components=list(spec.components),
            populations=list(spec.populations),
        )
        for spec in data.POSITIONS
    }
    Position.objects.bulk_create(positions.values())
    Assignment.objects.bulk_create(
        Assignment(
            position=positions[spec.code],
            person=person,
            user=pap_user if person == data.DEMO_PAP_PERSON else None,
            started_on=started_on,
            ended_on=ended_on,
        )
        for spec in data.POSITIONS
        for person, started_on, ended_on in spec.holders
    )
    return positions


def _create_profiles(territories: dict[str, Territory]) -> None:
    profiles = [
        SocioHealthProfile(
            territory=territories[code],
            fiscal_year=2023,
            screenings_agir_tot=screenings,
            reports_per_1000=reports,
            out_of_network_pct=out_of_network,
            vulnerable_eqdem_pct=vulnerable,
            immigrant_families_pct=None,
            illustrative=False,
            source=data.REPORT_SOURCE,
        )
        for code, (screenings, reports, out_of_network, vulnerable) in (
            data.REPORT_PROFILES_2023.items()
        )
    ]
    profiles += [
        SocioHealthProfile(
            territory=territories[code],
            fiscal_year=2024,
            screenings_agir_tot=screenings,
            reports_per_1000=reports,
            out_of_network_pct=out_of_network,
            vulnerable_eqdem_pct=vulnerable,
            immigrant_families_pct=immigrant,
            illustrative=True,
            source=data.ILLUSTRATIVE_SOURCE,
        )
        for code, (screenings, reports, out_of_network, vulnerable, immigrant) in (
            data.ILLUSTRATIVE_PROFILES_2024.items()
        )
    ]
    SocioHealthProfile.objects.bulk_create(profiles)


def _create_projects(territories: dict[str, Territory]) -> dict[str, Project]:
    projects = [
        Project(
            code=code,
            territory=territories[territory],
            name=name,
            started_on=started_on,
            ended_on=ended_on,
            supported=supported,
        )
        for code, territory, name, started_on, ended_on, supported in data.PROJECTS
    ]
    Project.objects.bulk_create(projects)
    return {project.code: project for project in projects}


def _create_corridors(
    territories: dict[str, Territory], sectors: dict[str, Sector]
) -> list[Corridor]:
    corridors = [
        Corridor(
            code=spec.code,
            territory=territories[spec.territory],
            from_sector=sectors[spec.from_sector],
            to_sector=sectors[spec.to_sector],
            entry_point=spec.entry_point,
            target_delay_days=spec.target_delay_days,
            consent_languages=list(spec.consent_languages),
            transfer_template=spec.transfer_template,
            priorities=list(spec.priorities),
            active_from=spec.active_from,
            active_to=spec.active_to,
        )
        for spec in data.CORRIDORS
    ]
    Corridor.objects.bulk_create(corridors)
    return corridors
