"""Rows the territories app imports (DESIGN.md section 7): territories, organizations,
positions, assignments, journal, projects and profiles. The engine is
:mod:`importing.engine`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from importing.engine import (
    CellError,
    Column,
    Parser,
    Row,
    RowSpec,
    a_date,
    as_text,
    boolean,
    choice,
    code_list,
    decimal,
    integer,
    reference,
    text,
)
from indicators.periods import FISCAL_YEAR, InvalidPeriod, Period
from territories.models import (
    PROVINCE_CODE,
    Assignment,
    JournalEntry,
    JournalKind,
    MandateComponent,
    Milieu,
    Organization,
    Position,
    Project,
    Region,
    Sector,
    SocioHealthProfile,
    TargetPopulation,
    Territory,
    code_validator,
    validate_not_province,
)

# References shared by every app's specs: each preloads, once, the tables its rows name.


def load_territories(context: dict[str, Any]) -> None:
    context["territories"] = dict(Territory.objects.values_list("code", "pk"))


def load_sectors(context: dict[str, Any]) -> None:
    context["sectors"] = {code: code for code in Sector.objects.values_list("code", flat=True)}
    context["sectors_with_pap"] = set(
        Sector.objects.filter(has_pap=True).values_list("code", flat=True)
    )


def load_projects(context: dict[str, Any]) -> None:
    rows = Project.objects.values_list("code", "pk", "territory_id")
    context["projects"] = {code: pk for code, pk, _territory in rows}
    context["project_territory"] = {pk: territory for _code, pk, territory in rows}


def territory_reference(spec: RowSpec, province: bool = False) -> Parser:
    """A territory code → its id; ``QC`` → None when ``province`` (the reference profile)."""
    find = reference(spec.table("territories"), _("Unknown territory “%(code)s”."))

    def parse(value: Any) -> int | None:
        if as_text(value).upper() == PROVINCE_CODE:
            if province:
                return None
            raise CellError(_("“QC” is the province as a whole, not a territory."))
        return find(value)

    return parse


def sector_reference(spec: RowSpec) -> Parser:
    return reference(spec.table("sectors"), _("Unknown sector “%(code)s”."))


def dates_in_order(values: dict[str, Any], start: str, end: str) -> list[tuple[str, str]]:
    if values[end] is not None and values[start] is not None and values[end] < values[start]:
        return [(end, _("The end date cannot come before the start date."))]
    return []


def code_column(max_length: int, french: str = "code", **options) -> Column:
    return Column("code", french, text(max_length, [code_validator]), "code", True, True, **options)


class TerritorySpec(RowSpec):
    """A territory's key is its code in any case (the database refuses ``a`` beside ``A``)."""

    kind = "territories"
    model = Territory
    unique_fields = ("code",)
    examples = (
        {"code": "E", "name": "Territoire E", "milieu": "rural", "region": "05"},
        {"code": "F", "name": "Territoire F", "milieu": "urbain", "region": "13"},
    )

    def columns(self) -> list[Column]:
        return [
            Column(
                "code",
                "code",
                text(10, [code_validator, validate_not_province]),
                "code",
                True,
                True,
            ),
            Column("name", "nom", text(150), "name", True),
            Column("milieu", "milieu", choice(Milieu), "milieu", True),
            Column("region", "région", self.region, "region_id", True),
        ]

    def preload(self) -> None:
        self.context["regions"] = set(Region.objects.values_list("code", flat=True))
        self.context["stored"] = {
            row["code"].upper(): row
            for row in Territory.objects.values("pk", "code", "name", "milieu", "region_id")
        }

    def region(self, value: Any) -> str:
        code = as_text(value)
        if code.isdigit() and len(code) == 1:
            code = f"0{code}"
        if code not in self.context["regions"]:
            raise CellError(
                _("Unknown administrative region “%(code)s”: give its two-digit code, 01 to 17.")
                % {"code": as_text(value)}
            )
        return code

    def key(self, values: dict[str, Any]) -> str:
        return values["code"].upper()

    def describe_key(self, row: Row) -> str:
        return row.values["code"]

    def existing(self, rows: list[Row]) -> dict[Any, dict[str, Any]]:
        stored = self.context["stored"]
        return {row.key: stored[row.key] for row in rows if row.key in stored}


class OrganizationSpec(RowSpec):
    kind = "organizations"
    model = Organization
    unique_fields = ("code",)
    examples = (
        {
            "code": "A-MEQ",
            "name": "Centre de services scolaire du territoire A",
            "territory": "A",
            "sector": "MEQ",
        },
        {
            "code": "D-MESS",
            "name": "Bureau de Services Québec du territoire D",
            "territory": "D",
            "sector": "MESS",
        },
    )

    def columns(self) -> list[Column]:
        return [
            code_column(30),
            Column("name", "nom", text(200), "name", True),
            Column("territory", "territoire", territory_reference(self), "territory_id", True),
            Column("sector", "secteur", sector_reference(self), "sector_id", True),
        ]

    def preload(self) -> None:
        load_territories(self.context)
        load_sectors(self.context)


class PositionSpec(RowSpec):
    kind = "positions"
    model = Position
    unique_fields = ("code",)
    examples = (
        {
            "code": "A-MFA-2",
            "organization": "A-MFA",
            "title": "Travailleuse de proximité",
            "opened_on": "2024-09-03",
            "components": "outreach|accompaniment|collaboration",
            "populations": "infants_0_2|immigrant|low_income",
        },
        {
            "code": "B-MEQ-2",
            "organization": "B-MEQ",
            "title": "Agente de liaison école-famille",
            "opened_on": "2023-08-28",
            "closed_on": "2024-06-21",
            "components": "outreach|collaboration",
            "populations": "preschool_out_of_network|school_transition",
        },
    )

    def columns(self) -> list[Column]:
        organization = reference(self.table("organizations"), _("Unknown organization “%(code)s”."))
        return [
            code_column(30),
            Column(
                "organization",
                "organisation",
                organization,
                "organization_id",
                True,
                aliases=("organisme",),
            ),
            Column("title", "titre", text(200), "title", True),
            Column(
                "opened_on",
                "date_ouverture",
                a_date,
                "opened_on",
                True,
                aliases=("ouvert_le",),
            ),
            Column(
                "closed_on",
                "date_fermeture",
                a_date,
                "closed_on",
                aliases=("ferme_le",),
            ),
            Column(
                "components",
                "composantes",
                code_list(choice(MandateComponent)),
                "components",
                empty=[],
                aliases=("composantes_mandat", "mandat"),
            ),
            Column(
                "populations",
                "populations",
                code_list(choice(TargetPopulation)),
                "populations",
                empty=[],
                aliases=("populations_cibles",),
            ),
        ]

    def preload(self) -> None:
        load_sectors(self.context)
        rows = Organization.objects.values_list("code", "pk", "sector_id")
        self.context["organizations"] = {code: pk for code, pk, _sector in rows}
        self.context["organization_sector"] = {pk: sector for _code, pk, sector in rows}

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        sector = self.context["organization_sector"][values["organization_id"]]
        if sector not in self.context["sectors_with_pap"]:
            return [
                (
                    "organization",
                    _(
                        "%(sector)s has no outreach workers (PAP): a PAP position cannot "
                        "belong to this organization."
                    )
                    % {"sector": sector},
                )
            ]
        return dates_in_order(values, "opened_on", "closed_on")


def position_column(spec: RowSpec) -> Column:
    find = reference(spec.table("positions"), _("Unknown position “%(code)s”."))
    return Column("position", "poste", find, "position_id", True, True)


def load_positions(context: dict[str, Any]) -> None:
    context["positions"] = dict(Position.objects.values_list("code", "pk"))


class AssignmentSpec(RowSpec):
    kind = "assignments"
    model = Assignment
    unique_fields = ("position_id", "person", "started_on")
    examples = (
        {"position": "A-MFA-1", "person": "PAP-A-1", "started_on": "2022-09-06"},
        {
            "position": "B-MSSS-1",
            "person": "PAP-B-4",
            "started_on": "2023-09-18",
            "ended_on": "2024-08-30",
        },
    )

    def columns(self) -> list[Column]:
        return [
            position_column(self),
            Column("person", "personne", text(100), "person", True, True),
            Column("started_on", "date_début", a_date, "started_on", True, True, ("debut_le",)),
            Column("ended_on", "date_fin", a_date, "ended_on", aliases=("fin_le",)),
        ]

    def preload(self) -> None:
        load_positions(self.context)

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        return dates_in_order(values, "started_on", "ended_on")


class JournalSpec(RowSpec):
    kind = "journal"
    model = JournalEntry
    unique_fields = ("position_id", "date", "kind")
    examples = (
        {"position": "A-MFA-1", "date": "2024-05-15", "kind": "supervision", "hours": "1,5"},
        {"position": "A-MFA-1", "date": "2024-05-22", "kind": "presentation_inter"},
    )

    def columns(self) -> list[Column]:
        return [
            position_column(self),
            Column("date", "date", a_date, "date", True, True),
            Column("kind", "type", choice(JournalKind), "kind", True, True, ("nature", "genre")),
            Column("hours", "heures", decimal(2, 0, Decimal("9999.99")), "hours"),
        ]

    def preload(self) -> None:
        load_positions(self.context)


class ProjectSpec(RowSpec):
    kind = "projects"
    model = Project
    unique_fields = ("code",)
    examples = (
        {
            "code": "A-PRJ-3",
            "territory": "A",
            "name": "Halte-garderie itinérante",
            "started_on": "2023-09-01",
            "supported": "oui",
        },
        {
            "code": "C-PRJ-4",
            "territory": "C",
            "name": "Ateliers parents-enfants en francisation",
            "started_on": "2024-01-15",
            "ended_on": "2025-03-31",
            "supported": "non",
        },
    )

    def columns(self) -> list[Column]:
        return [
            code_column(30),
            Column("territory", "territoire", territory_reference(self), "territory_id", True),
            Column("name", "nom", text(200), "name", True),
            Column("started_on", "date_début", a_date, "started_on", True, aliases=("debut_le",)),
            Column("ended_on", "date_fin", a_date, "ended_on", aliases=("fin_le",)),
            Column("supported", "soutenu", boolean, "supported", empty=False),
        ]

    def preload(self) -> None:
        load_territories(self.context)

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        return dates_in_order(values, "started_on", "ended_on")


def fiscal_year(value: Any) -> int:
    """``2023-2024`` → 2023 (the year the fiscal year starts)."""
    try:
        period = Period.parse(as_text(value))
    except InvalidPeriod:
        period = None
    if period is None or period.kind != FISCAL_YEAR or not 2000 <= period.start.year <= 2100:
        raise CellError(
            _("Give a fiscal year such as 2023-2024, not “%(value)s”.") % {"value": as_text(value)}
        )
    return period.start.year


class ProfileSpec(RowSpec):
    """A profile per territory and fiscal year; territory ``QC``: the reference profile."""

    kind = "profiles"
    model = SocioHealthProfile
    unique_fields = ("territory_id", "fiscal_year")
    examples = (
        {
            "territory": "A",
            "fiscal_year": "2024-2025",
            "screenings_agir_tot": "52",
            "reports_per_1000": "41,35",
            "out_of_network_pct": "27,5",
            "vulnerable_eqdem_pct": "29,1",
        },
        {"territory": "QC", "fiscal_year": "2024-2025", "reports_per_1000": "36,2"},
    )

    def columns(self) -> list[Column]:
        percent = decimal(2, 0, 100)
        return [
            Column(
                "territory",
                "territoire",
                territory_reference(self, province=True),
                "territory_id",
                True,
                True,
            ),
            Column(
                "fiscal_year",
                "année_financière",
                fiscal_year,
                "fiscal_year",
                True,
                True,
                ("annee", "exercice"),
            ),
            Column(
                "screenings_agir_tot",
                "dépistages_agir_tôt",
                integer(0, 2_147_483_647),
                "screenings_agir_tot",
            ),
            Column(
                "reports_per_1000",
                "signalements_par_1000",
                decimal(2, 0, 1000),
                "reports_per_1000",
            ),
            Column("out_of_network_pct", "hors_réseau_pct", percent, "out_of_network_pct"),
            Column(
                "vulnerable_eqdem_pct", "vulnérables_eqdem_pct", percent, "vulnerable_eqdem_pct"
            ),
            Column(
                "immigrant_families_pct",
                "familles_immigrantes_pct",
                percent,
                "immigrant_families_pct",
            ),
        ]

    def preload(self) -> None:
        load_territories(self.context)
        fields = self.written_fields(self.all_columns)
        self.context["stored"] = {
            (row["territory_id"], row["fiscal_year"]): row
            for row in SocioHealthProfile.objects.values("pk", *fields)
        }

    def describe_key(self, row: Row) -> str:
        territory = next(
            (code for code, pk in self.context["territories"].items() if pk == row.key[0]),
            PROVINCE_CODE,
        )
        return f"{territory}, {row.key[1]}-{row.key[1] + 1}"

    def existing(self, rows: list[Row]) -> dict[Any, dict[str, Any]]:
        stored = self.context["stored"]
        return {row.key: stored[row.key] for row in rows if row.key in stored}

    def write_updates(self, objects: list[SocioHealthProfile], fields: list[str]) -> None:
        # The province's profiles have no territory: no ON CONFLICT target covers them.
        SocioHealthProfile.objects.bulk_update(objects, fields)


SPECS: dict[str, type[RowSpec]] = {
    spec.kind: spec
    for spec in (
        TerritorySpec,
        OrganizationSpec,
        PositionSpec,
        AssignmentSpec,
        JournalSpec,
        ProjectSpec,
        ProfileSpec,
    )
}
