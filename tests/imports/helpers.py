"""Writing import files for the tests: real files, in the encodings and formats users send."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from territories.importing import ImportReport, import_file


def write_csv(
    directory: Path, lines: list[str], *, encoding: str = "utf-8", name: str = "data.csv"
) -> Path:
    """``lines`` joined by CRLF (as Excel writes them) in ``encoding`` (``utf-8-sig``: a BOM)."""
    path = directory / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(directory: Path, rows: list[list], name: str = "data.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = directory / name
    workbook.save(path)
    return path


def run(kind: str, path: Path) -> ImportReport:
    return import_file(kind, path)


def problems(report: ImportReport) -> list[tuple[int, str]]:
    return [(problem.line, problem.column) for problem in report.problems]
