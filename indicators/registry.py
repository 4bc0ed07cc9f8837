"""The 19 indicators of the six levers (DESIGN.md section 6), and their default targets.

The registry is the one description of what each indicator is: its stable code, its lever, its
names in French and English, its unit, which direction is better, its default target and a
definition a reader can follow. How each value is computed lives in :mod:`indicators.compute`;
targets in force live in the database (:class:`indicators.models.IndicatorTarget`), seeded from
the defaults here.

Names and definitions are given in both languages as data, not through gettext: the export and
the API use the codes, and pages pick the French text.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# Units: how a value reads.
COUNT = "count"
PERCENT = "percent"
DAYS = "days"
RATE = "rate"  # hours per PAP per month, requests per PAP per quarter, reports per 1,000
SCORE = "score"  # a mean score from 1 to 5

# Directions: which way is better, for pages (the status only follows the target).
HIGHER = "higher"
LOWER = "lower"
NEUTRAL = "neutral"

LESS_OR_EQUAL = "<="
LESS = "<"
GREATER_OR_EQUAL = ">="

_COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    LESS_OR_EQUAL: operator.le,
    LESS: operator.lt,
    GREATER_OR_EQUAL: operator.ge,
}
COMPARISONS = tuple(_COMPARE)


@dataclass(frozen=True)
class Target:
    """A target such as ``<=2``: a comparison and a threshold, compared exactly."""

    comparison: str
    value: Decimal

    def __post_init__(self) -> None:
        if self.comparison not in _COMPARE:
            raise ValueError(f"Unknown comparison {self.comparison!r}.")

    def is_met_by(self, value: Fraction | Decimal | int) -> bool:
        """Whether the exact, unrounded ``value`` meets the target (``<`` misses on the line)."""
        return _COMPARE[self.comparison](Fraction(value), Fraction(self.value))

    def __str__(self) -> str:
        """``<=2``, ``<10``, ``>=4``, ``>=3.5``: the export's spelling."""
        text = format(self.value.normalize(), "f")
        return f"{self.comparison}{text}"


@dataclass(frozen=True)
class Indicator:
    code: str
    lever: int
    name_fr: str
    name_en: str
    unit: str
    direction: str
    definition_fr: str
    default_target: Target | None = None

    @property
    def is_profile_value(self) -> bool:
        """The five ``L5_*`` values read from the socio-health profile: they have no ``n``."""
        return self.code in PROFILE_FIELDS

    @property
    def is_survey_mean(self) -> bool:
        """A mean of survey answers: suppressed below ``MIN_CELL_SIZE`` respondents."""
        return self.code in SURVEY_KINDS


LEVERS: dict[int, tuple[str, str]] = {
    1: ("Mandats et rôles des PAP", "PAP mandates and roles"),
    2: ("Trajectoires et corridors de référence", "Referral pathways and corridors"),
    3: ("Stabilité et encadrement des PAP", "PAP stability and supervision"),
    4: ("Projets territoriaux et familles", "Territorial projects and families"),
    5: ("Besoins du territoire", "The territory's needs"),
    6: ("Soutien aux PAP", "Support for PAPs"),
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "L1_SECTORS_CONFORMING",
        1,
        "Secteurs dont le mandat respecte le cadre de référence",
        "Sectors whose mandate meets the reference framework",
        COUNT,
        HIGHER,
        "Nombre de secteurs distincts ayant, pendant la période, un poste de PAP actif dont le "
        "mandat comprend toutes les composantes exigées par le cadre de référence commun. "
        "n : secteurs ayant un poste actif pendant la période.",
    ),
    Indicator(
        "L1_MANDATE_OVERLAP_PCT",
        1,
        "Chevauchement des mandats entre secteurs",
        "Mandate overlap between sectors",
        PERCENT,
        LOWER,
        "Pour chaque paire de postes actifs pendant la période appartenant à des secteurs "
        "différents, part des populations cibles communes (indice de Jaccard : populations "
        "communes ÷ populations de l’un ou l’autre; 0 si les deux listes sont vides); moyenne "
        "des paires × 100. n : paires de postes.",
    ),
    Indicator(
        "L1_PRESENTATIONS",
        1,
        "Présentations du mandat des PAP",
        "Presentations of the PAP mandate",
        COUNT,
        HIGHER,
        "Nombre de présentations du mandat et du rôle des PAP, dans leur organisation ou à "
        "d’autres organisations, inscrites au journal pendant la période.",
    ),
    Indicator(
        "L2_HANDOFF_DELAY_DAYS",
        2,
        "Délai moyen de prise en charge",
        "Mean handoff delay",
        DAYS,
        LOWER,
        "Pour les orientations faites pendant la période (sauf les annulées) et prises en "
        "charge au plus tard à la date de référence : moyenne du nombre de jours entre le "
        "premier contact et la prise en charge. n : ces orientations.",
        Target(LESS_OR_EQUAL, Decimal(2)),
    ),
    Indicator(
        "L2_ESCAPE_RATE_PCT",
        2,
        "Taux d’échappement",
        "Escape rate",
        PERCENT,
        LOWER,
        "Part des familles orientées pendant la période dont au moins une orientation s’est "
        "perdue : statut « perdue », ou en attente ou refusée depuis plus de 30 jours sans "
        "qu’une orientation ultérieure de la même famille ait été prise en charge. "
        "n : familles distinctes orientées.",
        Target(LESS, Decimal(10)),
    ),
    Indicator(
        "L2_LOOP_RATE_PCT",
        2,
        "Taux de renvois en boucle",
        "Referral loop rate",
        PERCENT,
        LOWER,
        "Part des orientations de la période qui renvoient la famille vers le secteur qui l’a "
        "orientée dans les 90 jours précédents (orientation inverse). n : orientations.",
    ),
    Indicator(
        "L2_FORMAL_CORRIDORS_PCT",
        2,
        "Corridors formalisés",
        "Formal corridors",
        PERCENT,
        HIGHER,
        "Part des corridors actifs pendant la période qui ont une porte d’entrée définie, un "
        "délai cible, au moins deux langues de consentement et un formulaire de transfert. "
        "n : corridors actifs.",
    ),
    Indicator(
        "L3_TURNOVER_PCT",
        3,
        "Roulement des PAP",
        "PAP turnover",
        PERCENT,
        LOWER,
        "Départs de PAP pendant la période × 100 ÷ moyenne des PAP en poste au début et à la "
        "fin de la période. n : départs.",
    ),
    Indicator(
        "L3_SUPERVISION_HOURS_PER_PAP_MONTH",
        3,
        "Heures de supervision par PAP par mois",
        "Supervision hours per PAP per month",
        RATE,
        HIGHER,
        "Heures de supervision inscrites au journal pendant la période ÷ PAP en poste pendant "
        "la période ÷ mois de la période. n : PAP.",
    ),
    Indicator(
        "L4_PROJECTS",
        4,
        "Projets territoriaux soutenus",
        "Supported territorial projects",
        COUNT,
        HIGHER,
        "Nombre de projets territoriaux soutenus actifs pendant la période.",
    ),
    Indicator(
        "L4_FAMILY_SATISFACTION",
        4,
        "Satisfaction des familles",
        "Family satisfaction",
        SCORE,
        HIGHER,
        "Note globale moyenne (1 à 5) des réponses des familles au sondage des projets, reçues "
        "pendant la période. n : réponses.",
        Target(GREATER_OR_EQUAL, Decimal(4)),
    ),
    Indicator(
        "L5_SCREENINGS",
        5,
        "Enfants dépistés par la plateforme Agir tôt",
        "Children screened by Agir tôt",
        COUNT,
        NEUTRAL,
        "Valeur du profil sociosanitaire du territoire pour l’exercice de la période, sinon le "
        "plus récent profil antérieur.",
    ),
    Indicator(
        "L5_REPORTS_PER_1000",
        5,
        "Signalements à la protection de la jeunesse pour 1 000 enfants",
        "Youth-protection reports per 1,000 children",
        RATE,
        NEUTRAL,
        "Signalements à la DPJ pour 1 000 enfants de 0 à 17 ans, selon le profil "
        "sociosanitaire de l’exercice, sinon le plus récent profil antérieur.",
    ),
    Indicator(
        "L5_OUT_OF_NETWORK_PCT",
        5,
        "Enfants hors réseau de garde",
        "Children out of the childcare network",
        PERCENT,
        NEUTRAL,
        "Part des enfants de 0 à 4 ans ne fréquentant ni service de garde ni maternelle 4 ans, "
        "selon le profil sociosanitaire de l’exercice, sinon le plus récent profil antérieur.",
    ),
    Indicator(
        "L5_VULNERABLE_PCT",
        5,
        "Enfants vulnérables (EQDEM)",
        "Vulnerable children (EQDEM)",
        PERCENT,
        NEUTRAL,
        "Part des enfants vulnérables dans au moins un domaine de développement (EQDEM), selon "
        "le profil sociosanitaire de l’exercice, sinon le plus récent profil antérieur.",
    ),
    Indicator(
        "L5_IMMIGRANT_FAMILIES_PCT",
        5,
        "Familles immigrantes",
        "Immigrant families",
        PERCENT,
        NEUTRAL,
        "Part des familles immigrantes, selon le profil sociosanitaire de l’exercice, sinon le "
        "plus récent profil antérieur.",
    ),
    Indicator(
        "L5_ADAPTED_CORRIDORS",
        5,
        "Corridors adaptés aux priorités du territoire",
        "Corridors matching the territory's priorities",
        COUNT,
        HIGHER,
        "Nombre de corridors actifs pendant la période qui répondent à au moins une priorité "
        "déclenchée du territoire (une valeur du profil au moins 10 % au-dessus du profil de "
        "référence). n : corridors actifs.",
    ),
    Indicator(
        "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER",
        6,
        "Demandes de soutien par PAP par trimestre",
        "Support requests per PAP per quarter",
        RATE,
        NEUTRAL,
        "Demandes formelles de soutien inscrites au journal pendant la période ÷ PAP en poste "
        "pendant la période ÷ trimestres de la période. n : PAP.",
    ),
    Indicator(
        "L6_PAP_SATISFACTION",
        6,
        "Satisfaction des PAP",
        "PAP satisfaction",
        SCORE,
        HIGHER,
        "Note globale moyenne (1 à 5) des réponses des PAP du territoire au sondage "
        "trimestriel, reçues pendant la période. n : réponses.",
        Target(GREATER_OR_EQUAL, Decimal(4)),
    ),
)

# The profile field each L5 profile value reads.
PROFILE_FIELDS: dict[str, str] = {
    "L5_SCREENINGS": "screenings_agir_tot",
    "L5_REPORTS_PER_1000": "reports_per_1000",
    "L5_OUT_OF_NETWORK_PCT": "out_of_network_pct",
    "L5_VULNERABLE_PCT": "vulnerable_eqdem_pct",
    "L5_IMMIGRANT_FAMILIES_PCT": "immigrant_families_pct",
}

# The survey each satisfaction mean reads.
SURVEY_KINDS: dict[str, str] = {
    "L4_FAMILY_SATISFACTION": "family",
    "L6_PAP_SATISFACTION": "pap",
}

_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
CODES: tuple[str, ...] = tuple(sorted(_BY_CODE))


def get(code: str) -> Indicator:
    """The indicator of ``code``; ``KeyError`` for an unknown code."""
    return _BY_CODE[code]


def exists(code: str) -> bool:
    return code in _BY_CODE
