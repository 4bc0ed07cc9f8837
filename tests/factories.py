"""Small factories for the test cast: real rows, sensible defaults, every field overridable."""

from __future__ import annotations

from datetime import date
from itertools import count

from referrals.models import Corridor, Family, Referral, ReferralStatus
from referrals.services import register_family
from surveys.models import Response
from territories.models import (
    Assignment,
    JournalEntry,
    Organization,
    Position,
    Project,
    Region,
    Role,
    Sector,
    SocioHealthProfile,
    Territory,
    User,
)

_sequence = count(1)


def territory(code: str = "A", **fields) -> Territory:
    fields.setdefault("name", f"Territoire {code}")
    fields.setdefault("milieu", "urbain")
    fields.setdefault("region", Region.objects.get(code="04"))
    return Territory.objects.create(code=code, **fields)


def user(username: str, role: str = Role.PAP, territories=(), **fields) -> User:
    account = User.objects.create_user(
        username=username, password="motdepasse-test", role=role, **fields
    )
    account.territories.set(territories)
    return account


def organization(territory: Territory, sector: str = "MFA", **fields) -> Organization:
    n = next(_sequence)
    fields.setdefault("code", f"{territory.code}-{sector}-{n}")
    fields.setdefault("name", f"Organisme {n}")
    return Organization.objects.create(
        territory=territory, sector=Sector.objects.get(code=sector), **fields
    )


def position(organization: Organization, **fields) -> Position:
    n = next(_sequence)
    fields.setdefault("code", f"P-{n}")
    fields.setdefault("title", "Travailleuse de proximité")
    fields.setdefault("opened_on", date(2023, 4, 1))
    fields.setdefault("components", ["outreach", "accompaniment", "collaboration"])
    fields.setdefault("populations", ["pregnant"])
    return Position.objects.create(organization=organization, **fields)


def assignment(position: Position, person: str = "PAP-1", **fields) -> Assignment:
    fields.setdefault("started_on", date(2023, 4, 1))
    return Assignment.objects.create(position=position, person=person, **fields)


def journal_entry(position: Position, kind: str = "supervision", **fields) -> JournalEntry:
    fields.setdefault("date", date(2024, 5, 1))
    return JournalEntry.objects.create(position=position, kind=kind, **fields)


def project(territory: Territory, **fields) -> Project:
    n = next(_sequence)
    fields.setdefault("code", f"PRJ-{n}")
    fields.setdefault("name", f"Projet {n}")
    fields.setdefault("started_on", date(2023, 4, 1))
    return Project.objects.create(territory=territory, **fields)


def profile(territory: Territory | None, fiscal_year: int = 2023, **values) -> SocioHealthProfile:
    return SocioHealthProfile.objects.create(territory=territory, fiscal_year=fiscal_year, **values)


def corridor(
    territory: Territory, from_sector: str = "MFA", to_sector: str = "MSSS", **fields
) -> Corridor:
    n = next(_sequence)
    fields.setdefault("code", f"C-{n}")
    fields.setdefault("active_from", date(2023, 4, 1))
    return Corridor.objects.create(
        territory=territory,
        from_sector=Sector.objects.get(code=from_sector),
        to_sector=Sector.objects.get(code=to_sector),
        **fields,
    )


def family(territory: Territory, code: str | None = None, immigrant: bool = False) -> Family:
    return register_family(
        territory=territory, code=code or f"DOSSIER-{next(_sequence)}", immigrant=immigrant
    )


_new_family = family


def referral(territory: Territory, family: Family | None = None, **fields) -> Referral:
    n = next(_sequence)
    fields.setdefault("ref", f"R-{n}")
    fields.setdefault("first_contact_on", date(2024, 5, 1))
    fields.setdefault("referred_on", fields["first_contact_on"])
    if fields.get("taken_in_charge_on"):
        fields.setdefault("status", ReferralStatus.TAKEN_IN_CHARGE)
    fields.setdefault("status", ReferralStatus.PENDING)
    from_sector = fields.pop("from_sector", "MFA")
    to_sector = fields.pop("to_sector", "MSSS")
    return Referral.objects.create(
        territory=territory,
        family=family or _new_family(territory),
        from_sector=Sector.objects.get(code=from_sector),
        to_sector=Sector.objects.get(code=to_sector),
        **fields,
    )


def response(territory: Territory, kind: str = "pap", overall: int = 4, **fields) -> Response:
    fields.setdefault("submitted_on", date(2024, 5, 1))
    return Response.objects.create(territory=territory, kind=kind, overall=overall, **fields)


# Added for the indicator tests (tests/indicators/test_compute_*.py). Imports stay inside the
# functions so that this module keeps importing whatever the app under test provides.


def target(indicator: str, territory: Territory | None = None, comparison: str = "<=", value=None):
    """A target of ``indicator``: province-wide when ``territory`` is None, else an override."""
    from indicators.models import IndicatorTarget

    return IndicatorTarget.objects.create(
        indicator=indicator, territory=territory, comparison=comparison, value=value
    )


def pap(
    territory: Territory,
    sector: str = "MFA",
    *,
    person: str = "PAP-1",
    started_on: date = date(2023, 4, 1),
    ended_on: date | None = None,
    **position_fields,
) -> Position:
    """A position of ``territory`` in ``sector`` (its own organization) held by one person."""
    post = position(organization(territory, sector), **position_fields)
    assignment(post, person=person, started_on=started_on, ended_on=ended_on)
    return post


def survey_answers(territory: Territory, scores, kind: str = "pap", **fields) -> list[Response]:
    """One paper answer per score (each one respondent, DESIGN.md section 8)."""
    return [response(territory, kind=kind, overall=score, **fields) for score in scores]


def campaign(territory: Territory, kind: str = "pap", **fields):
    from surveys.models import Campaign

    n = next(_sequence)
    fields.setdefault("name", f"Campagne {n}")
    fields.setdefault("opens_on", date(2024, 4, 1))
    fields.setdefault("closes_on", date(2024, 6, 30))
    return Campaign.objects.create(territory=territory, kind=kind, **fields)


def online_pap_answer(campaign, user: User, overall: int = 4, **fields) -> Response:
    """A PAP's online answer to ``campaign``: its participation record and its response."""
    from surveys.models import Participation

    Participation.objects.create(campaign=campaign, user=user)
    fields.setdefault("submitted_on", campaign.opens_on)
    return Response.objects.create(
        kind="pap",
        channel="online",
        territory=campaign.territory,
        campaign=campaign,
        overall=overall,
        **fields,
    )
