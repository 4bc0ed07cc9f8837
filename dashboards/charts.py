"""Charts as data: plotly figure dicts and the table that carries the same numbers.

A page shows a :class:`Chart` with::

    {% block extra_head %}{% include "dashboards/includes/_chart_assets.html" %}{% endblock %}
    ...
    {% include "dashboards/includes/_chart.html" with chart=chart %}

The figure goes out through ``json_script`` and ``static/js/charts.js`` draws it; the table one
click away (``<details>``) is the accessible path to the numbers, and opens when the page prints.

Figures hold floats of the exact values; a suppressed or not applicable value is a gap (``None``)
in the figure and ``x`` / ``s.o.`` in the table. Every label is already translated and every table
cell written the Quebec way by :mod:`dashboards.display`, the same text as on the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from dashboards import display
from indicators import registry
from indicators.compute import MET, NO_TARGET, NOT_APPLICABLE, NOT_MET, SUPPRESSED, Row
from indicators.periods import Period
from territories import formatting

# Colours of static/css/arrimage.css (:root), all at least 4.5:1 on white.
BLUE = "#095797"
BLUE_DARK = "#223654"
RED = "#cb381f"
GREEN = "#4f813d"
GREY_TEXT = "#4e5662"
GRID = "#dde1e6"

# Bars by status: colour, and a hatch for a missed target so that colour is never the only sign.
_BAR_STYLES = {
    MET: {"color": GREEN, "pattern": {"shape": ""}},
    NOT_MET: {
        "color": RED,
        "pattern": {"shape": "/", "bgcolor": RED, "fgcolor": "#ffffff", "solidity": 0.25},
    },
    NO_TARGET: {"color": BLUE, "pattern": {"shape": ""}},
}


@dataclass(frozen=True)
class Chart:
    """One chart: its figure for plotly and the table of the same numbers."""

    dom_id: str  # unique on the page, e.g. "tendance-L2_ESCAPE_RATE_PCT"
    title: str  # already translated
    figure: dict  # {"data": [...], "layout": {...}}, JSON-safe
    columns: list[str]  # table header labels (translated)
    rows: list[list[str]]  # table cells, already written the Quebec way
    summary: str = ""  # one sentence: the text alternative of the drawing

    @property
    def data_id(self) -> str:
        """The id of the ``json_script`` element holding the figure."""
        return f"{self.dom_id}-figure"


# Cells, written as the pages write them (dashboards.display)


def status_label(status: str) -> str:
    return str(display.STATUSES[status].label)


def format_value(indicator: registry.Indicator, row: Row | None) -> str:
    """The value cell of ``row`` (``x`` when suppressed, ``s.o.`` when it does not apply),
    ``—`` when there is no row."""
    return formatting.MISSING if row is None else display.format_value(row)


def format_target(indicator: registry.Indicator, target: registry.Target | None) -> str:
    return display.format_target(target, indicator)


def format_n(row: Row | None) -> str:
    return formatting.MISSING if row is None else display.format_n(row)


def _plotted(row: Row | None) -> float | None:
    """The float a figure draws for ``row``; a gap when there is nothing to show."""
    if row is None or row.value is None or row.status in (SUPPRESSED, NOT_APPLICABLE):
        return None
    return float(row.value)


def _status_cell(row: Row | None) -> str:
    return formatting.MISSING if row is None else status_label(row.status)


# Figures


def _layout(indicator: registry.Indicator, **extra) -> dict:
    value_axis = {
        "rangemode": "tozero",
        "gridcolor": GRID,
        "zerolinecolor": GREY_TEXT,
        "tickfont": {"color": BLUE_DARK},
        "fixedrange": True,
        "automargin": True,
    }
    if indicator.unit == registry.PERCENT:
        value_axis["ticksuffix"] = f"{formatting.NBSP}%"
    layout = {
        # Decimal comma, non-breaking space between thousands: 1 234,5.
        "separators": f",{formatting.NBSP}",
        "font": {
            "family": 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", '
            '"Liberation Sans", Arial, sans-serif',
            "size": 14,
            "color": BLUE_DARK,
        },
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 8, "r": 8, "t": 16, "b": 8},
        "height": 340,
        "autosize": True,
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": "#ffffff",
            "bordercolor": BLUE_DARK,
            "font": {"color": BLUE_DARK},
        },
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",  # under the tick labels, however long they are
            "y": 0,
            "yanchor": "bottom",
            "font": {"color": BLUE_DARK},
        },
        "showlegend": True,
        "value_axis": value_axis,
        "category_axis": {
            "type": "category",
            "fixedrange": True,
            "automargin": True,
            "tickfont": {"color": BLUE_DARK},
            "linecolor": GREY_TEXT,
        },
    }
    layout.update(extra)
    return layout


def _axes(layout: dict, *, horizontal: bool) -> dict:
    value_axis = layout.pop("value_axis")
    category_axis = layout.pop("category_axis")
    if horizontal:
        category_axis["autorange"] = "reversed"  # first group on top
        layout.update(xaxis=value_axis, yaxis=category_axis)
    else:
        layout.update(xaxis=category_axis, yaxis=value_axis)
    return layout


def _target_name(indicator: registry.Indicator, target: registry.Target) -> str:
    return gettext("Target: %(target)s") % {"target": format_target(indicator, target)}


@dataclass
class _TargetLayer:
    """The target drawn as one line when every point shares it, else a mark per category."""

    shapes: list[dict] = field(default_factory=list)
    traces: list[dict] = field(default_factory=list)


def _target_layer(
    indicator: registry.Indicator,
    categories: Sequence[str],
    targets: Sequence[registry.Target | None],
    *,
    horizontal: bool = False,
) -> _TargetLayer:
    layer = _TargetLayer()
    distinct = {target for target in targets if target is not None}
    if not distinct:
        return layer
    line = {"color": RED, "width": 2, "dash": "dash"}
    if len(distinct) == 1:
        (target,) = distinct
        value = float(target.value)
        shape = {
            "type": "line",
            "layer": "above",
            "line": line,
            "name": _target_name(indicator, target),
            "showlegend": True,
        }
        if horizontal:
            shape.update(xref="x", x0=value, x1=value, yref="paper", y0=0, y1=1)
        else:
            shape.update(yref="y", y0=value, y1=value, xref="paper", x0=0, x1=1)
        layer.shapes.append(shape)
        return layer
    # Targets differ (a territory's override): a mark at each category's own target.
    values = [None if target is None else float(target.value) for target in targets]
    texts = [format_target(indicator, target) for target in targets]
    trace = {
        "type": "scatter",
        "mode": "markers",
        "name": gettext("Target"),
        "marker": {
            "symbol": "line-ns" if horizontal else "line-ew",
            "size": 28,
            "line": {"color": RED, "width": 3},
        },
        "text": texts,
        "hovertemplate": "%{text}<extra></extra>",
    }
    if horizontal:
        trace.update(x=values, y=list(categories))
    else:
        trace.update(x=list(categories), y=values)
    layer.traces.append(trace)
    return layer


def _status_bars(
    indicator: registry.Indicator,
    categories: list[str],
    rows: list[Row],
    *,
    horizontal: bool,
) -> list[dict]:
    """One bar trace per status (met, not met, no target), so the legend names each."""
    traces = []
    for status, style in _BAR_STYLES.items():
        picked = [
            (category, row)
            for category, row in zip(categories, rows, strict=True)
            if row.status == status and _plotted(row) is not None
        ]
        if not picked:
            continue
        names = [category for category, _row in picked]
        values = [_plotted(row) for _category, row in picked]
        symbol = display.STATUSES[status].symbol
        texts = [f"{format_value(indicator, row)} {symbol}".strip() for _category, row in picked]
        trace = {
            "type": "bar",
            "name": status_label(status),
            "marker": {"color": style["color"], "pattern": style["pattern"]},
            "text": texts,
            "textposition": "outside",
            "cliponaxis": False,
            "textfont": {"color": BLUE_DARK},
            "hovertemplate": "%{"
            + ("y" if horizontal else "x")
            + "} : %{text}<extra>"
            + status_label(status)
            + "</extra>",
        }
        if horizontal:
            trace.update(orientation="h", x=values, y=names)
        else:
            trace.update(x=names, y=values)
        traces.append(trace)
    return traces


def _gap_notes(categories: list[str], rows: list[Row], indicator, *, horizontal: bool) -> list:
    """``x`` or ``s.o.`` at the foot of the bars that cannot be drawn."""
    notes = []
    for category, row in zip(categories, rows, strict=True):
        if _plotted(row) is not None:
            continue
        note = {
            "text": format_value(indicator, row),
            "showarrow": False,
            "font": {"color": GREY_TEXT},
        }
        if horizontal:
            note.update(x=0, y=category, xref="x", yref="y", xanchor="left", xshift=4)
        else:
            note.update(x=category, y=0, xref="x", yref="y", yanchor="bottom", yshift=2)
        notes.append(note)
    return notes


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
        "y": [_plotted(row) for row in rows],
        "text": [format_value(indicator, row) for row in rows],
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
                "y": [_plotted(row) for row in compared_rows],
                "text": [format_value(indicator, row) for row in compared_rows],
                "connectgaps": False,
                "line": {"color": BLUE_DARK, "width": 2, "dash": "dot"},
                "marker": {"color": BLUE_DARK, "size": 8, "symbol": "diamond"},
                "hovertemplate": "%{x} : %{text}<extra>" + name + "</extra>",
            }
        )
    targets = _trend_targets(indicator, rows)
    layer = _target_layer(indicator, labels, targets)
    layout = _axes(_layout(indicator, shapes=layer.shapes), horizontal=False)
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
        cells = [label, format_value(indicator, row), format_n(row)]
        if comparison is not None:
            cells.append(format_value(indicator, compared_row))
        if has_target:
            cells.append(format_target(indicator, target))
        cells.append(_status_cell(row))
        table.append(cells)

    shown = [label for label, row in zip(labels, rows, strict=True) if _plotted(row) is not None]
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
    return Chart(dom_id, title, figure, columns, table, summary)


def _trend_targets(
    indicator: registry.Indicator, rows: list[Row | None]
) -> list[registry.Target | None]:
    """Each period's target; a period without a row takes the latest target known, else the
    indicator's default."""
    known = [row.target for row in rows if row is not None and row.target is not None]
    fallback = known[-1] if known else indicator.default_target
    return [row.target if row is not None and row.target is not None else fallback for row in rows]


def _ranked(indicator: registry.Indicator, rows: Sequence[Row]) -> list[Row]:
    """Best first (lowest first when lower is better), ties by code; values not shown last."""
    sign = 1 if indicator.direction == registry.LOWER else -1
    shown = [row for row in rows if _plotted(row) is not None]
    hidden = [row for row in rows if _plotted(row) is None]
    shown.sort(key=lambda row: (sign * row.value, row.territory))
    hidden.sort(key=lambda row: row.territory)
    return shown + hidden


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
    ranked = _ranked(indicator, [row for row in rows if row.territory != "QC"])
    codes = [row.territory for row in ranked]
    layer = _target_layer(indicator, codes, [row.target for row in ranked])
    shapes = list(layer.shapes)
    province_value = _plotted(province)
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
                % {"value": format_value(indicator, province)},
                "showlegend": True,
            }
        )
    layout = _layout(
        indicator,
        shapes=shapes,
        annotations=_gap_notes(codes, ranked, indicator, horizontal=False),
        bargap=0.35,
    )
    layout["category_axis"].update(categoryorder="array", categoryarray=codes)
    layout = _axes(layout, horizontal=False)
    data = _status_bars(indicator, codes, ranked, horizontal=False) + layer.traces
    figure = {"data": data, "layout": layout}

    columns = [gettext("Territory"), gettext("Value"), gettext("n"), gettext("Target")]
    columns.append(gettext("Status"))
    table = [
        [
            row.territory,
            format_value(indicator, row),
            format_n(row),
            format_target(indicator, row.target),
            status_label(row.status),
        ]
        for row in ranked
    ]
    if province is not None:
        table.append(
            [
                gettext("Quebec (QC)"),
                format_value(indicator, province),
                format_n(province),
                format_target(indicator, province.target),
                status_label(province.status),
            ]
        )
    met = sum(1 for row in ranked if row.status == MET)
    with_target = sum(1 for row in ranked if row.status in (MET, NOT_MET))
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


def breakdown_chart(
    *,
    dom_id: str,
    title: str,
    indicator: registry.Indicator,
    groups: list[tuple[str, Row]],
) -> Chart:
    """A horizontal bar per group (a corridor, a sector pair, « Familles immigrantes »…), in the
    order given, coloured and hatched by status, with the target as a line."""
    labels = [label for label, _row in groups]
    rows = [row for _label, row in groups]
    layer = _target_layer(indicator, labels, [row.target for row in rows], horizontal=True)
    layout = _layout(
        indicator,
        shapes=layer.shapes,
        annotations=_gap_notes(labels, rows, indicator, horizontal=True),
        height=max(220, 90 + 44 * len(labels)),
        bargap=0.3,
        margin={"l": 8, "r": 56, "t": 16, "b": 8},  # room for the label of the longest bar
    )
    layout["category_axis"].update(categoryorder="array", categoryarray=labels)
    layout = _axes(layout, horizontal=True)
    data = _status_bars(indicator, labels, rows, horizontal=True) + layer.traces
    figure = {"data": data, "layout": layout}

    has_target = any(row.target is not None for row in rows)
    columns = [gettext("Group"), gettext("Value"), gettext("n")]
    if has_target:
        columns.append(gettext("Target"))
    columns.append(gettext("Status"))
    table = []
    for label, row in groups:
        cells = [label, format_value(indicator, row), format_n(row)]
        if has_target:
            cells.append(format_target(indicator, row.target))
        cells.append(status_label(row.status))
        table.append(cells)
    summary = gettext(
        "%(indicator)s for %(count)d groups. The table gives every value and its n."
    ) % {"indicator": indicator.name_fr, "count": len(labels)}
    return Chart(dom_id, title, figure, columns, table, summary)
