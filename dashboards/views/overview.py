"""``/tableau-de-bord/``: the province overview (DESIGN.md section 9)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from dashboards import exceptions, spreadsheet
from dashboards import overview as table
from dashboards.pages import PERIOD_PARAMETER, page_period
from dashboards.views.downloads import requested_format
from indicators import store
from indicators.selectors import borrowed_profile_years
from territories.access import sees_family_data
from territories.models import Region, Sector


@login_required
def overview(request):
    as_of = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=as_of)
    regions, sectors = list(Region.objects.all()), list(Sector.objects.filter(has_pap=True))
    filters = table.parse_filters(request.GET, regions=regions, sectors=sectors)
    territories = table.overview_territories(
        request.user, filters=filters, period=chosen.period, as_of=as_of
    )
    codes = [territory.code for territory in territories]
    previous = chosen.period.previous
    periods = [chosen.period] if previous is None else [chosen.period, previous]
    found = store.results_for_periods(periods, as_of=as_of, territories=codes)
    results = found[chosen.period.key]
    before = None if previous is None else found[previous.key]
    missed = exceptions.missed_targets(results, before, codes)
    file_format, format_error = requested_format(request)
    levers = table.lever_columns()
    years = borrowed_profile_years([t.pk for t in territories], chosen.period.fiscal_year)
    lines, province = table.overview_lines(
        results,
        territories=territories,
        levers=levers,
        filters=filters,
        missed=missed,
        borrowed={t.code: years[t.pk] for t in territories if t.pk in years},
    )
    if file_format and not (chosen.error or filters.errors or format_error):
        sheet = table.overview_sheet(lines, province, levers, chosen.period)
        return spreadsheet.response(
            sheet, file_format=file_format, filename=f"tableau-de-bord-{chosen.period.key}"
        )
    download = request.GET.copy()
    download.pop("format", None)
    errors = [error for error in (chosen.error, *filters.errors, format_error) if error]
    context = {
        "heading": table.heading(request.user),
        "watched": exceptions.watch_list(
            results,
            codes,
            period=chosen.period,
            as_of=as_of,
            reveal_small=sees_family_data(request.user),
        ),
        "previous": previous,
        "missed_sort": table.MISSED_SORT,
        "chosen": chosen,
        "filters": filters,
        "regions": regions,
        "sectors": sectors,
        "milieus": table.Milieu.choices,
        "levers": levers,
        "lines": lines,
        "province": province,
        "legend": table.target_legend(results, levers),
        "province_legend": table.province_legend(levers),
        "lever_tables": table.lever_tables(lines, province, levers),
        "errors": errors,
        "download_query": download.urlencode(),
        "period_parameter": PERIOD_PARAMETER,
        "min_cell_size": settings.MIN_CELL_SIZE,
    }
    return render(request, "dashboards/overview.html", context, status=400 if errors else 200)
