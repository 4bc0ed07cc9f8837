"""Territories, their organizations and their projects, as rows to import."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from importing.cells import a_date, as_text, boolean, choice, text
from importing.problems import CellError
from importing.specs import Column, Row, RowSpec
from territories.imports.references import (
    code_column,
    dates_in_order,
    load_sectors,
    load_stored_territories,
    load_territories,
    sector_reference,
    territory_reference,
    with_stored_territory,
)
from territories.models import (
    Milieu,
    Organization,
    Project,
    Region,
    Territory,
    code_validator,
    validate_not_province,
)


class TerritorySpec(RowSpec):
    """A territory's key is its code in any case (the database refuses ``a`` beside ``A``)."""

    kind = "territories"
    model = Territory
    label = pgettext_lazy("import kind", "Territories")
    description = gettext_lazy("The territories, their milieu and region (administrators only).")
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
    label = pgettext_lazy("import kind", "Organizations")
    description = gettext_lazy("The organizations of a territory and their sector.")
    scope_column = "territory"
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
        load_stored_territories(
            self.context, Organization.objects.values_list("code", "territory_id")
        )

    def territories_of(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        return with_stored_territory(self, values)


class ProjectSpec(RowSpec):
    kind = "projects"
    model = Project
    label = pgettext_lazy("import kind", "Territorial projects")
    description = gettext_lazy(
        "The projects supporting arrimage, their dates and whether they are supported."
    )
    scope_column = "territory"
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
        load_stored_territories(self.context, Project.objects.values_list("code", "territory_id"))

    def territories_of(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        return with_stored_territory(self, values)

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        return dates_in_order(values, "started_on", "ended_on")
