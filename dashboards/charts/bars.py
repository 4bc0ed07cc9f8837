"""Bars by status — green when the target is met, red and hatched when it is missed (colour is
never the only sign), blue without a target — and a note (``x``, ``s.o.``) at the foot of each bar
that cannot be drawn. Shared by the distribution and the breakdown charts."""

from __future__ import annotations

from dashboards import display
from dashboards.charts.chart import plotted, value_cell
from dashboards.charts.layout import BLUE, BLUE_DARK, GREEN, GREY_TEXT, RED
from indicators.compute import MET, NO_TARGET, NOT_MET, Row

# Bars by status: colour, and a hatch for a missed target.
BAR_STYLES = {
    MET: {"color": GREEN, "pattern": {"shape": ""}},
    NOT_MET: {
        "color": RED,
        "pattern": {"shape": "/", "bgcolor": RED, "fgcolor": "#ffffff", "solidity": 0.25},
    },
    NO_TARGET: {"color": BLUE, "pattern": {"shape": ""}},
}


def status_bars(categories: list[str], rows: list[Row], *, horizontal: bool) -> list[dict]:
    """One bar trace per status (met, not met, no target), so the legend names each."""
    traces = []
    for status, style in BAR_STYLES.items():
        picked = [
            (category, row)
            for category, row in zip(categories, rows, strict=True)
            if row.status == status and plotted(row) is not None
        ]
        if not picked:
            continue
        names = [category for category, _row in picked]
        values = [plotted(row) for _category, row in picked]
        symbol = display.STATUSES[status].symbol
        texts = [f"{value_cell(row)} {symbol}".strip() for _category, row in picked]
        label = display.status_label(status)
        trace = {
            "type": "bar",
            "name": label,
            "marker": {"color": style["color"], "pattern": style["pattern"]},
            "text": texts,
            "textposition": "outside",
            "cliponaxis": False,
            "textfont": {"color": BLUE_DARK},
            "hovertemplate": "%{"
            + ("y" if horizontal else "x")
            + "} : %{text}<extra>"
            + label
            + "</extra>",
        }
        if horizontal:
            trace.update(orientation="h", x=values, y=names)
        else:
            trace.update(x=names, y=values)
        traces.append(trace)
    return traces


def gap_notes(categories: list[str], rows: list[Row], *, horizontal: bool) -> list[dict]:
    """``x`` or ``s.o.`` at the foot of the bars that cannot be drawn."""
    notes = []
    for category, row in zip(categories, rows, strict=True):
        if plotted(row) is not None:
            continue
        note = {"text": value_cell(row), "showarrow": False, "font": {"color": GREY_TEXT}}
        if horizontal:
            note.update(x=0, y=category, xref="x", yref="y", xanchor="left", xshift=4)
        else:
            note.update(x=category, y=0, xref="x", yref="y", yanchor="bottom", yshift=2)
        notes.append(note)
    return notes
