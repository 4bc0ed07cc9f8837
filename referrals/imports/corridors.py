"""Corridors (intersectoral protocols) as rows to import, and the cells referrals share with
them: sectors, languages."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from importing.cells import a_date, as_text, boolean, choice, code_list, integer, text
from importing.problems import CellError
from importing.specs import Column, RowSpec
from referrals.models import Corridor, CorridorPriority, language_validator
from territories.imports.references import (
    dates_in_order,
    load_sectors,
    load_stored_territories,
    load_territories,
    sector_reference,
    territory_reference,
    with_stored_territory,
)
from territories.models import code_validator

_LANGUAGE_RE = re.compile(language_validator.regex.pattern)


def language(value: Any) -> str:
    """An ISO 639-1 code, any case: stored in lowercase."""
    code = as_text(value).lower()
    if not _LANGUAGE_RE.fullmatch(code):
        raise CellError(str(language_validator.message))
    return code


def sector_pair_columns(spec: RowSpec) -> list[Column]:
    """The from_sector and to_sector columns of corridors and referrals."""
    return [
        Column(
            "from_sector",
            "secteur_origine",
            sector_reference(spec),
            "from_sector_id",
            True,
            aliases=("de_secteur", "secteur_source"),
        ),
        Column(
            "to_sector",
            "secteur_destination",
            sector_reference(spec),
            "to_sector_id",
            True,
            aliases=("vers_secteur", "secteur_cible"),
        ),
    ]


class CorridorSpec(RowSpec):
    kind = "corridors"
    model = Corridor
    label = pgettext_lazy("import kind", "Corridors")
    description = gettext_lazy(
        "The intersectoral protocols of a territory, from one sector to another."
    )
    scope_column = "territory"
    unique_fields = ("code",)
    examples = (
        {
            "code": "C-MIFI-MFA",
            "territory": "C",
            "from_sector": "MIFI",
            "to_sector": "MFA",
            "entry_point": "Accueil psychosocial du carrefour familial",
            "target_delay_days": "2",
            "consent_languages": "fr|en|ar|es",
            "transfer_template": "oui",
            "priorities": "immigration|out_of_network",
            "active_from": "2023-04-01",
        },
        {
            "code": "B-MSSS-MEQ",
            "territory": "B",
            "from_sector": "MSSS",
            "to_sector": "MEQ",
            "consent_languages": "fr",
            "transfer_template": "non",
            "active_from": "2024-01-08",
            "active_to": "2025-03-31",
        },
    )

    def columns(self) -> list[Column]:
        return [
            Column("code", "code", text(30, [code_validator]), "code", True, True),
            Column("territory", "territoire", territory_reference(self), "territory_id", True),
            *sector_pair_columns(self),
            Column(
                "entry_point",
                "porte_d'entrée",
                text(200),
                "entry_point",
                empty="",
                aliases=("porte_entree", "point_entree", "point_d_entree"),
            ),
            Column(
                "target_delay_days",
                "délai_cible_jours",
                integer(0, 365),
                "target_delay_days",
                aliases=("delai_cible",),
            ),
            Column(
                "consent_languages",
                "langues_consentement",
                code_list(language),
                "consent_languages",
                empty=[],
                aliases=("langues_de_consentement",),
            ),
            Column(
                "transfer_template",
                "formulaire_transfert",
                boolean,
                "transfer_template",
                empty=False,
                aliases=("gabarit_transfert", "formulaire_de_transfert"),
            ),
            Column(
                "priorities",
                "priorités",
                code_list(choice(CorridorPriority)),
                "priorities",
                empty=[],
            ),
            Column(
                "active_from",
                "actif_du",
                a_date,
                "active_from",
                True,
                aliases=("actif_depuis", "date_debut"),
            ),
            Column("active_to", "actif_au", a_date, "active_to", aliases=("date_fin",)),
        ]

    def preload(self) -> None:
        load_territories(self.context)
        load_sectors(self.context)
        load_stored_territories(self.context, Corridor.objects.values_list("code", "territory_id"))

    def territories_of(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        return with_stored_territory(self, values)

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        if values["from_sector_id"] == values["to_sector_id"]:
            return [("to_sector", _("A corridor links two different sectors."))]
        return dates_in_order(values, "active_from", "active_to")
