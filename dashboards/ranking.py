"""Territories ranked on an indicator, as the indicator page lists them and its distribution
chart draws them. No query here."""

from __future__ import annotations

from dashboards.display import shows_value
from indicators import registry
from indicators.compute import Row


def rank(indicator: registry.Indicator, rows: list[Row]) -> list[tuple[int | None, Row]]:
    """``rows`` best first: ascending when lower is better, else descending, ties by code and
    sharing a rank (1, 2, 2, 4); suppressed and not applicable rows last, by code, unranked."""
    shown = [row for row in rows if shows_value(row)]
    hidden = sorted((row for row in rows if not shows_value(row)), key=lambda row: row.territory)
    sign = 1 if indicator.direction == registry.LOWER else -1
    shown.sort(key=lambda row: (sign * row.value, row.territory))
    ranked: list[tuple[int | None, Row]] = []
    for position, row in enumerate(shown, start=1):
        tied = ranked and ranked[-1][1].value == row.value
        ranked.append((ranked[-1][0] if tied else position, row))
    return ranked + [(None, row) for row in hidden]
