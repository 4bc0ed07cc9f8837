"""The people of :mod:`bench.load`, set up in the benchmark database before the server starts.

Advisors (``bench-conseiller-NN``), one coordinator per territory visited
(``bench-coordination-<code>``) and PAPs of those territories (``bench-pap-<code>-NNNN``), each
logged in with ``force_login`` (a session in the database, as a login leaves; its cookie is what
the simulated browser sends). A PAP answers a campaign once: each simulated PAP goes through a
pool of PAP accounts that have not answered the territory's open campaign yet, made when
missing. The territory's open PAP campaign is the one open today, or a new one opened today by
its coordinator for 90 days (the service's own rules: no two PAP campaigns of a territory
overlap). Everything is found or made again on each run, so that a run on the same database
needs nothing cleaned up: a run adds its referrals, journal rows, answers and PAP accounts.

Django must be set up before this module is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.test import Client

from surveys.models import Campaign, Participation, SurveyKind
from surveys.questionnaire import default_items, default_overall_item
from surveys.services.campaigns import create_campaign
from territories.models import Role, Territory, User

CAMPAIGN_DAYS = 90


@dataclass
class Person:
    """A simulated user: their role, territory (coordinators, PAPs) and sessions (cookies).
    A PAP has one session per account of their pool, used in turn; the others, one."""

    role: str
    territory: str | None
    sessions: list[str] = field(default_factory=list)
    campaign: int | None = None


def cast(
    *,
    advisors: int,
    coordinators: list[str],
    paps: list[str],
    accounts_per_pap: int,
    today: date,
) -> list[Person]:
    """The people, logged in: ``coordinators`` and ``paps`` are each one's territory code."""
    people = [
        Person("advisor", None, [_session(_user(f"bench-conseiller-{n:02d}", Role.ADVISOR))])
        for n in range(advisors)
    ]
    territories = {t.code: t for t in Territory.objects.filter(code__in={*coordinators, *paps})}
    for code in coordinators:
        user = _user(f"bench-coordination-{code}", Role.COORDINATION, territories[code])
        people.append(Person("coordinator", code, [_session(user)]))
    campaigns = {code: _open_campaign(territories[code], today) for code in set(paps)}
    pools = _pap_pools(paps, territories, campaigns, accounts_per_pap)
    for code, accounts in zip(paps, pools, strict=True):
        sessions = [_session(user) for user in accounts]
        people.append(Person("pap", code, sessions, campaigns[code].pk))
    return people


def _user(username: str, role: str, territory: Territory | None = None) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"role": role})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif user.role != role or not user.is_active:
        user.role, user.is_active = role, True
        user.save(update_fields=["role", "is_active"])
    if territory is not None:
        user.territories.set([territory])
    return user


def _session(user: User) -> str:
    client = Client()
    client.force_login(user)  # a session in the database, as a login would leave
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _open_campaign(territory: Territory, today: date) -> Campaign:
    """The territory's PAP campaign open today, or one its coordinator opens today."""
    found = (
        Campaign.objects.filter(
            kind=SurveyKind.PAP, territory=territory, opens_on__lte=today, closes_on__gte=today
        )
        .order_by("-opens_on", "pk")
        .first()
    )
    if found is not None:
        return found
    coordinator = _user(f"bench-coordination-{territory.code}", Role.COORDINATION, territory)
    return create_campaign(
        actor=coordinator,
        kind=SurveyKind.PAP,
        territory=territory,
        name=f"Sondage PAP (banc d’essai) – {territory.code} – {today:%Y-%m-%d}",
        opens_on=today,
        closes_on=today + timedelta(CAMPAIGN_DAYS),
        items=default_items(SurveyKind.PAP),
        overall_item=default_overall_item(SurveyKind.PAP),
    )


def _pap_pools(
    paps: list[str],
    territories: dict[str, Territory],
    campaigns: dict[str, Campaign],
    size: int,
) -> list[list[User]]:
    """``size`` PAP accounts per simulated PAP, none of which answered its campaign yet:
    the accounts of earlier runs still free, then new ones."""
    free: dict[str, list[User]] = {}
    for code in set(paps):
        answered = Participation.objects.filter(campaign=campaigns[code], user=OuterRef("pk"))
        accounts = User.objects.filter(username__startswith=f"bench-pap-{code}-", role=Role.PAP)
        free[code] = list(accounts.filter(~Exists(answered)).order_by("username"))
        for user in free[code]:  # a data set made again gave its territories new ids
            user.territories.set([territories[code]])
        needed = size * paps.count(code) - len(free[code])
        taken = set(accounts.values_list("username", flat=True))
        number = 0
        while needed > 0:
            number += 1
            username = f"bench-pap-{code}-{number:04d}"
            if username not in taken:
                free[code].append(_user(username, Role.PAP, territories[code]))
                needed -= 1
    return [[free[code].pop(0) for _n in range(size)] for code in paps]
