"""Writing import files for the tests: real files, in the encodings and formats users send."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from importing.problems import ImportReport
from importing.services import import_file


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


# A referrals file for territories A and B (alternating), corridor-free.
HEADER = (
    "territory;ref;family;immigrant_family;from_sector;to_sector;first_contact_on;referred_on;"
    "taken_in_charge_on;status;consent;consent_language;interpreter"
)


def referral_lines(count: int, start: int = 1) -> list[str]:
    lines = []
    for n in range(start, start + count):
        first = date(2024, 4, 1) + timedelta(days=n % 300)
        taken = f"{first + timedelta(days=n % 7)}" if n % 3 else ""
        status = "taken_in_charge" if taken else ("pending", "lost", "declined")[n % 3 - 0]
        lines.append(
            f"{'AB'[n % 2]};R-{n};F-{n // 3};{'oui' if n % 5 == 0 else 'non'};MFA;MSSS;"
            f"{first};{first};{taken};{status};oui;{'fr' if n % 2 else 'EN'};non"
        )
    return lines
