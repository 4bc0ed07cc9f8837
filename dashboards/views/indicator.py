"""The indicator page ``/indicateurs/<code>/?periode=KEY`` (DESIGN.md section 9): what the
indicator is and how it is computed, its target, the territories ranked, their distribution
against the target, the province's trend over eight quarters; ``&format=csv|xlsx`` downloads
each territory's value in French (``page_sheets``).

Only the territories the user may see are listed (plus ``QC``); nothing here is family-level.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards import charts, display, page_sheets, spreadsheet
from dashboards.breakdown_tables import breakdown_tables
from dashboards.pages import PERIOD_PARAMETER, page_period, visible_codes
from dashboards.ranking import rank
from dashboards.views.breakdowns import INDICATOR_PARAMETER
from dashboards.views.downloads import requested_format
from indicators import formulas, registry
from indicators.breakdowns import BROKEN_DOWN, breakdowns
from indicators.compute import Results, Row
from indicators.periods import TREND_QUARTERS, Period
from indicators.selectors import borrowed_profile_years, target_overrides
from indicators.store import results_for_periods
from territories.access import sees_family_data
from territories.models import PROVINCE_CODE, Territory


@login_required
def indicator_detail(request, code: str):
    indicator = _indicator_or_404(code)
    if indicator.code != code:  # /indicateurs/l2_escape_rate_pct/ → the canonical address
        url = reverse("dashboards:indicator", args=[indicator.code])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)

    as_of = timezone.localdate()
    page = page_period(request.GET.get(PERIOD_PARAMETER), as_of=as_of)
    codes = visible_codes(request.user)
    file_format, format_error = requested_format(request)
    errors = [error for error in (page.error, format_error) if error]
    if file_format and not errors:
        results = results_for_periods([page.period], as_of=as_of, territories=codes)
        return spreadsheet.response(
            page_sheets.indicator_sheet(results[page.period.key], indicator),
            file_format=file_format,
            filename=f"arrimage-{indicator.code}-{page.period.key}",
        )

    quarters = [q for q in page.period.previous_quarters(TREND_QUARTERS) if q.start <= as_of]
    results = results_for_periods(
        list(dict.fromkeys([page.period, *quarters])), as_of=as_of, territories=codes
    )
    context = _context(request.user, indicator, page, results, quarters)
    context["errors"] = errors
    # Breakdowns read group tallies kept per territory, but the first reading of a day (or after
    # a territory's data changed) gathers the territories' tallies from the raw rows: quick for
    # one, seconds for the whole province at scale. Over several they wait until asked.
    context["breakdowns_offered"] = indicator.code in BROKEN_DOWN
    context["min_cell_size"] = settings.MIN_CELL_SIZE
    context["breakdowns_asked"] = len(codes) <= 1 or request.GET.get("ventilations") == "1"
    context["breakdowns"] = (
        breakdown_tables(
            breakdowns(
                page.period,
                as_of=as_of,
                territories=codes,
                indicator=indicator.code,
                reveal_small=sees_family_data(request.user),
            )
        )
        if context["breakdowns_asked"]
        else []
    )
    context["breakdown_download_query"] = urlencode(
        {PERIOD_PARAMETER: page.period.key, INDICATOR_PARAMETER: indicator.code}
    )
    return render(
        request, "dashboards/indicator_detail.html", context, status=400 if errors else 200
    )


def _indicator_or_404(code: str) -> registry.Indicator:
    for candidate in (code, code.upper()):
        if registry.exists(candidate):
            return registry.get(candidate)
    raise Http404(_("No indicator has this code."))


def _only(results: Results, indicator: registry.Indicator) -> Results:
    """``results`` with the rows of ``indicator`` only (the territories', then QC's)."""
    return Results(
        period=results.period,
        as_of=results.as_of,
        territories=results.territories,
        rows=[row for row in results.rows if row.indicator == indicator.code],
    )


# What the page shows


@dataclass(frozen=True)
class RankedRow:
    """One line of the ranking, written for the page."""

    rank: int | None  # None: no value to rank (suppressed, not applicable)
    row: Row
    value: str
    target: str
    own_target: bool  # the territory's own target rather than the province-wide one
    status: display.StatusStyle
    n: str
    note: str = ""  # « portrait 2023-2024 »: a profile value taken from an earlier year

    @property
    def icon(self) -> str:
        """The symbol's colour class (the words beside it say the same)."""
        return display.STATUS_ICONS.get(display.shown_status(self.row), "")


def _line(
    position: int | None, row: Row, overrides: dict, borrowed: dict | None = None
) -> RankedRow:
    year = (borrowed or {}).get(row.territory)
    return RankedRow(
        rank=position,
        row=row,
        value=display.format_value(row),
        target=display.format_target(row.target, row.definition),
        own_target=row.territory in overrides,
        status=display.style(row),
        n=display.format_n(row),
        note=_("profile %(year)s") % {"year": Period.for_fiscal_year(year).key} if year else "",
    )


def _borrowed_years(indicator, territory_rows: list[Row], period) -> dict[str, int]:
    """For a profile value, the territories whose value comes from an earlier fiscal year's
    profile, and that year (one query; none for other indicators)."""
    if not indicator.is_profile_value:
        return {}
    codes = {row.territory for row in territory_rows}
    ids = dict(Territory.objects.filter(code__in=codes).values_list("pk", "code"))
    years = borrowed_profile_years(list(ids), period.fiscal_year)
    return {ids[pk]: year for pk, year in years.items()}


def _context(user, indicator, page, results: dict[str, Results], quarters) -> dict:
    period = page.period
    current = _only(results[period.key], indicator)
    name = display.indicator_name(indicator)
    territory_rows = [row for row in current.rows if row.territory != PROVINCE_CODE]
    province = next((row for row in current.rows if row.territory == PROVINCE_CODE), None)
    overrides = target_overrides(indicator=indicator.code, user=user)
    borrowed = _borrowed_years(indicator, territory_rows, period)
    province_target = province.target if province else indicator.default_target
    trend_points = [
        (quarter, _row_or_none(results[quarter.key], PROVINCE_CODE, indicator.code))
        for quarter in quarters
    ]
    return {
        "indicator": indicator,
        "name": name,
        "lever": display.lever_name(indicator.lever),
        "formula": formulas.formula_for(indicator),
        "survey_note": formulas.survey_note(indicator),
        "unit": formulas.UNITS[indicator.unit],
        "direction": formulas.DIRECTIONS[indicator.direction],
        "province_target": display.describe_target(province_target, indicator),
        "overrides": [
            (territory, display.describe_target(target, indicator))
            for territory, target in overrides.items()
        ],
        "page": page,
        "period": period,
        "territory_count": len(territory_rows),
        "ranked": len(territory_rows) > 1,  # « rank 1 » of one says nothing
        # A chart without a single bar says nothing the ranking does not (and plotly cannot
        # place the province's line on an empty axis).
        "drawable": any(display.shows_value(row) for row in territory_rows),
        "ranking": [
            _line(position, row, overrides, borrowed)
            for position, row in rank(indicator, territory_rows)
        ],
        "province": _line(None, province, overrides) if province else None,
        "distribution": charts.distribution_chart(
            dom_id="repartition",
            title=_("%(indicator)s by territory, %(period)s")
            % {"indicator": name, "period": period.label},
            indicator=indicator,
            rows=territory_rows,
            province=province,
        ),
        "trend": charts.trend_chart(
            dom_id="tendance-quebec",
            title=_("%(indicator)s in Quebec (QC), last %(count)d quarters")
            % {"indicator": name, "count": len(quarters)},
            indicator=indicator,
            points=trend_points,
            series_label=_("Quebec (QC)"),
        ),
        "siblings": [
            (other, display.indicator_name(other))
            for other in registry.INDICATORS
            if other.lever == indicator.lever and other.code != indicator.code
        ],
        "download_query": urlencode({PERIOD_PARAMETER: period.key}),
        "period_parameter": PERIOD_PARAMETER,
    }


def _row_or_none(results: Results, territory: str, code: str) -> Row | None:
    try:
        return results.get(territory, code)
    except KeyError:
        return None
