"""Downloads for people (coordinators' lists, DESIGN.md section 7): what the screen shows, with
French headers. CSV with ``;``, a UTF-8 BOM and decimal commas, so that Excel in Quebec opens it
in columns; XLSX with real numbers and dates and their number formats.

The export for machines (``export_indicators``, the API) is :mod:`indicators.export`, not this.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# What a spreadsheet reads as the start of a formula (OWASP « CSV injection »): a text cell a
# person typed (a corridor's entry point, a project's name…) must never run in the reader's Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(text: str) -> str:
    """``text`` for a CSV cell: with a leading apostrophe when it would start a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def xlsx_text_cell(worksheet, text: str):
    """A write-only XLSX cell holding ``text`` as text, never as a formula (openpyxl takes a
    text starting with ``=`` for one): the cell shows exactly what was typed."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"
    return cell


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return neutralized(str(value))


def people_csv(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> bytes:
    """``rows`` under the ``columns`` headers: ``;``-separated, decimal commas, UTF-8 with BOM."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def people_xlsx(rows: Iterable[Sequence[Any]], columns: Sequence[str], *, sheet: str) -> bytes:
    """The same rows in one sheet: numbers as numbers (two decimals for decimals), dates as
    dates (``yyyy-mm-dd``), booleans as « oui » / « non »."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])  # Excel's longest sheet name
    worksheet.append(list(columns))
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, bool):
                value = "oui" if value else "non"
            if isinstance(value, str):
                cells.append(xlsx_text_cell(worksheet, value))
                continue
            cell = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, Decimal | float):
                cell.number_format = "0.00"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        worksheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def people_download(
    *, rows: Iterable[Sequence[Any]], columns: Sequence[str], filename: str, file_format: str
) -> HttpResponse:
    """An attachment ``filename``.csv or .xlsx (``file_format``) of ``rows``."""
    if file_format == "xlsx":
        content = people_xlsx(rows, columns, sheet=filename)
    else:
        file_format = "csv"
        content = people_csv(rows, columns)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
