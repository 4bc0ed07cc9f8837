"""The province overview's table: territories × indicators grouped by lever, filtered and sorted.

Reads go through the user's scope (:func:`overview_territories`); values come from
:mod:`indicators.store` and are written by :mod:`dashboards.display`, like every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dashboards import display, spreadsheet
from dashboards.exceptions import Missed
from dashboards.spreadsheet import Sheet
from indicators import formulas, registry
from indicators.compute import Results, Row
from indicators.periods import Period
from territories.access import territory_ids
from territories.models import PROVINCE_CODE, Milieu, Position, Region, Sector, Territory

ASCENDING, DESCENDING = "asc", "desc"
MISSED_SORT = "cibles-manquees"  # ?tri=: by the number of targets missed


@dataclass(frozen=True)
class Filters:
    """What ``?region=&milieu=&secteur=&tri=&ordre=`` asked for, once checked."""

    region: str = ""
    milieu: str = ""
    sector: str = ""
    sort: str = ""  # an indicator code or MISSED_SORT; empty: by territory code
    order: str = ASCENDING
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.region or self.milieu or self.sector)


def parse_filters(query, *, regions: list[Region], sectors: list[Sector]) -> Filters:
    """The filters of the query string; a value that names nothing is dropped with a message."""
    errors = []

    def checked(name: str, allowed: set[str], message: str) -> str:
        value = query.get(name, "").strip()
        if value and value not in allowed:
            errors.append(message % {"value": value[:40]})
            return ""
        return value

    region = checked(
        "region", {region.code for region in regions}, _("« %(value)s » is not a region.")
    )
    milieu = checked("milieu", set(Milieu.values), _("« %(value)s » is not a milieu."))
    sector = checked(
        "secteur", {sector.code for sector in sectors}, _("« %(value)s » is not a sector.")
    )
    sort = checked("tri", {*registry.CODES, MISSED_SORT}, _("« %(value)s » is not an indicator."))
    order = DESCENDING if query.get("ordre") == DESCENDING else ASCENDING
    return Filters(region, milieu, sector, sort, order, errors)


def heading(user) -> str:
    """The page's title: the province for those who see every territory, else the user's own
    territories (the province row stays, for comparison)."""
    scope = territory_ids(user)
    if scope is None:
        return _("Province overview")
    codes = sorted(Territory.objects.filter(pk__in=scope).values_list("code", flat=True))
    if len(codes) == 1:
        return _("Overview of territory %(code)s") % {"code": codes[0]}
    return _("Overview of your territories (%(codes)s)") % {"codes": ", ".join(codes)}


def overview_territories(user, *, filters: Filters, period: Period, as_of: date) -> list[Territory]:
    """The territories ``user`` may see that match ``filters``, with their region (one query).

    The sector filter keeps the territories where the sector has a PAP position active during
    the period.
    """
    territories = Territory.objects.for_user(user).select_related("region")
    if filters.region:
        territories = territories.filter(region_id=filters.region)
    if filters.milieu:
        territories = territories.filter(milieu=filters.milieu)
    if filters.sector:
        positions = Position.objects.active_during(period.start, period.cut_at(as_of)).filter(
            organization__territory=OuterRef("pk"), organization__sector_id=filters.sector
        )
        territories = territories.filter(Exists(positions))
    return sorted(territories, key=lambda territory: territory.code)


@dataclass(frozen=True)
class Column:
    indicator: registry.Indicator
    name: str


@dataclass(frozen=True)
class LeverColumns:
    lever: int
    name: str
    columns: list[Column]


@dataclass(frozen=True)
class Cell:
    row: Row
    text: str
    status: display.StatusStyle
    note: str = ""  # « portrait 2023-2024 »: a profile value taken from an earlier year
    label: str = ""  # the status in words (the lazy translation, made text once per page)

    @property
    def symbol(self) -> str:
        """The status symbol beside the value (x and s.o. are the value itself)."""
        hidden = self.status.css in ("suppressed", "not-applicable")
        return "" if hidden else self.status.symbol

    @property
    def in_print(self) -> str:
        """The cell on paper: value, the profile's year, the status symbol."""
        text = f"{self.text} ({self.note})" if self.note else self.text
        return f"{text} {self.symbol}" if self.symbol else text

    @property
    def print_html(self) -> str:
        return mark_safe(  # noqa: S308 (every part escaped)
            f'<td class="status-cell status--{self.status.css}">{escape(self.in_print)}</td>'
        )

    @property
    def html(self) -> str:
        """The table cell on screen. Written here rather than in the template, with plain
        escaping: the overview has a thousand of them, and the template engine (then
        ``format_html``) took most of the page's time."""
        note = f'<span class="status-cell__note">{escape(self.note)}</span>' if self.note else ""
        symbol = (
            f'<span class="status-cell__symbol" aria-hidden="true">{self.symbol}</span>'
            if self.symbol
            else ""
        )
        n = "" if self.row.n is None else f", n = {self.row.n}"
        return mark_safe(  # noqa: S308 (every part escaped)
            f'<td class="status-cell status--{self.status.css}">'
            f'<span class="status-cell__value">{escape(self.text)}</span>{note}{symbol}'
            f'<span class="visually-hidden">{escape(self.label)}{n}</span></td>'
        )


@dataclass(frozen=True)
class Line:
    code: str
    territory: Territory | None  # None for the province row
    cells: list[Cell]
    missed: Missed | None = None  # targets missed, and the change (territories only)


def lever_columns() -> list[LeverColumns]:
    """The indicators grouped by lever, in the registry's order."""
    return [
        LeverColumns(
            lever,
            display.lever_name(lever),
            [
                Column(indicator, display.indicator_name(indicator))
                for indicator in registry.INDICATORS
                if indicator.lever == lever
            ],
        )
        for lever in registry.LEVERS
    ]


def overview_lines(
    results: Results,
    *,
    territories: list[Territory],
    levers: list[LeverColumns],
    filters: Filters,
    missed: dict[str, Missed],
    borrowed: dict[str, int] | None = None,
) -> tuple[list[Line], Line]:
    """The territories' lines, sorted as asked, and the province line. ``borrowed``: by code,
    the earlier fiscal year whose profile stands in for the period's (its values say so)."""
    codes = [column.indicator.code for lever in levers for column in lever.columns]
    borrowed = borrowed or {}
    labels: dict[str, str] = {}  # status words by css class, translated once

    def line(code: str, territory: Territory | None) -> Line:
        cells = []
        for indicator in codes:
            row = results.get(code, indicator)
            note = ""
            if code in borrowed and indicator in registry.PROFILE_FIELDS:
                note = _("profile %(year)s") % {"year": Period.for_fiscal_year(borrowed[code]).key}
            style = display.style(row)
            label = labels.setdefault(style.css, str(style.label))
            cells.append(Cell(row, display.format_value(row), style, note, label))
        return Line(code, territory, cells, missed.get(code))

    lines = [line(territory.code, territory) for territory in territories]
    if filters.sort == MISSED_SORT:  # stable: equal counts stay in code order
        lines.sort(key=lambda item: item.missed.count, reverse=filters.order == DESCENDING)
    elif filters.sort:
        position = codes.index(filters.sort)
        valued = [item for item in lines if display.shows_value(item.cells[position].row)]
        blank = [item for item in lines if not display.shows_value(item.cells[position].row)]
        # Stable: equal values stay in code order, whichever the direction.
        valued.sort(
            key=lambda item: item.cells[position].row.value, reverse=filters.order == DESCENDING
        )
        lines = valued + blank  # values that are not shown come last, whatever the order
    return lines, line(PROVINCE_CODE, None)


@dataclass(frozen=True)
class LegendItem:
    name: str
    target: str


@dataclass(frozen=True)
class LeverTable:
    """One lever's columns of the table, for print: a Letter page cannot hold every lever side
    by side, so each lever gets its own table (the territory column repeated)."""

    lever: LeverColumns
    lines: list[tuple[Line, list[Cell]]]
    province: list[Cell]

    @property
    def rows_html(self) -> list[str]:
        """Each territory's row, written here like the screen's cells (see :attr:`Cell.html`)."""
        return [
            format_html(
                '<tr><th scope="row">{}</th><td class="overview-table__missed num">{}</td>{}</tr>',
                line.code,
                line.missed.in_print if line.missed else "",
                mark_safe("".join(cell.print_html for cell in cells)),  # noqa: S308 (escaped)
            )
            for line, cells in self.lines
        ]


def lever_tables(lines: list[Line], province: Line, levers: list[LeverColumns]) -> list[LeverTable]:
    tables, start = [], 0
    for lever in levers:
        end = start + len(lever.columns)
        tables.append(
            LeverTable(
                lever, [(line, line.cells[start:end]) for line in lines], province.cells[start:end]
            )
        )
        start = end
    return tables


@dataclass(frozen=True)
class ProvinceKind:
    """How some indicators' QC row is made, and those indicators' names."""

    how: str
    names: list[str]


def province_legend(levers: list[LeverColumns]) -> list[ProvinceKind]:
    """The indicators grouped by how their QC row is made (pooled data, a sum, a mean, the
    reference profile), in the order of the table."""
    kinds: dict[str, list[str]] = {}
    for lever in levers:
        for column in lever.columns:
            kinds.setdefault(formulas.province_in_short(column.indicator), []).append(column.name)
    return [ProvinceKind(how, names) for how, names in kinds.items()]


def target_legend(results: Results, levers: list[LeverColumns]) -> list[LegendItem]:
    """Each indicator with a province-wide target, and that target in words."""
    items = []
    for lever in levers:
        for column in lever.columns:
            row = results.get(PROVINCE_CODE, column.indicator.code)
            if row.target is not None:
                items.append(
                    LegendItem(column.name, display.describe_target(row.target, column.indicator))
                )
    return items


def overview_sheet(lines: list[Line], province: Line, levers: list[LeverColumns], period) -> Sheet:
    """The table as downloaded: a row per territory shown, then ``QC``; a column per indicator
    (its French name and unit), the values as the page rounds them."""
    columns = [column for lever in levers for column in lever.columns]
    sheet = Sheet(
        name=period.key,
        headers=[
            _("Territory"),
            _("Targets missed"),
            *(spreadsheet.header(c.indicator) for c in columns),
        ],
    )
    for line in [*lines, province]:
        missed = line.missed.count if line.missed else None
        sheet.rows.append(
            [line.code, missed, *(spreadsheet.value_cell(cell.row) for cell in line.cells)]
        )
    return sheet
