"""Charts as data (dashboards/charts/) and the include that embeds them.

The figures must draw the rows' exact values (floats of the Fractions), leave gaps where a value
is suppressed or not applicable, draw the target where the rows have one; the tables must read
like the pages (Quebec style). The include must carry no inline script (CSP), and the plotly.js
we serve must not need one either.
"""

import json
import re
from decimal import Decimal
from fractions import Fraction
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from dashboards import charts, display
from indicators import registry
from indicators.compute import Row
from indicators.periods import Period

NBSP = "\u00a0"
ESCAPE = registry.get("L2_ESCAPE_RATE_PCT")  # percent, < 10, lower is better
DELAY = registry.get("L2_HANDOFF_DELAY_DAYS")  # days, <= 2, lower is better
PAP_SATISFACTION = registry.get("L6_PAP_SATISFACTION")  # score, >= 4
PRESENTATIONS = registry.get("L1_PRESENTATIONS")  # count, no target
BELOW_10 = registry.Target(registry.LESS, Decimal(10))
AT_MOST_2 = registry.Target(registry.LESS_OR_EQUAL, Decimal(2))
AT_LEAST_4 = registry.Target(registry.GREATER_OR_EQUAL, Decimal(4))
NO_DATA = "no data"  # nothing behind the value (n = 0); « aucune donnée » in French


@pytest.fixture(autouse=True)
def _english():
    """Labels in their msgid language, whatever the catalogue holds; numbers stay Quebec-style."""
    with translation.override("en"):
        yield


def row(territory, indicator, value, target, n=10, status=None):
    if status is None:
        if value is None:
            status = "not_applicable"
        elif target is None:
            status = "no_target"
        else:
            status = "met" if target.is_met_by(value) else "not_met"
    return Row(territory, indicator.code, value, target, status, n)


def quarters(*keys):
    return [Period.parse(f"2024-2025-T{key}") for key in keys]


def trend(points, comparison=None, indicator=ESCAPE):
    return charts.trend_chart(
        dom_id="tendance-test",
        title="Escape rate",
        indicator=indicator,
        points=points,
        comparison=comparison,
        series_label="Territory A",
        comparison_label="Quebec (QC)" if comparison is not None else None,
    )


def shapes_named_target(figure):
    return [shape for shape in figure["layout"].get("shapes", []) if "Target" in shape["name"]]


# Cells read as on the pages (dashboards.display)


def test_cells_are_written_as_the_pages_write_them():
    (t1,) = quarters(1)
    shown = row("A", ESCAPE, Fraction(3144, 100), BELOW_10)
    chart = trend([(t1, shown)])
    assert chart.rows[0] == [
        t1.label,
        display.format_value(shown),
        display.format_n(shown),
        display.format_target(BELOW_10, ESCAPE),
        display.STATUSES["not_met"].label,
    ]
    assert chart.rows[0][1] == f"31,4{NBSP}%"
    delay = row("A", DELAY, Fraction(1964, 100), AT_MOST_2)
    assert distribution([delay]).rows[0][1] == f"19,64{NBSP}j"  # days say so


# Trend


def test_trend_draws_the_exact_values_and_leaves_gaps():
    t1, t2, t3, t4 = quarters(1, 2, 3, 4)
    points = [
        (t1, row("A", ESCAPE, Fraction(100, 3), BELOW_10)),
        (t2, row("A", ESCAPE, None, BELOW_10, n=0)),  # no family referred: no data
        (t3, None),  # no row for that period
        (t4, row("A", ESCAPE, Fraction(15, 2), BELOW_10)),
    ]
    chart = trend(points)
    series = chart.figure["data"][0]
    assert series["x"] == [t1.label, t2.label, t3.label, t4.label]
    assert series["y"] == [100 / 3, None, None, 7.5]
    assert series["connectgaps"] is False
    assert [cells[1] for cells in chart.rows] == [
        f"33,3{NBSP}%",
        NO_DATA,
        "—",
        f"7,5{NBSP}%",
    ]
    assert [cells[0] for cells in chart.rows] == [t1.label, t2.label, t3.label, t4.label]


def test_trend_suppressed_point_is_a_gap_shown_as_x():
    (t1,) = quarters(1)
    suppressed = row("A", PAP_SATISFACTION, Fraction(3), AT_LEAST_4, n=2, status="suppressed")
    chart = trend([(t1, suppressed)], indicator=PAP_SATISFACTION)
    assert chart.figure["data"][0]["y"] == [None]
    assert chart.rows[0][1] == "x"
    assert chart.rows[0][-1] == display.status_label("suppressed")


def test_a_trend_with_nothing_to_draw_says_why_instead_of_empty_axes():
    t1, t2 = quarters(1, 2)
    nothing = trend([(t1, row("A", ESCAPE, None, BELOW_10, n=0)), (t2, None)])
    assert "Nothing to draw" in nothing.empty
    assert [cells[1] for cells in nothing.rows] == ["no data", "—"]  # the table stays
    one = trend([(t1, row("A", ESCAPE, Fraction(1, 2), BELOW_10)), (t2, None)])
    assert one.empty == ""


def test_trend_compares_with_the_province_period_by_period():
    t1, t2 = quarters(1, 2)
    points = [(t1, row("A", ESCAPE, 12, BELOW_10)), (t2, row("A", ESCAPE, 8, BELOW_10))]
    comparison = [(t2, row("QC", ESCAPE, Fraction(91, 10), BELOW_10))]  # T1 missing for QC
    chart = trend(points, comparison)
    province = chart.figure["data"][1]
    assert province["name"] == "Quebec (QC)"
    assert province["y"] == [None, 9.1]
    assert chart.columns == ["Period", "Territory A", "n", "Quebec (QC)", "Target", "Status"]
    assert chart.rows[1] == [
        t2.label,
        f"8,0{NBSP}%",
        "10",
        f"9,1{NBSP}%",
        display.format_target(BELOW_10, ESCAPE),
        "Target met",
    ]
    assert chart.rows[0][-1] == "Target not met"


def test_trend_draws_one_target_line_at_the_target():
    t1, t2 = quarters(1, 2)
    chart = trend([(t1, row("A", DELAY, 3, AT_MOST_2)), (t2, None)], indicator=DELAY)
    (line,) = shapes_named_target(chart.figure)
    assert (line["y0"], line["y1"], line["yref"]) == (2.0, 2.0, "y")
    assert (line["x0"], line["x1"], line["xref"]) == (0, 1, "paper")
    assert chart.rows[1][-2] == display.format_target(
        AT_MOST_2, DELAY
    )  # the period without a row shows the target in force


def test_trend_without_a_target_has_no_target_line_nor_column():
    t1, t2 = quarters(1, 2)
    points = [(t1, row("A", PRESENTATIONS, 3, None)), (t2, row("A", PRESENTATIONS, 5, None))]
    chart = trend(points, indicator=PRESENTATIONS)
    assert shapes_named_target(chart.figure) == []
    assert chart.figure["data"][0]["y"] == [3.0, 5.0]
    assert chart.columns == ["Period", "Territory A", "n", "Status"]
    assert chart.rows[0] == [t1.label, "3", "10", "No target"]


# Distribution


def distribution(rows, province=None, indicator=DELAY):
    return charts.distribution_chart(
        dom_id="distribution-test",
        title="Mean handoff delay by territory",
        indicator=indicator,
        rows=rows,
        province=province,
    )


def test_distribution_ranks_best_first_and_splits_bars_by_status():
    rows = [
        row("A", DELAY, Fraction(5, 2), AT_MOST_2),
        row("B", DELAY, Fraction(3, 2), AT_MOST_2),
        row("C", DELAY, Fraction(2), AT_MOST_2),
        row("D", DELAY, None, AT_MOST_2, n=0),
    ]
    chart = distribution(rows, province=row("QC", DELAY, Fraction(261, 100), AT_MOST_2))
    figure = chart.figure
    assert figure["layout"]["xaxis"]["categoryarray"] == ["B", "C", "A", "D"]
    bars = {trace["name"]: trace for trace in figure["data"] if trace["type"] == "bar"}
    assert bars["Target met"]["x"] == ["B", "C"]
    assert bars["Target met"]["y"] == [1.5, 2.0]
    assert bars["Target not met"]["x"] == ["A"]
    assert bars["Target not met"]["y"] == [2.5]
    # Colour is not the only sign: a missed target is hatched, and each bar is labelled.
    assert bars["Target not met"]["marker"]["pattern"]["shape"] == "/"
    assert bars["Target met"]["marker"]["pattern"]["shape"] == ""
    assert bars["Target not met"]["text"] == [f"2,50{NBSP}j ✗"]
    assert bars["Target met"]["text"] == [f"1,50{NBSP}j ✓", f"2,00{NBSP}j ✓"]
    (line,) = shapes_named_target(figure)
    assert line["y0"] == line["y1"] == 2.0
    (province,) = [s for s in figure["layout"]["shapes"] if s["name"].startswith("Quebec")]
    assert province["y0"] == province["y1"] == 2.61
    # D has no bar: its mark sits at the foot of the axis.
    notes = [(note["x"], note["text"]) for note in figure["layout"]["annotations"]]
    assert notes == [("D", NO_DATA)]
    assert [cells[:3] for cells in chart.rows] == [
        ["B", f"1,50{NBSP}j", "10"],
        ["C", f"2,00{NBSP}j", "10"],
        ["A", f"2,50{NBSP}j", "10"],
        ["D", NO_DATA, "0"],
        ["Quebec (QC)", f"2,61{NBSP}j", "10"],
    ]


def test_distribution_ranks_highest_first_when_higher_is_better():
    rows = [
        row("A", PAP_SATISFACTION, Fraction(7, 2), AT_LEAST_4),
        row("B", PAP_SATISFACTION, Fraction(9, 2), AT_LEAST_4),
        row("C", PAP_SATISFACTION, None, AT_LEAST_4, n=2, status="suppressed"),
    ]
    chart = distribution(rows, indicator=PAP_SATISFACTION)
    assert chart.figure["layout"]["xaxis"]["categoryarray"] == ["B", "A", "C"]
    assert chart.rows[2][:2] == ["C", "x"]


def test_distribution_marks_each_territory_target_when_overrides_differ():
    one = registry.Target(registry.LESS_OR_EQUAL, Decimal(1))
    rows = [row("A", DELAY, 1, one), row("B", DELAY, 3, AT_MOST_2)]
    chart = distribution(rows)
    assert shapes_named_target(chart.figure) == []
    (marks,) = [trace for trace in chart.figure["data"] if trace["name"] == "Target"]
    assert dict(zip(marks["x"], marks["y"], strict=True)) == {"A": 1.0, "B": 2.0}
    assert [cells[3] for cells in chart.rows] == [
        display.format_target(one, DELAY),
        display.format_target(AT_MOST_2, DELAY),
    ]


# Breakdown


def test_breakdown_draws_horizontal_bars_in_order_with_n_in_the_table():
    groups = [
        ("MFA → MSSS", row("A", PAP_SATISFACTION, Fraction(21, 5), AT_LEAST_4, n=12)),
        ("MSSS → MEQ", row("A", PAP_SATISFACTION, Fraction(7, 2), AT_LEAST_4, n=8)),
        ("Familles immigrantes", row("A", PAP_SATISFACTION, None, AT_LEAST_4, 2, "suppressed")),
    ]
    chart = charts.breakdown_chart(
        dom_id="repartition-test", title="By corridor", indicator=PAP_SATISFACTION, groups=groups
    )
    figure = chart.figure
    assert figure["layout"]["yaxis"]["categoryarray"] == [label for label, _row in groups]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"
    bars = {trace["name"]: trace for trace in figure["data"] if trace["type"] == "bar"}
    assert bars["Target met"]["orientation"] == "h"
    assert (bars["Target met"]["y"], bars["Target met"]["x"]) == (["MFA → MSSS"], [4.2])
    assert (bars["Target not met"]["y"], bars["Target not met"]["x"]) == (["MSSS → MEQ"], [3.5])
    (line,) = shapes_named_target(figure)
    assert (line["x0"], line["x1"], line["xref"]) == (4.0, 4.0, "x")
    assert chart.columns == ["Group", "Value", "n", "Target", "Status"]
    at_least_4 = display.format_target(AT_LEAST_4, PAP_SATISFACTION)
    assert chart.rows == [
        ["MFA → MSSS", "4,20", "12", at_least_4, "Target met"],
        ["MSSS → MEQ", "3,50", "8", at_least_4, "Target not met"],
        ["Familles immigrantes", "x", "2", at_least_4, display.status_label("suppressed")],
    ]


def test_figures_are_strict_json():
    (t1,) = quarters(1)
    figures = [
        trend([(t1, row("A", ESCAPE, Fraction(1, 3), BELOW_10))]).figure,
        distribution([row("A", DELAY, None, AT_MOST_2, n=0)]).figure,
    ]
    for figure in figures:
        assert json.loads(json.dumps(figure, allow_nan=False)) == figure


def test_french_number_separators_in_the_layout():
    (t1,) = quarters(1)
    layout = trend([(t1, row("A", ESCAPE, 5, BELOW_10))]).figure["layout"]
    assert layout["separators"] == f",{NBSP}"
    assert layout["yaxis"]["ticksuffix"] == f"{NBSP}%"


# The include


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []  # (tag, attributes)
        self.scripts = []  # (attributes, text)
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script = [attributes, ""]

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None

    def find(self, tag, **wanted):
        return [
            attributes
            for name, attributes in self.elements
            if name == tag and all(attributes.get(k) == v for k, v in wanted.items())
        ]


def test_include_embeds_the_figure_as_data_beside_its_container_and_table():
    t1, t2 = quarters(1, 2)
    chart = trend(
        [(t1, row("A", ESCAPE, Fraction(157, 5), BELOW_10)), (t2, None)],
        comparison=[(t1, row("QC", ESCAPE, 20, BELOW_10))],
    )
    html = render_to_string("dashboards/includes/_chart.html", {"chart": chart})
    markup = _Markup()
    markup.feed(html)

    # The only script is json_script's data, and it holds the figure.
    ((attributes, text),) = markup.scripts
    assert attributes == {"id": chart.data_id, "type": "application/json"}
    assert json.loads(text) == chart.figure

    (container,) = markup.find("div", id=chart.dom_id)
    assert container["data-chart"] == chart.data_id
    assert container["role"] == "img"
    assert container["aria-label"] == chart.title
    assert markup.find("span", id=container["aria-describedby"])

    assert markup.find("figure")
    assert markup.find("details")
    (summary,) = re.findall(r"<summary>(.*?)</summary>", html)
    assert unescape(summary) == "Show the chart's data"
    assert len(markup.find("th", scope="col")) == len(chart.columns)
    assert len(markup.find("th", scope="row")) == len(chart.rows)
    assert f'<caption id="{chart.dom_id}-caption">' in html
    assert f'<td class="text-end">31,4{NBSP}%</td>' in html


def test_include_escapes_labels():
    (t1,) = quarters(1)
    chart = charts.trend_chart(
        dom_id="tendance-x",
        title="<b>Title</b>",
        indicator=ESCAPE,
        points=[(t1, row("A", ESCAPE, 5, BELOW_10))],
        series_label="</script><script>alert(1)</script>",
    )
    html = render_to_string("dashboards/includes/_chart.html", {"chart": chart})
    markup = _Markup()
    markup.feed(html)
    assert len(markup.scripts) == 1
    assert "<b>Title</b>" not in html


# The plotly.js we serve


def _plotly_source():
    path = finders.find("vendor/plotly/plotly.min.js")
    assert path, "vendor/plotly/plotly.min.js is not among the static files"
    return Path(path).read_text(encoding="utf-8")


def test_assets_load_plotly_and_charts_from_our_static_files_with_defer():
    html = render_to_string("dashboards/includes/_chart_assets.html")
    markup = _Markup()
    markup.feed(html)
    sources = [attributes["src"] for attributes, _text in markup.scripts]
    assert sources == ["/static/vendor/plotly/plotly.min.js", "/static/js/charts.js"]
    assert all("defer" in attributes for attributes, _text in markup.scripts)
    assert all(text.strip() == "" for _attributes, text in markup.scripts)
    assert finders.find("js/charts.js")


def test_plotly_finds_our_stylesheet_instead_of_injecting_styles():
    """plotly.js injects <style> elements (blocked by our CSP) unless the page has elements with
    the ids it looks for: ours must be the ids this plotly.js looks for."""
    source = _plotly_source()
    html = render_to_string("dashboards/includes/_chart_assets.html")
    markup = _Markup()
    markup.feed(html)
    (link,) = markup.find("link", id="plotly.js-style-global")
    assert "no-inline-styles" in link["class"].split()
    assert link["href"] == "/static/vendor/plotly/plotly.css"
    assert '"plotly.js-style-"+' in source and ".no-inline-styles" in source
    injected_ids = set(re.findall(r'getElementById\("([0-9a-f]{64})"\)', source))
    assert injected_ids
    for injected_id in injected_ids:
        assert any(attributes.get("id") == injected_id for _tag, attributes in markup.elements)


def test_plotly_css_holds_every_rule_plotly_would_inject():
    source = _plotly_source()
    rules = re.search(r'=(\{"X,X div":.*?\});for\(', source).group(1)
    pairs = re.findall(r"""(["'])((?:(?!\1).)*)\1:(["'])((?:(?!\3).)*)\3""", rules)
    assert len(pairs) > 50
    css = Path(finders.find("vendor/plotly/plotly.css")).read_text(encoding="utf-8")
    for _quote, selector, _quote2, declarations in pairs:
        selector = re.sub(r"^,", " ,", selector)
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        body = "".join(f"  {d};\n" for d in declarations.split(";") if d.strip())
        assert f"{selector} {{\n{body}}}\n" in css, selector
