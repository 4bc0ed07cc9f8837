"""How a page shows a breakdown (:class:`indicators.breakdowns.Breakdown`): a table whose cells
are already written the Quebec way, and a chart of its headline indicator. No query here."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards import display
from dashboards.charts import Chart, breakdown_chart
from indicators import registry
from indicators.breakdowns import Breakdown, Group
from indicators.compute import SUPPRESSED, Row

# The indicator a breakdown's chart shows when it has several: escapes are what the report
# worries about most for referrals; supervision for staffing.
HEADLINES = ("L2_ESCAPE_RATE_PCT", "L3_SUPERVISION_HOURS_PER_PAP_MONTH")


@dataclass(frozen=True)
class Cell:
    """One value of the breakdown's table, written for the page."""

    value: str
    n: str
    status: str  # the status code: met, not_met…
    status_label: str
    symbol: str
    icon: str  # the symbol's colour class, where the status has one (display.STATUS_ICONS)


@dataclass(frozen=True)
class TableRow:
    key: str
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Column:
    code: str
    name: str
    target: str  # « ≤ 2 » when every group shares the target, else empty (see the cells)


@dataclass(frozen=True)
class BreakdownTable:
    """A breakdown as a page shows it: its dimension, title and groups, the columns of its table,
    a row per group, and a chart."""

    breakdown: Breakdown

    @property
    def dimension(self) -> str:
        return self.breakdown.dimension

    @property
    def title(self) -> str:
        return self.breakdown.title

    @property
    def indicators(self) -> list[str]:
        return self.breakdown.indicators

    @property
    def groups(self) -> list[Group]:
        return self.breakdown.groups

    @property
    def dom_id(self) -> str:
        return f"ventilation-{self.dimension}"

    @property
    def columns(self) -> list[Column]:
        columns = []
        for code in self.indicators:
            indicator = registry.get(code)
            targets = {group.rows[code].target for group in self.groups}
            shared = targets.pop() if len(targets) == 1 else None
            columns.append(
                Column(
                    code,
                    display.indicator_name(indicator),
                    "" if shared is None else display.format_target(shared, indicator),
                )
            )
        return columns

    @property
    def table(self) -> list[TableRow]:
        """A row per group, a cell per indicator."""
        return [
            TableRow(group.key, group.label, [_cell(group.rows[code]) for code in self.indicators])
            for group in self.groups
        ]

    @property
    def chart(self) -> Chart | None:
        """Bars of the headline indicator per group, when at least two groups have a value
        (one bar says no more than the table)."""
        code = next((c for c in HEADLINES if c in self.indicators), self.indicators[0])
        shown = [group for group in self.groups if display.shows_value(group.rows[code])]
        if len(shown) < 2:
            return None
        indicator = registry.get(code)
        return breakdown_chart(
            dom_id=f"{self.dom_id}-{code.lower().replace('_', '-')}",
            title=f"{display.indicator_name(indicator)} — {self.title}",
            indicator=indicator,
            groups=[(_chart_label(group), group.rows[code]) for group in self.groups],
        )


def _chart_label(group: Group) -> str:
    """A corridor's or a sector's code alone (the table beside gives the full label): long
    labels would leave the bars no room on a phone."""
    kind, _sep, code = group.key.partition(":")
    return code if kind in ("corridor", "sector") else group.label


def _cell(row: Row) -> Cell:
    style = display.style(row)
    hidden = row.status == SUPPRESSED
    return Cell(
        value=display.format_value(row),
        n=display.format_n(row),
        status=display.shown_status(row),
        status_label=display.small_group_label() if hidden else str(style.label),
        symbol=style.symbol,
        icon=display.STATUS_ICONS.get(display.shown_status(row), ""),
    )


def breakdown_tables(breakdowns: list[Breakdown]) -> list[BreakdownTable]:
    return [BreakdownTable(breakdown) for breakdown in breakdowns]
