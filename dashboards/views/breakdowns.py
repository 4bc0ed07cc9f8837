"""The breakdowns' download: ``/indicateurs/ventilations.<csv|xlsx>?periode=KEY``, with
``territoire=CODE`` (repeatable; default: every territory the user sees) and ``indicateur=CODE``
(only that indicator's breakdowns). Aggregates only, so every role may download its scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards import page_sheets, spreadsheet
from dashboards.pages import PERIOD_PARAMETER, page_period
from dashboards.territory_parameter import asked_territories
from indicators import breakdowns as breakdown_data
from indicators import registry
from indicators.export import FORMATS
from territories.access import sees_family_data

INDICATOR_PARAMETER = "indicateur"


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@login_required
def download(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        return _bad_request(
            _("Unknown format “%(format)s”: use csv or xlsx.") % {"format": file_format[:20]}
        )
    as_of = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=as_of)
    if chosen.error:
        return _bad_request(chosen.error)
    indicator = request.GET.get(INDICATOR_PARAMETER) or None
    if indicator is not None and not registry.exists(indicator):
        return _bad_request(_("Unknown indicator “%(code)s”.") % {"code": indicator[:40]})
    territories = asked_territories(request)
    if not territories:  # a user without territory has none to download
        raise Http404

    found = breakdown_data.breakdowns(
        chosen.period,
        as_of=as_of,
        territories=territories,
        indicator=indicator,
        reveal_small=sees_family_data(request.user),
    )
    scope = breakdown_data.scope_label(territories)
    return spreadsheet.response(
        page_sheets.breakdowns_sheet(found, scope=scope, period=chosen.period),
        file_format=file_format,
        filename=f"ventilations-{chosen.period.key}-{scope}",
    )
