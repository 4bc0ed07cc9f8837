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

One module per idea:

- :mod:`~dashboards.charts.chart`: the :class:`Chart` type and the cells of its table;
- :mod:`~dashboards.charts.layout`: the colours and the plotly layout every figure shares;
- :mod:`~dashboards.charts.targets`: the target, drawn as a line or a mark per category;
- :mod:`~dashboards.charts.bars`: bars coloured and hatched by status, and the gaps' notes;
- :mod:`~dashboards.charts.trend`: an indicator over periods (:func:`trend_chart`);
- :mod:`~dashboards.charts.distribution`: territories ranked (:func:`distribution_chart`);
- :mod:`~dashboards.charts.breakdown`: a breakdown's groups (:func:`breakdown_chart`).
"""

from dashboards.charts.breakdown import breakdown_chart
from dashboards.charts.chart import Chart
from dashboards.charts.distribution import distribution_chart
from dashboards.charts.trend import trend_chart

__all__ = ["Chart", "breakdown_chart", "distribution_chart", "trend_chart"]
