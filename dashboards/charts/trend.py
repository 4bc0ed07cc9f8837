"""An indicator over periods: the trend of a territory (or of the province) as a line, with the
province beside it and the target as a dashed line."""

from __future__ import annotations

from django.utils.translation import gettext

from dashboards import display
from dashboards.charts.chart import Chart, n_cell, plotted, status_cell, value_cell
from dashboards.charts.layout import BLUE, BLUE_DARK, figure_layout, place_axes
from dashboards.charts.targets import target_layer
from indicators import registry
from indicators.compute import Row
from indicators.periods import Period
from territories import formatting


def trend_chart(
    *,
    dom_id: str,
    title: str,
    indicator: registry.Indicator,
    points: list[tuple[Period, Row | None]],
    comparison: list[tuple[Period, Row | None]] | None = None,
    series_label: str,
    comparison_label: str | None = None,
) -> Chart:
    """A line of ``indicator`` over ``points``' periods, with the province (``comparison``) as a
    second line and the target as a dashed line; suppressed and not applicable points are gaps."""
    labels = [period.label for period, _row in points]
    rows = [row for _period, row in points]
    compared = dict(comparison or [])
    compared_rows = [compared.get(period) for period, _row in points]

    series = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": series_label,
        "x": labels,
        "y": [plotted(row) for row in rows],
        "text": [value_cell(row) for row in rows],
        "connectgaps": False,
        "line": {"color": BLUE, "width": 3},
        "marker": {"color": BLUE, "size": 9, "symbol": "circle"},
        "hovertemplate": "%{x} : %{text}<extra>" + series_label + "</extra>",
    }
    data = [series]
    if comparison is not None:
        name = comparison_label or gettext("Quebec (QC)")
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": labels,
                "y": [plotted(row) for row in compared_rows],
                "text": [value_cell(row) for row in compared_rows],
                "connectgaps": False,
                "line": {"color": BLUE_DARK, "width": 2, "dash": "dot"},
                "marker": {"color": BLUE_DARK, "size": 8, "symbol": "diamond"},
                "hovertemplate": "%{x} : %{text}<extra>" + name + "</extra>",
            }
        )
    targets = _trend_targets(indicator, rows)
    layer = target_layer(indicator, labels, targets)
    layout = place_axes(figure_layout(indicator, shapes=layer.shapes), horizontal=False)
    figure = {"data": data + layer.traces, "layout": layout}

    columns = [gettext("Period"), series_label, gettext("n")]
    if comparison is not None:
        columns.append(comparison_label or gettext("Quebec (QC)"))
    has_target = any(target is not None for target in targets)
    if has_target:
        columns.append(gettext("Target"))
    columns.append(gettext("Status"))
    table = []
    for label, row, compared_row, target in zip(labels, rows, compared_rows, targets, strict=True):
        cells = [label, value_cell(row), n_cell(row)]
        if comparison is not None:
            cells.append(value_cell(compared_row))
        if has_target:
            cells.append(display.format_target(target, indicator))
        cells.append(status_cell(row))
        table.append(cells)

    shown = [label for label, row in zip(labels, rows, strict=True) if plotted(row) is not None]
    summary = gettext(
        "%(indicator)s for %(series)s over %(count)d periods, from %(first)s to %(last)s; "
        "%(shown)d values drawn. The table gives every value."
    ) % {
        "indicator": indicator.name_fr,
        "series": series_label,
        "count": len(labels),
        "first": labels[0] if labels else formatting.MISSING,
        "last": labels[-1] if labels else formatting.MISSING,
        "shown": len(shown),
    }
    compared_shown = [row for row in compared_rows if plotted(row) is not None]
    empty = ""
    if not shown and not compared_shown:
        empty = gettext(
            "Nothing to draw over these periods: no value stands behind any of them (no data, "
            "confidential or not applicable); the table says which, period by period."
        )
    return Chart(dom_id, title, figure, columns, table, summary, empty)


def _trend_targets(
    indicator: registry.Indicator, rows: list[Row | None]
) -> list[registry.Target | None]:
    """Each period's target; a period without a row takes the latest target known, else the
    indicator's default."""
    known = [row.target for row in rows if row is not None and row.target is not None]
    fallback = known[-1] if known else indicator.default_target
    return [row.target if row is not None and row.target is not None else fallback for row in rows]
