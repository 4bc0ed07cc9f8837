"""Socio-health profiles, per territory and fiscal year (territory ``QC``: the reference
profile), as rows to import.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from importing.cells import as_text, decimal, integer
from importing.problems import CellError
from importing.specs import Column, Row, RowSpec
from territories.fiscal_years import fiscal_year_key, parse_fiscal_year
from territories.imports.references import load_territories, territory_reference
from territories.models import PROVINCE_CODE, SocioHealthProfile


def fiscal_year(value: Any) -> int:
    """``2023-2024`` → 2023 (the year the fiscal year starts)."""
    year = parse_fiscal_year(as_text(value))
    if year is None or not 2000 <= year <= 2100:
        raise CellError(
            _("Give a fiscal year such as 2023-2024, not “%(value)s”.") % {"value": as_text(value)}
        )
    return year


class ProfileSpec(RowSpec):
    """A profile per territory and fiscal year; territory ``QC``: the reference profile."""

    kind = "profiles"
    model = SocioHealthProfile
    label = pgettext_lazy("import kind", "Socio-health profiles")
    description = gettext_lazy(
        "A territory's profile for a fiscal year (territory QC: the reference profile, "
        "administrators only)."
    )
    scope_column = "territory"  # QC, the province (None): no coordinator's
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
        return f"{territory}, {fiscal_year_key(row.key[1])}"

    def existing(self, rows: list[Row]) -> dict[Any, dict[str, Any]]:
        stored = self.context["stored"]
        return {row.key: stored[row.key] for row in rows if row.key in stored}

    def write_updates(self, objects: list[SocioHealthProfile], fields: list[str]) -> None:
        # The province's profiles have no territory: no ON CONFLICT target covers them.
        SocioHealthProfile.objects.bulk_update(objects, fields)
