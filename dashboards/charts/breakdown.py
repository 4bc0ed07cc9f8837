"""A breakdown's groups (a corridor, a sector pair, « Familles immigrantes »…) as horizontal bars
against the target."""

from __future__ import annotations

from django.utils.translation import gettext

from dashboards import display
from dashboards.charts.bars import gap_notes, status_bars
from dashboards.charts.chart import Chart
from dashboards.charts.layout import figure_layout, place_axes
from dashboards.charts.targets import target_layer
from indicators import registry
from indicators.compute import Row


def breakdown_chart(
    *,
    dom_id: str,
    title: str,
    indicator: registry.Indicator,
    groups: list[tuple[str, Row]],
) -> Chart:
    """A horizontal bar per group, in the order given, coloured and hatched by status, with the
    target as a line."""
    labels = [label for label, _row in groups]
    rows = [row for _label, row in groups]
    layer = target_layer(indicator, labels, [row.target for row in rows], horizontal=True)
    layout = figure_layout(
        indicator,
        shapes=layer.shapes,
        annotations=gap_notes(labels, rows, horizontal=True),
        height=max(220, 90 + 44 * len(labels)),
        bargap=0.3,
        margin={"l": 8, "r": 56, "t": 16, "b": 8},  # room for the label of the longest bar
    )
    layout["category_axis"].update(categoryorder="array", categoryarray=labels)
    layout = place_axes(layout, horizontal=True)
    data = status_bars(labels, rows, horizontal=True) + layer.traces
    figure = {"data": data, "layout": layout}

    has_target = any(row.target is not None for row in rows)
    columns = [gettext("Group"), gettext("Value"), gettext("n")]
    if has_target:
        columns.append(gettext("Target"))
    columns.append(gettext("Status"))
    table = []
    for label, row in groups:
        cells = [label, display.format_value(row), display.format_n(row)]
        if has_target:
            cells.append(display.format_target(row.target, indicator))
        cells.append(display.status_label(display.shown_status(row)))
        table.append(cells)
    summary = gettext(
        "%(indicator)s for %(count)d groups. The table gives every value and its n."
    ) % {"indicator": indicator.name_fr, "count": len(labels)}
    return Chart(dom_id, title, figure, columns, table, summary)
