"""The pages' downloads, for people (issue 14): what the screen shows, in French, as a CSV that
Excel in Quebec opens in columns (UTF-8 with a BOM, ``;`` between cells, a decimal comma) or an
XLSX whose numbers are numbers, with a number format.

The machine format — the export's English codes, ``,`` and ``.`` — stays with
``export_indicators`` and the API (:mod:`indicators.export`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse

from dashboards import display
from indicators import registry
from indicators.compute import Row
from indicators.export import FORMATS
from territories.downloads import neutralized, xlsx_text_cell

BOM = "\ufeff"


@dataclass(frozen=True)
class Number:
    """A number as the page rounds it (``places`` decimals), and how a spreadsheet shows it."""

    value: Decimal
    places: int

    @property
    def text(self) -> str:
        """``31,4``: a decimal comma, no group separator (spreadsheets read it as a number)."""
        return f"{self.value:.{self.places}f}".replace(".", ",")

    @property
    def number_format(self) -> str:
        return "0" if not self.places else "0." + "0" * self.places


Cell = str | int | Number | None


@dataclass
class Sheet:
    """One table of a download: a sheet name (≤ 31 characters), headers, rows of cells."""

    name: str
    headers: Sequence[str]
    rows: list[list[Cell]] = field(default_factory=list)


def value_cell(row: Row | None) -> Cell:
    """An indicator's value as the page shows it: a number rounded as on screen, or the page's
    mark (``x``, « aucune donnée », ``s.o.``); empty without a value."""
    if row is None:
        return None
    if display.shown_status(row) in display.HIDDEN:
        return display.format_value(row)
    if row.value is None:
        return None
    number, places = display.rounded(row.value, row.definition)
    return number if isinstance(number, int) else Number(number, places)


def header(indicator: registry.Indicator) -> str:
    """The indicator's name with its unit: « Taux d’échappement (%) », « Délai … (j) »."""
    unit = display.unit(indicator)
    return display.indicator_name(indicator) + (f" ({unit})" if unit else "")


def row_cells(row: Row) -> list[Cell]:
    """Value, target, status in words and n of one indicator result."""
    return [
        value_cell(row),
        display.format_target(row.target, row.definition) if row.target else None,
        display.status_label(display.shown_status(row)),
        row.n,
    ]


def response(sheet: Sheet, *, file_format: str, filename: str) -> HttpResponse:
    """``sheet`` as a CSV or XLSX attachment named ``filename`` (without its extension)."""
    content = _csv(sheet) if file_format == "csv" else _xlsx(sheet)
    answer = HttpResponse(content, content_type=FORMATS[file_format])
    answer["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return answer


def _csv(sheet: Sheet) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow(
            ""
            if cell is None
            else cell.text
            if isinstance(cell, Number)
            else neutralized(str(cell))
            for cell in row
        )
    return (BOM + text.getvalue()).encode("utf-8")


def _xlsx(sheet: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet.name[:31])
    bold = Font(bold=True)
    headers = []
    for text in sheet.headers:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.font = bold
        headers.append(cell)
    worksheet.append(headers)
    for row in sheet.rows:
        cells = []
        for value in row:
            if isinstance(value, Number):
                cell = WriteOnlyCell(worksheet, value=value.value)
                cell.number_format = value.number_format
            elif isinstance(value, str):
                cell = xlsx_text_cell(worksheet, value)
            else:
                cell = WriteOnlyCell(worksheet, value=value)
            cells.append(cell)
        worksheet.append(cells)
    binary = io.BytesIO()
    workbook.save(binary)
    return binary.getvalue()
