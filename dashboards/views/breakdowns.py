"""The breakdowns' download: ``/indicateurs/ventilations.<csv|xlsx>?periode=KEY``, with
``territoire=CODE`` (repeatable; default: every territory the user sees) and ``indicateur=CODE``
(only that indicator's breakdowns). Aggregates only, so every role may download its scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.pages import PERIOD_PARAMETER, page_period, visible_codes
from dashboards.views.downloads import file_response
from indicators import breakdowns as breakdown_data
from indicators import registry
from indicators.export import FORMATS

TERRITORY_PARAMETER = "territoire"
INDICATOR_PARAMETER = "indicateur"


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@login_required
def download(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        return _bad_request(
            _("Unknown format “%(format)s”: use csv or xlsx.") % {"format": file_format[:20]}
        )
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=timezone.localdate())
    if chosen.error:
        return _bad_request(chosen.error)
    indicator = request.GET.get(INDICATOR_PARAMETER) or None
    if indicator is not None and not registry.exists(indicator):
        return _bad_request(_("Unknown indicator “%(code)s”.") % {"code": indicator[:40]})
    territories = _territories(request)

    found = breakdown_data.breakdowns(
        chosen.period, as_of=timezone.localdate(), territories=territories, indicator=indicator
    )
    rows = breakdown_data.export_breakdown_rows(
        found, period=chosen.period, territories=territories
    )
    scope = rows[0]["scope"] if rows else breakdown_data.scope_label(territories)
    return file_response(
        rows,
        columns=breakdown_data.COLUMNS,
        file_format=file_format,
        sheet=chosen.period.key,
        filename=f"ventilations-{chosen.period.key}-{scope}.{file_format}",
    )


def _territories(request: HttpRequest) -> list[str]:
    """The codes asked for, each one the user may see (else 404); none asked: all they see."""
    visible = {code.casefold(): code for code in visible_codes(request.user)}
    if not visible:
        raise Http404
    asked = [code.strip() for code in request.GET.getlist(TERRITORY_PARAMETER) if code.strip()]
    if not asked:
        return sorted(visible.values())
    missing = [code for code in asked if code.casefold() not in visible]
    if missing:
        raise Http404
    return sorted({visible[code.casefold()] for code in asked})
