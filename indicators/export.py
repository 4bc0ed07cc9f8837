"""The export's rows (DESIGN.md section 7), and the one CSV and XLSX writer of every download:
the command's, the pages' and the breakdowns' (:mod:`indicators.breakdowns.export`), whose rows
differ only in their columns.

Columns ``territory,period,indicator,value,target,status,n`` with the English names and the
untranslated codes; ``value`` rounded half-up to 2 decimals with a decimal point (``0.63``),
empty when suppressed or not applicable; ``target`` like ``<=2``; ``n`` empty only for the
five ``L5_*`` profile values.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import IO, BinaryIO

from indicators.compute import Results, Row, round_half_up

COLUMNS = ("territory", "period", "indicator", "value", "target", "status", "n")
PLACES = 2
# The files the export is written as, and their media types.
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def round_value(value: Fraction, places: int = PLACES) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, as a Decimal with exactly that many."""
    rounded = round_half_up(value, places)
    exact = Decimal(rounded.numerator) / Decimal(rounded.denominator)
    return exact.quantize(Decimal(1).scaleb(-places))


def export_row(row: Row, period_key: str) -> dict[str, str]:
    return {
        "territory": row.territory,
        "period": period_key,
        "indicator": row.indicator,
        "value": "" if row.value is None else str(round_value(row.value)),
        "target": "" if row.target is None else str(row.target),
        "status": row.status,
        "n": "" if row.n is None else str(row.n),
    }


def export_rows(results: Results) -> list[dict[str, str]]:
    """Every row of ``results`` as the export writes it (strings), in the export's order."""
    return [export_row(row, results.period.key) for row in results.rows]


def write_csv(
    rows: Iterable[Mapping[str, str]], stream: IO[str], *, columns: Sequence[str] = COLUMNS
) -> None:
    """``rows`` (the export's, or the breakdowns' with their ``columns``) as CSV in UTF-8 text,
    comma-separated, one header line (``stream`` opened with newline="")."""
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_xlsx(
    rows: Iterable[Mapping[str, str]],
    stream: BinaryIO,
    *,
    sheet: str,
    columns: Sequence[str] = COLUMNS,
) -> None:
    """The same rows in one sheet named ``sheet``; ``value`` and ``n`` as numbers so spreadsheets
    can sum them, an empty ``value``, ``target`` or ``n`` as an empty cell."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])  # Excel's longest sheet name
    worksheet.append(columns)
    for row in rows:
        worksheet.append([_typed(name, row[name]) for name in columns])
    workbook.save(stream)


def _typed(column: str, text: str) -> str | Decimal | int | None:
    if column == "value":
        return Decimal(text) if text else None
    if column == "n":
        return int(text) if text else None
    if column == "target":
        return text or None
    return text
