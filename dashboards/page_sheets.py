"""What the territory and indicator pages and the breakdowns download (``?format=csv|xlsx``):
their tables as the screen shows them, in French (:mod:`dashboards.spreadsheet`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dashboards import display, spreadsheet
from dashboards.spreadsheet import Sheet
from indicators import registry
from indicators.breakdowns import Breakdown
from indicators.compute import SUPPRESSED, Results
from indicators.periods import Period
from territories.models import PROVINCE_CODE


def territory_sheet(results: Results, code: str) -> Sheet:
    """Every indicator of territory ``code``, lever by lever, beside the province's value."""
    sheet = Sheet(
        name=f"{code} {results.period.key}",
        headers=[
            _("Lever"),
            _("Indicator"),
            _("Unit"),
            _("Value"),
            _("Target"),
            _("Status"),
            "n",
            _("Province (QC)"),
        ],
    )
    for indicator in registry.INDICATORS:
        row = results.get(code, indicator.code)
        province = results.get(PROVINCE_CODE, indicator.code)
        sheet.rows.append(
            [
                indicator.lever,
                display.indicator_name(indicator),
                display.unit(indicator),
                *spreadsheet.row_cells(row),
                spreadsheet.value_cell(province),
            ]
        )
    return sheet


def indicator_sheet(results: Results, indicator: registry.Indicator) -> Sheet:
    """One indicator for each territory of ``results``, then the province."""
    sheet = Sheet(
        name=f"{indicator.code[:18]} {results.period.key}",
        headers=[
            _("Territory"),
            spreadsheet.header(indicator),
            _("Target"),
            _("Status"),
            "n",
        ],
    )
    for code in [*results.territories, PROVINCE_CODE]:
        sheet.rows.append([code, *spreadsheet.row_cells(results.get(code, indicator.code))])
    return sheet


def breakdowns_sheet(found: list[Breakdown], *, scope: str, period: Period) -> Sheet:
    """Every group of every breakdown, an indicator a line, as the pages' tables show them."""
    sheet = Sheet(
        name=f"{period.key} {scope}"[:31],
        headers=[
            _("Scope"),
            _("Period"),
            _("Breakdown"),
            _("Group"),
            _("Indicator"),
            _("Value"),
            _("Target"),
            _("Status"),
            "n",
        ],
    )
    for breakdown in found:
        for group in breakdown.groups:
            for code in breakdown.indicators:
                row = group.rows[code]
                cells = spreadsheet.row_cells(row)
                if row.status == SUPPRESSED:  # a small group (indicators.breakdowns.privacy)
                    cells[2] = display.small_group_label()
                sheet.rows.append(
                    [
                        scope,
                        period.key,
                        breakdown.title,
                        group.label,
                        spreadsheet.header(registry.get(code)),
                        *cells,
                    ]
                )
    return sheet
