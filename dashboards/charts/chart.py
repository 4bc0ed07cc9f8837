"""The :class:`Chart` a page shows, and the cells of its table: the pages' own text
(:mod:`dashboards.display`), or ``—`` where a category has no row."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards import display
from indicators.compute import Row
from territories import formatting


@dataclass(frozen=True)
class Chart:
    """One chart: its figure for plotly and the table of the same numbers."""

    dom_id: str  # unique on the page, e.g. "tendance-L2_ESCAPE_RATE_PCT"
    title: str  # already translated
    figure: dict  # {"data": [...], "layout": {...}}, JSON-safe
    columns: list[str]  # table header labels (translated)
    rows: list[list[str]]  # table cells, already written the Quebec way
    summary: str = ""  # one sentence: the text alternative of the drawing
    empty: str = ""  # why nothing is drawn, when no value can be (the table stays)

    @property
    def data_id(self) -> str:
        """The id of the ``json_script`` element holding the figure."""
        return f"{self.dom_id}-figure"


def plotted(row: Row | None) -> float | None:
    """The float a figure draws for ``row``; a gap when there is nothing to show."""
    return float(row.value) if display.shows_value(row) else None


def value_cell(row: Row | None) -> str:
    """The value of ``row`` (``x`` when suppressed, ``s.o.`` when it does not apply), ``—``
    when there is no row."""
    return formatting.MISSING if row is None else display.format_value(row)


def n_cell(row: Row | None) -> str:
    return formatting.MISSING if row is None else display.format_n(row)


def status_cell(row: Row | None) -> str:
    return formatting.MISSING if row is None else display.status_label(display.shown_status(row))
