"""An indicator across territories: a bar per territory, best first, against the target and the
province (the indicator page's distribution)."""

from __future__ import annotations

from django.utils.translation import gettext

from dashboards import display
from dashboards.charts.bars import gap_notes, status_bars
from dashboards.charts.chart import Chart, plotted
from dashboards.charts.layout import BLUE_DARK, figure_layout, place_axes
from dashboards.charts.targets import target_layer
from dashboards.ranking import rank
from indicators import registry
from indicators.compute import MET, NOT_MET, Row
from territories.models import PROVINCE_CODE


def distribution_chart(
    *,
    dom_id: str,
    title: str,
    indicator: registry.Indicator,
    rows: list[Row],
    province: Row | None,
) -> Chart:
    """A bar per territory, best first, coloured and hatched by status, with the target and the
    province (``QC``) as lines."""
    territories = [row for row in rows if row.territory != PROVINCE_CODE]
    ranked = [row for _rank, row in rank(indicator, territories)]
    codes = [row.territory for row in ranked]
    layer = target_layer(indicator, codes, [row.target for row in ranked])
    shapes = list(layer.shapes)
    province_value = plotted(province)
    if province_value is not None:
        shapes.append(
            {
                "type": "line",
                "layer": "above",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": province_value,
                "y1": province_value,
                "line": {"color": BLUE_DARK, "width": 2, "dash": "dot"},
                "name": gettext("Quebec (QC): %(value)s")
                % {"value": display.format_value(province)},
                "showlegend": True,
            }
        )
    layout = figure_layout(
        indicator,
        shapes=shapes,
        annotations=gap_notes(codes, ranked, horizontal=False),
        bargap=0.35,
    )
    layout["category_axis"].update(categoryorder="array", categoryarray=codes)
    layout = place_axes(layout, horizontal=False)
    data = status_bars(codes, ranked, horizontal=False) + layer.traces
    figure = {"data": data, "layout": layout}

    columns = [gettext("Territory"), gettext("Value"), gettext("n"), gettext("Target")]
    columns.append(gettext("Status"))
    table = [_table_row(row.territory, indicator, row) for row in ranked]
    if province is not None:
        table.append(_table_row(gettext("Quebec (QC)"), indicator, province))
    met = sum(1 for row in ranked if display.shown_status(row) == MET)
    with_target = sum(1 for row in ranked if display.shown_status(row) in (MET, NOT_MET))
    summary = gettext(
        "%(indicator)s by territory, %(count)d territories; %(met)d of %(with_target)d with a "
        "target meet it. The table gives every value."
    ) % {
        "indicator": indicator.name_fr,
        "count": len(ranked),
        "met": met,
        "with_target": with_target,
    }
    return Chart(dom_id, title, figure, columns, table, summary)


def _table_row(label: str, indicator: registry.Indicator, row: Row) -> list[str]:
    return [
        label,
        display.format_value(row),
        display.format_n(row),
        display.format_target(row.target, indicator),
        display.status_label(display.shown_status(row)),
    ]
