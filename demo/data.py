"""The demo's fixed figures: territories A–D of the evaluation report and their structures.

Everything a reader may check against the report lives here (milieu, sectors with PAPs, PAP
counts, the 2023-2024 socio-health table); :mod:`demo.builder` only adds the
generated activity (journal, referrals, survey answers) around it. Names are fictitious labels:
the report hides the territories' real names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from territories.roles import Role

# The two fiscal years the demo covers, and the day its activity stops.
DEMO_START = date(2023, 4, 1)
DEMO_END = date(2025, 3, 31)
FISCAL_YEARS = (2023, 2024)

SEED = 2024
DEFAULT_PASSWORD = "arrimage-demo"

TERRITORY_CODES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class TerritorySpec:
    code: str
    name: str
    milieu: str
    region: str


TERRITORIES = (
    TerritorySpec("A", "Territoire A", "mixte", "04"),
    TerritorySpec("B", "Territoire B", "rural", "01"),
    TerritorySpec("C", "Territoire C", "urbain", "06"),
    TerritorySpec("D", "Territoire D", "urbain", "03"),
)

# Organizations: code, territory, sector, name. MESS sits at the table on B and C (no PAP).
ORGANIZATIONS = (
    ("A-MFA", "A", "MFA", "Maison de la famille du territoire A"),
    ("A-MSSS", "A", "MSSS", "CISSS – services jeunesse, territoire A"),
    ("B-MFA", "B", "MFA", "Maison de la famille du territoire B"),
    ("B-MSSS", "B", "MSSS", "CISSS – services jeunesse, territoire B"),
    ("B-MEQ", "B", "MEQ", "Centre de services scolaire du territoire B"),
    ("B-MESS", "B", "MESS", "Bureau de Services Québec du territoire B"),
    ("C-MFA", "C", "MFA", "Carrefour familial du territoire C"),
    ("C-MEQ", "C", "MEQ", "Centre de services scolaire du territoire C"),
    ("C-MIFI", "C", "MIFI", "Organisme d'accueil des personnes immigrantes du territoire C"),
    ("C-MESS", "C", "MESS", "Bureau de Services Québec du territoire C"),
    ("D-MFA", "D", "MFA", "Maison de la famille du territoire D"),
    ("D-MSSS", "D", "MSSS", "CIUSSS – services jeunesse, territoire D"),
    ("D-MEQ", "D", "MEQ", "Centre de services scolaire du territoire D"),
)

ALL_COMPONENTS = ["outreach", "accompaniment", "collaboration"]

TITLE_MFA = "Travailleuse de proximité"
TITLE_MSSS = "Intervenante de milieu auprès des familles"
TITLE_MEQ = "Agente de liaison école-famille"
TITLE_MIFI = "Intervenante communautaire interculturelle"


@dataclass(frozen=True)
class PositionSpec:
    code: str
    organization: str
    title: str
    opened_on: date
    closed_on: date | None
    components: list[str]
    populations: list[str]
    # (person label, started_on, ended_on); the user ``pap-a`` holds the one named PAP-A-1.
    holders: tuple[tuple[str, date, date | None], ...]


# One PAP position per sector present (2, 3, 3, 3 as in the report's table), plus C-MEQ-2, a
# school-liaison position whose funding was not renewed (closed 2023-03-31: unstable positions).
# Mandates differ because the framework is not shared: MFA positions have all three components,
# B's MEQ position has no accompaniment, C's MIFI position no outreach, A's MSSS position no
# collaboration (she keeps re-explaining her role); populations overlap across sectors (C's MFA
# and MIFI positions both serve immigrant families and pregnant women).
# fmt: off
POSITIONS = (
    PositionSpec(
        "A-MFA-1", "A-MFA", TITLE_MFA, date(2022, 9, 6), None, ALL_COMPONENTS,
        ["infants_0_2", "preschool_out_of_network", "low_income", "single_parent", "immigrant"],
        (("PAP-A-1", date(2022, 9, 6), None),),
    ),
    PositionSpec(
        "A-MSSS-1", "A-MSSS", TITLE_MSSS, date(2021, 4, 6), None, ["outreach", "accompaniment"],
        ["pregnant", "infants_0_2", "low_income", "immigrant"],
        (("PAP-A-2", date(2021, 4, 6), None),),
    ),
    PositionSpec(
        "B-MFA-1", "B-MFA", TITLE_MFA, date(2022, 10, 3), None, ALL_COMPONENTS,
        ["infants_0_2", "preschool_out_of_network", "low_income", "single_parent", "housing"],
        (("PAP-B-1", date(2022, 10, 3), None),),
    ),
    # B's MSSS position changes holder every year: each new PAP presents herself to the schools.
    PositionSpec(
        "B-MSSS-1", "B-MSSS", TITLE_MSSS, date(2022, 9, 12), None, ALL_COMPONENTS,
        ["pregnant", "infants_0_2", "child_protection", "single_parent"],
        (
            ("PAP-B-2", date(2022, 9, 12), date(2023, 8, 25)),
            ("PAP-B-4", date(2023, 9, 18), date(2024, 8, 30)),
            ("PAP-B-5", date(2024, 9, 23), None),
        ),
    ),
    PositionSpec(
        "B-MEQ-1", "B-MEQ", TITLE_MEQ, date(2022, 11, 7), None, ["outreach", "collaboration"],
        ["preschool_out_of_network", "school_transition", "low_income"],
        (("PAP-B-3", date(2022, 11, 7), None),),
    ),
    PositionSpec(
        "C-MFA-1", "C-MFA", TITLE_MFA, date(2022, 6, 1), None, ALL_COMPONENTS,
        ["pregnant", "infants_0_2", "immigrant", "preschool_out_of_network", "low_income"],
        (
            ("PAP-C-1", date(2022, 6, 1), date(2024, 1, 19)),
            ("PAP-C-5", date(2024, 2, 26), None),
        ),
    ),
    PositionSpec(
        "C-MEQ-1", "C-MEQ", TITLE_MEQ, date(2022, 8, 29), None, ["outreach", "collaboration"],
        ["school_transition", "preschool_out_of_network", "immigrant"],
        (("PAP-C-2", date(2022, 8, 29), None),),
    ),
    PositionSpec(
        "C-MEQ-2", "C-MEQ", TITLE_MEQ, date(2022, 1, 10), date(2023, 3, 31),
        ["outreach", "collaboration"],
        ["school_transition", "preschool_out_of_network"],
        (("PAP-C-4", date(2022, 1, 10), date(2023, 3, 31)),),
    ),
    PositionSpec(
        "C-MIFI-1", "C-MIFI", TITLE_MIFI, date(2023, 1, 16), None,
        ["accompaniment", "collaboration"],
        ["immigrant", "pregnant", "housing", "low_income"],
        (("PAP-C-3", date(2023, 1, 16), None),),
    ),
    PositionSpec(
        "D-MFA-1", "D-MFA", TITLE_MFA, date(2022, 5, 2), None, ALL_COMPONENTS,
        ["infants_0_2", "preschool_out_of_network", "single_parent", "low_income"],
        (("PAP-D-1", date(2022, 5, 2), None),),
    ),
    PositionSpec(
        "D-MSSS-1", "D-MSSS", TITLE_MSSS, date(2022, 5, 16), None, ALL_COMPONENTS,
        ["pregnant", "infants_0_2", "child_protection"],
        (("PAP-D-2", date(2022, 5, 16), None),),
    ),
    PositionSpec(
        "D-MEQ-1", "D-MEQ", TITLE_MEQ, date(2022, 9, 6), None, ALL_COMPONENTS,
        ["school_transition", "preschool_out_of_network"],
        (
            ("PAP-D-3", date(2022, 9, 6), date(2024, 6, 28)),
            ("PAP-D-4", date(2024, 8, 26), None),
        ),
    ),
)

# fmt: on

DEMO_PAP_PERSON = "PAP-A-1"

# Presentations of a mandate besides the drawn ones: B's MSSS PAP presents herself to the
# schools each year (a new holder each year), A's MSSS PAP keeps re-explaining her role inside
# her own organization.
EXTRA_PRESENTATIONS = (
    ("B-MSSS-1", "presentation_inter", date(2023, 10, 4)),
    ("B-MSSS-1", "presentation_inter", date(2024, 1, 17)),
    ("B-MSSS-1", "presentation_inter", date(2024, 10, 9)),
    ("B-MSSS-1", "presentation_inter", date(2025, 1, 15)),
    ("A-MSSS-1", "presentation_intra", date(2023, 5, 10)),
    ("A-MSSS-1", "presentation_intra", date(2023, 9, 13)),
    ("A-MSSS-1", "presentation_intra", date(2023, 11, 22)),
    ("A-MSSS-1", "presentation_intra", date(2024, 2, 14)),
    ("A-MSSS-1", "presentation_intra", date(2024, 5, 8)),
    ("A-MSSS-1", "presentation_intra", date(2024, 9, 11)),
    ("A-MSSS-1", "presentation_intra", date(2024, 11, 20)),
    ("A-MSSS-1", "presentation_intra", date(2025, 2, 12)),
)

REPORT_SOURCE = "Rapport d'évaluation CEIDEF 2025, portrait sociosanitaire"
ILLUSTRATIVE_SOURCE = "Valeurs illustratives de démonstration (pas des données du rapport)"

# The report's table, 2023-2024: screenings, reports per 1000, out of network %, vulnerable %.
REPORT_PROFILES_2023 = {
    "A": (160, Decimal("6.01"), Decimal("29.7"), Decimal("29.5")),
    "B": (303, Decimal("19.64"), Decimal("30.6"), Decimal("32.0")),
    "C": (301, Decimal("6.44"), Decimal("31.4"), Decimal("34.3")),
    "D": (385, Decimal("4.79"), Decimal("26.5"), Decimal("28.9")),
}

# Invented 2024-2025 values near the report's, with a share of immigrant families (C highest).
# No QC profile is recorded for either year: the reference is then the mean of A–D, and no
# provincial figure is invented.
ILLUSTRATIVE_PROFILES_2024 = {
    "A": (171, Decimal("5.82"), Decimal("29.2"), Decimal("29.5"), Decimal("13.5")),
    "B": (296, Decimal("18.90"), Decimal("30.1"), Decimal("31.6"), Decimal("3.8")),
    "C": (322, Decimal("6.71"), Decimal("31.9"), Decimal("34.1"), Decimal("41.2")),
    "D": (391, Decimal("4.62"), Decimal("26.0"), Decimal("28.6"), Decimal("16.4")),
}

# Projects: code, territory, name, started_on, ended_on, supported.
# fmt: off
PROJECTS = (
    ("A-PRJ-1", "A", "Table de concertation petite enfance", date(2023, 5, 1), None, True),
    ("A-PRJ-2", "A", "Halte-garderie mobile", date(2024, 1, 15), date(2024, 12, 20), False),
    ("B-PRJ-1", "B", "Rencontres école-famille en milieu rural",
     date(2023, 9, 5), date(2024, 6, 21), True),
    ("B-PRJ-2", "B", "Transport vers les ressources", date(2024, 10, 1), None, False),
    ("C-PRJ-1", "C", "Parcours d'accueil des familles immigrantes", date(2023, 10, 2), None, True),
    ("C-PRJ-2", "C", "Café-rencontre interculturel", date(2024, 3, 4), date(2025, 2, 28), False),
    ("C-PRJ-3", "C", "Cuisine collective", date(2023, 4, 17), date(2023, 12, 15), True),
    ("D-PRJ-1", "D", "Guichet commun petite enfance", date(2023, 4, 3), None, True),
    ("D-PRJ-2", "D", "Fête de quartier des familles", date(2024, 5, 6), date(2024, 9, 27), True),
)
# fmt: on


@dataclass(frozen=True)
class CorridorSpec:
    code: str
    territory: str
    from_sector: str
    to_sector: str
    entry_point: str
    target_delay_days: int | None
    consent_languages: list[str]
    transfer_template: bool
    priorities: list[str]
    active_from: date
    active_to: date | None = None


# B has no corridor answering child_protection (the report calls for one); C's immigration
# corridor is informal (no target delay, no transfer form: the report's missing trajectory).
# fmt: off
CORRIDORS = (
    CorridorSpec(
        "A-COR-1", "A", "MFA", "MSSS", "Accueil psychosocial du CISSS", 2, ["fr", "en"], True,
        ["vulnerability"], date(2023, 1, 9),
    ),
    CorridorSpec(
        "A-COR-2", "A", "MSSS", "MFA", "", None, ["fr"], False,
        ["out_of_network"], date(2022, 9, 1), date(2023, 9, 30),
    ),
    CorridorSpec(
        "A-COR-3", "A", "MSSS", "MFA", "Maison de la famille – accueil", 3, ["fr"], True,
        ["out_of_network"], date(2023, 10, 1),
    ),
    CorridorSpec(
        "B-COR-1", "B", "MEQ", "MFA", "Maison de la famille – accueil", 2, ["fr", "en"], True,
        ["out_of_network"], date(2023, 4, 1),
    ),
    CorridorSpec(
        "B-COR-2", "B", "MSSS", "MEQ", "", None, ["fr"], False,
        ["vulnerability"], date(2023, 10, 2),
    ),
    CorridorSpec(
        "C-COR-1", "C", "MFA", "MEQ", "Centre de services scolaire – agente de liaison", 2,
        ["fr", "en", "es"], True, ["out_of_network", "vulnerability"], date(2023, 2, 1),
    ),
    CorridorSpec(
        "C-COR-2", "C", "MIFI", "MFA", "Carrefour familial – accueil", None,
        ["fr", "es", "ar"], False, ["immigration"], date(2024, 1, 15),
    ),
    CorridorSpec(
        "C-COR-3", "C", "MEQ", "MIFI", "", 7, ["fr"], False, [], date(2023, 6, 1),
    ),
    CorridorSpec(
        "D-COR-1", "D", "MSSS", "MFA", "Maison de la famille – accueil", 2, ["fr", "en"], True,
        ["vulnerability"], date(2022, 11, 1),
    ),
    CorridorSpec(
        "D-COR-2", "D", "MFA", "MEQ", "Centre de services scolaire – agente de liaison", 2,
        ["fr", "en", "es"], True, ["out_of_network"], date(2023, 1, 16),
    ),
    CorridorSpec(
        "D-COR-3", "D", "MEQ", "MSSS", "Guichet d'accès jeunesse du CIUSSS", 2, ["fr", "en"],
        True, ["child_protection"], date(2023, 8, 28),
    ),
)
# fmt: on


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    territories: tuple[str, ...] = ()
    sector: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


USERS = (
    DemoUser("admin", Role.ADMIN, "Administration", is_staff=True, is_superuser=True),
    DemoUser("conseiller", Role.ADVISOR, "Conseillère", sector="MFA"),
    DemoUser("coordination-a", Role.COORDINATION, "Coordination A", territories=("A",)),
    DemoUser("coordination-b", Role.COORDINATION, "Coordination B", territories=("B",)),
    DemoUser("pap-a", Role.PAP, "PAP A", territories=("A",)),
)
DEMO_LAST_NAME = "Démo"
