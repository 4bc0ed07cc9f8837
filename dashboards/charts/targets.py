"""The target in a figure: one dashed line when every category shares it, else a mark at each
category's own target (a territory's override)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from dashboards import display
from dashboards.charts.layout import RED
from indicators import registry


@dataclass
class TargetLayer:
    """What the target adds to a figure: layout shapes (the line) or traces (the marks)."""

    shapes: list[dict] = field(default_factory=list)
    traces: list[dict] = field(default_factory=list)


def target_layer(
    indicator: registry.Indicator,
    categories: Sequence[str],
    targets: Sequence[registry.Target | None],
    *,
    horizontal: bool = False,
) -> TargetLayer:
    """The target of each of ``categories``; nothing when none has a target."""
    layer = TargetLayer()
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
            "name": gettext("Target: %(target)s")
            % {"target": display.format_target(target, indicator)},
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
    texts = [display.format_target(target, indicator) for target in targets]
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
