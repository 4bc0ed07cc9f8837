"""The export gives, byte for byte, the rows it gave before the code was restructured.

``golden/export_<period>_<as-of>[_<territories>].csv`` were written by ``export_indicators`` on
the demo (``load_demo``) before issue 11 moved the engine, the pages and the import around: one
file per period kind (fiscal year, quarter, month), as of a day after the demo's data and as of
a day inside it (periods cut at the as-of day, and a period entirely after it). The stored
results that pages and the API read give the same rows.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators import store
from indicators.export import export_rows
from indicators.periods import Period

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("export_*.csv"))


def arguments(path: Path) -> tuple[str, str, list[str]]:
    """``export_2024-2025-T4_2025-06-01_A_B.csv`` → ("2024-2025-T4", "2025-06-01", ["A", "B"])."""
    period, as_of, *territories = path.stem.removeprefix("export_").split("_")
    return period, as_of, territories


def export(period: str, as_of: str, territories: list[str]) -> bytes:
    out = io.StringIO()
    options = ["--period", period, "--as-of", as_of]
    if territories:
        options += ["--territory", *territories]
    call_command("export_indicators", *options, stdout=out)
    return out.getvalue().encode()


def test_golden_files_cover_every_period_kind():
    kinds = {Period.parse(arguments(path)[0]).kind for path in golden_files()}
    assert len(golden_files()) >= 13
    assert kinds == {"fiscal_year", "quarter", "month"}


def test_export_and_stored_results_give_the_rows_they_gave_before(settings):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=io.StringIO())
    changed = []
    for path in golden_files():
        period, as_of, territories = arguments(path)
        if export(period, as_of, territories) != path.read_bytes():
            changed.append(f"export {path.name}")
        stored = store.results(
            Period.parse(period),
            as_of=date.fromisoformat(as_of),
            territories=territories or None,
        )
        lines = path.read_text().splitlines()
        expected = [
            dict(zip(lines[0].split(","), line.split(","), strict=True)) for line in lines[1:]
        ]
        if export_rows(stored) != expected:
            changed.append(f"stored {path.name}")
    assert changed == []
