"""The export's rows (DESIGN.md section 7): CSV and XLSX, the same for the command and pages.

Columns ``territory,period,indicator,value,target,status,n`` with the English names and the
untranslated codes; ``value`` rounded half-up to 2 decimals with a decimal point (``0.63``),
empty when suppressed or not applicable; ``target`` like ``<=2``; ``n`` empty only for the
five ``L5_*`` profile values.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from typing import IO, BinaryIO

from indicators.compute import Results, Row, round_half_up

COLUMNS = ("territory", "period", "indicator", "value", "target", "status", "n")
PLACES = 2


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


def write_csv(results: Results, stream: IO[str]) -> None:
    """CSV in UTF-8 text, comma-separated, one header line (``stream`` opened with newline="")."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(results))


def write_xlsx(results: Results, stream: BinaryIO) -> None:
    """The same rows in one sheet; values and n as numbers so spreadsheets can sum them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(results.period.key)
    sheet.append(COLUMNS)
    for row in export_rows(results):
        sheet.append(
            [
                row["territory"],
                row["period"],
                row["indicator"],
                Decimal(row["value"]) if row["value"] else None,
                row["target"] or None,
                row["status"],
                int(row["n"]) if row["n"] else None,
            ]
        )
    workbook.save(stream)
