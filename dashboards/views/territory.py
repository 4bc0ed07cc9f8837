"""``/territoires/<code>/``: the territory's case page, and its downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from dashboards import case_page, page_sheets, spreadsheet
from dashboards.pages import PERIOD_PARAMETER, page_period
from dashboards.views.downloads import requested_format
from indicators import store
from territories.access import enters_data, get_for_user_or_404
from territories.models import GapStatus, Territory


@login_required
def territory_detail(request, code: str):
    """``/territoires/<code>/?periode=KEY``: the territory's « fiche » (``case_page``); with
    ``&format=csv|xlsx``, its indicators in French beside QC's (``page_sheets``). A bad
    ``periode`` shows the default period with a French message, status 400."""
    user = request.user
    territory = get_for_user_or_404(Territory.objects.select_related("region"), user, code=code)
    as_of = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=as_of)
    file_format, _format_error = requested_format(request)  # an unknown format shows the page
    if file_format and not chosen.error:
        results = store.results(chosen.period, as_of=as_of, territories=[territory.code])
        return spreadsheet.response(
            page_sheets.territory_sheet(results, territory.code),
            file_format=file_format,
            filename=f"arrimage-{territory.code}-{chosen.period.key}",
        )
    fiche = case_page.territory_page(
        user=user, territory=territory, period=chosen.period, as_of=as_of
    )
    context = {"page": fiche, "territory": territory, "page_period": chosen}
    context["period_parameter"] = PERIOD_PARAMETER
    context["enters_data"] = enters_data(user)  # the links to the data-entry pages
    context["gap_statuses"] = GapStatus.choices
    context["min_cell_size"] = settings.MIN_CELL_SIZE
    context.update(profile=fiche.profile, reference=fiche.reference, projects=fiche.projects)
    status = 400 if chosen.error else 200
    return render(request, "dashboards/territory_detail.html", context, status=status)
