"""Issue 15's demo rows: how to reach each organization, what each position does not do, a few
service gaps and territory B's action plans, so the directory, the gaps and the plans have
something to show.

B's profile triggers the youth-protection priority in 2023-2024 and no corridor answers it (the
report calls for one): its plans answer it, and one of its missed targets of that year through
B-COR-2, a corridor still informal. The current year's plan has an action past its due date,
which the advisors' province view lists. Dates of this year's rows follow ``today``.
"""

from __future__ import annotations

from datetime import date, timedelta

from indicators.models import ActionStatus, PlanAction
from indicators.periods import Period
from referrals.models import Corridor
from territories.models import (
    GapStatus,
    Organization,
    Position,
    Role,
    Sector,
    ServiceGap,
    Territory,
)

# How to reach each organization: a desk or a general line, never a person.
ENTRY_POINTS = {
    "A-MFA": "Accueil de la Maison de la famille, 819 555-0110",
    "A-MSSS": "Accueil psychosocial du CISSS (Info-Social 811, option 2)",
    "B-MFA": "Accueil de la Maison de la famille, 819 555-0120",
    "B-MSSS": "Guichet d’accès jeunesse du CISSS, 819 555-0121",
    "B-MEQ": "Secrétariat des services éducatifs, 819 555-0122",
    "B-MESS": "Bureau de Services Québec, comptoir d’accueil",
    "C-MFA": "Accueil du Carrefour familial, 514 555-0130",
    "C-MEQ": "Secrétariat des services éducatifs, 514 555-0131",
    "C-MIFI": "Accueil de l’organisme, 514 555-0132",
    "C-MESS": "Bureau de Services Québec, comptoir d’accueil",
    "D-MFA": "Accueil de la Maison de la famille, 514 555-0140",
    "D-MSSS": "Guichet d’accès jeunesse du CIUSSS, 514 555-0141",
    "D-MEQ": "Secrétariat des services éducatifs, 514 555-0142",
}

# What positions do not do: the needs they refer elsewhere, and a short note.
LIMITS = {
    "A-MFA-1": (["child_protection"], "Ne fait pas d’évaluation en protection de la jeunesse."),
    "A-MSSS-1": (["housing", "income"], "Oriente vers l’organisme communautaire pour le logement."),
    "B-MFA-1": (["child_protection"], "Ne fait pas de suivi clinique ni d’évaluation DPJ."),
    "B-MEQ-1": (["perinatal"], "Intervient à partir de l’inscription scolaire seulement."),
}


def describe_directory(
    organizations: dict[str, Organization], positions: dict[str, Position]
) -> None:
    """Fill the organizations' entry points and the positions' limits (two statements each)."""
    for code, organization in organizations.items():
        organization.entry_point = ENTRY_POINTS.get(code, "")
    Organization.objects.bulk_update(organizations.values(), ["entry_point"])
    limited = []
    for code, (needs, note) in LIMITS.items():
        if code in positions:
            position = positions[code]
            position.limits, position.limits_note = needs, note
            limited.append(position)
    Position.objects.bulk_update(limited, ["limits", "limits_note"])


def build_plans(
    *,
    today: date,
    territories: dict[str, Territory],
    sectors: dict[str, Sector],
    corridors: list[Corridor],
) -> None:
    """A few service gaps (B, and one in A) and B's plans for 2023-2024 and this year."""
    b = territories["B"]
    organizations = {o.code: o for o in Organization.objects.filter(territory=b)}
    gaps = [
        _gap(
            b,
            "child_protection",
            "child_protection",
            today - timedelta(days=12),
            "Aucun corridor vers la DPJ : les signalements se font sans accompagnement.",
            [sectors["MFA"], sectors["MSSS"]],
            GapStatus.CORRIDOR_PLANNED,
        ),
        _gap(
            b,
            "child_protection",
            "single_parent",
            today - timedelta(days=40),
            "Pas de relais quand la famille refuse le suivi du CISSS après un signalement.",
            [sectors["MSSS"]],
            GapStatus.DISCUSSED,
        ),
        _gap(
            b,
            "housing",
            "low_income",
            today - timedelta(days=25),
            "Aucun service d’aide au logement dans les municipalités du nord du territoire.",
            [sectors["MFA"], sectors["MESS"]],
            GapStatus.NEW,
        ),
        _gap(
            territories["A"],
            "childcare",
            "preschool_out_of_network",
            today - timedelta(days=18),
            "Liste d’attente en service de garde sans accompagnement des familles.",
            [sectors["MFA"]],
            GapStatus.NEW,
        ),
    ]
    informal = next(c for c in corridors if c.code == "B-COR-2")
    current = Period.fiscal_year_of(today)
    started = min(today, current.start + timedelta(days=30))
    _action(
        b,
        2023,
        priority="child_protection",
        created_on=date(2023, 6, 15),
        title="Bâtir un corridor MFA → MSSS avec la protection de la jeunesse",
        sectors=[sectors["MFA"], sectors["MSSS"]],
        lead=organizations["B-MSSS"],
        due_on=date(2024, 3, 31),
        status=ActionStatus.IN_PROGRESS,
    )
    _action(
        b,
        2023,
        indicator="L2_HANDOFF_DELAY_DAYS",
        created_on=date(2023, 6, 15),
        title="Formaliser B-COR-2 : point d’entrée, délai cible et formulaire de transfert",
        sectors=[sectors["MSSS"], sectors["MEQ"]],
        lead=organizations["B-MEQ"],
        due_on=date(2024, 1, 31),
        status=ActionStatus.IN_PROGRESS,
        corridor=informal,
    )
    _action(
        b,
        current.fiscal_year,
        priority="child_protection",
        created_on=started,
        title="Signer l’entente de corridor MFA → MSSS avec la DPJ",
        sectors=[sectors["MFA"], sectors["MSSS"]],
        lead=organizations["B-MSSS"],
        due_on=today + timedelta(days=60),
        status=ActionStatus.IN_PROGRESS,
        gaps=gaps[:2],
    )
    _action(
        b,
        current.fiscal_year,
        priority="child_protection",
        created_on=started,
        title="Présenter le rôle des PAP à l’équipe d’accueil de la DPJ",
        sectors=[sectors["MSSS"]],
        lead=organizations["B-MFA"],
        due_on=today - timedelta(days=20),
        status=ActionStatus.PLANNED,
    )


def _gap(territory, need, population, noticed_on, description, sectors, status) -> ServiceGap:
    gap = ServiceGap.objects.create(
        territory=territory,
        need=need,
        population=population,
        description=description,
        noticed_on=noticed_on,
        status=status,
        reported_by_role=Role.PAP,
    )
    gap.sectors.set(sectors)
    return gap


def _action(territory, fiscal_year, *, sectors, gaps=(), **values) -> PlanAction:
    action = PlanAction.objects.create(territory=territory, fiscal_year=fiscal_year, **values)
    action.sectors.set(sectors)
    action.gaps.set(gaps)
    return action
