"""References the rows of every app's ``imports.py`` share: each spec preloads, once, the
tables its rows name (territories, sectors, projects, positions), and builds its columns with
these parsers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from importing.cells import Parser, as_text, reference, text
from importing.problems import CellError
from importing.specs import Column, RowSpec
from territories.models import PROVINCE_CODE, Position, Project, Sector, Territory, code_validator


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


def position_column(spec: RowSpec) -> Column:
    find = reference(spec.table("positions"), _("Unknown position “%(code)s”."))
    return Column("position", "poste", find, "position_id", True, True)


def load_positions(context: dict[str, Any]) -> None:
    rows = Position.objects.values_list("code", "pk", "organization__territory_id")
    context["positions"] = {code: pk for code, pk, _territory in rows}
    context["position_territory"] = {pk: territory for _code, pk, territory in rows}


def load_stored_territories(context: dict[str, Any], rows: Iterable[tuple[str, int]]) -> None:
    """The territory of each stored row, by code: a row of a file keyed by code must not move
    another territory's row (import scope)."""
    context["stored_territory"] = dict(rows)


def with_stored_territory(spec: RowSpec, values: dict[str, Any]) -> tuple[int | None, ...]:
    """The territories of a row keyed by code: its own (``RowSpec.territories_of``), and the
    stored row's of the same code, if any."""
    own = RowSpec.territories_of(spec, values)
    stored = spec.context["stored_territory"].get(values["code"])
    return own if stored is None else (*own, stored)
