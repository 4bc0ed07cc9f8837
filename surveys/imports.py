"""Paper survey answers (DESIGN.md section 7, kind ``satisfaction``).

Rows are not keyed: each row is one more paper response (channel ``paper``, no campaign), so
importing a file twice records its answers twice.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from importing.cells import a_date, choice, integer, reference
from importing.registry import register
from importing.specs import Column, Row, RowSpec
from surveys.models import Channel, Response, SurveyKind
from territories.imports.references import load_projects, load_territories, territory_reference


class SatisfactionSpec(RowSpec):
    kind = "satisfaction"
    model = Response
    label = pgettext_lazy("import kind", "Paper satisfaction answers")
    description = gettext_lazy(
        "Answers to the PAP or family survey collected on paper: one row per answer."
    )
    scope_column = "territory"
    keyed = False
    examples = (
        {"survey": "pap", "territory": "A", "submitted_on": "2024-06-14", "overall": "4"},
        {
            "survey": "family",
            "territory": "C",
            "project": "C-PRJ-1",
            "submitted_on": "2024-11-20",
            "overall": "5",
        },
    )

    def columns(self) -> list[Column]:
        project = reference(self.table("projects"), _("Unknown project “%(code)s”."))
        return [
            Column(
                "survey",
                "sondage",
                choice(SurveyKind, {"famille": SurveyKind.FAMILY, "familles": SurveyKind.FAMILY}),
                "kind",
                True,
            ),
            Column("territory", "territoire", territory_reference(self), "territory_id", True),
            Column("project", "projet", project, "project_id"),
            Column(
                "submitted_on",
                "date_réponse",
                a_date,
                "submitted_on",
                True,
                aliases=("date", "repondu_le", "date_de_reponse"),
            ),
            Column(
                "overall",
                "satisfaction_globale",
                integer(1, 5, gettext_noop("The overall score is between 1 and 5.")),
                "overall",
                True,
                aliases=("note_globale", "globale", "score"),
            ),
        ]

    def preload(self) -> None:
        load_territories(self.context)
        load_projects(self.context)

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        project = values["project_id"]
        if project is not None and (
            self.context["project_territory"][project] != values["territory_id"]
        ):
            return [("project", _("This project belongs to another territory."))]
        return []

    def written_fields(self, present: list[Column]) -> set[str]:
        return super().written_fields(present) | {"channel"}

    def fields_of(self, row: Row, fields: set[str]) -> dict[str, Any]:
        return super().fields_of(row, fields - {"channel"}) | {"channel": Channel.PAPER}


register(SatisfactionSpec)
