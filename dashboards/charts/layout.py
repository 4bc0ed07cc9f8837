"""How every figure looks: the colours of the site, the Quebec number format, fonts, legend and
axes. :func:`figure_layout` gives the layout with neutral axes; :func:`place_axes` turns them into
plotly's ``xaxis`` and ``yaxis`` once the chart knows whether its bars lie down."""

from __future__ import annotations

from indicators import registry
from territories import formatting

# Colours of static/css/arrimage.css (:root), all at least 4.5:1 on white.
BLUE = "#095797"
BLUE_DARK = "#223654"
RED = "#cb381f"
GREEN = "#4f813d"
GREY_TEXT = "#4e5662"
GRID = "#dde1e6"


def figure_layout(indicator: registry.Indicator, **extra) -> dict:
    """The layout shared by every figure of ``indicator``, with ``extra`` keys on top; its axes
    are still ``value_axis`` and ``category_axis`` (see :func:`place_axes`)."""
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


def place_axes(layout: dict, *, horizontal: bool) -> dict:
    """``layout`` with its value and category axes as plotly's ``xaxis`` and ``yaxis``: values
    across when ``horizontal`` (first category on top), else up."""
    value_axis = layout.pop("value_axis")
    category_axis = layout.pop("category_axis")
    if horizontal:
        category_axis["autorange"] = "reversed"  # first group on top
        layout.update(xaxis=value_axis, yaxis=category_axis)
    else:
        layout.update(xaxis=category_axis, yaxis=value_axis)
    return layout
