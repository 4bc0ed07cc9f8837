"""PAP positions, who holds them (assignments) and their journal, as rows to import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from importing.cells import a_date, choice, code_list, decimal, reference, text
from importing.specs import Column, RowSpec
from territories.imports.references import (
    code_column,
    dates_in_order,
    load_positions,
    load_sectors,
    load_stored_territories,
    position_column,
)
from territories.models import (
    Assignment,
    JournalEntry,
    JournalKind,
    MandateComponent,
    Organization,
    Position,
    TargetPopulation,
)


class PositionSpec(RowSpec):
    kind = "positions"
    model = Position
    label = pgettext_lazy("import kind", "PAP positions")
    description = gettext_lazy(
        "The outreach worker positions of each organization and their mandate."
    )
    scope_column = "organization"
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
        rows = Organization.objects.values_list("code", "pk", "sector_id", "territory_id")
        self.context["organizations"] = {code: pk for code, pk, *_rest in rows}
        self.context["organization_sector"] = {pk: sector for _code, pk, sector, _t in rows}
        self.context["organization_territory"] = {pk: t for _code, pk, _sector, t in rows}
        load_stored_territories(
            self.context, Position.objects.values_list("code", "organization__territory_id")
        )

    def territories_of(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        """Through the organization; a stored position of the code: its territory too."""
        own = self.context["organization_territory"][values["organization_id"]]
        stored = self.context["stored_territory"].get(values["code"])
        return (own,) if stored is None else (own, stored)

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


class AssignmentSpec(RowSpec):
    kind = "assignments"
    model = Assignment
    label = pgettext_lazy("import kind", "Assignments")
    description = gettext_lazy("Who holds each PAP position, from when to when (departures).")
    scope_column = "position"
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

    def territories_of(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        return (self.context["position_territory"][values["position_id"]],)

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        return dates_in_order(values, "started_on", "ended_on")


class JournalSpec(RowSpec):
    kind = "journal"
    model = JournalEntry
    label = pgettext_lazy("import kind", "PAP journal")
    description = gettext_lazy(
        "Supervision and co-development hours, support requests and presentations, by position "
        "and date."
    )
    scope_column = "position"
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

    def territories_of(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        return (self.context["position_territory"][values["position_id"]],)
