"""``/api/indicateurs.json`` and ``/api/indicateurs.csv``: the export's rows as JSON, or as
the export's own CSV (the bytes ``export_indicators`` writes), for Power BI and scripts
(DESIGN.md §7 and §9).

``?periode=KEY`` (default: the latest fiscal year with data) and ``&territoire=CODE`` as many
times as wanted (default: every territory the user may see). The same scope as the pages: a
territory the user may not see is answered 404, exactly like one that does not exist. Each row
has the export's English keys and values (rounded half-up to 2 decimals), typed for JSON:
``value`` a number or null, ``n`` an integer or null, ``target`` and ``status`` as the export
spells them.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards.pages import PERIOD_PARAMETER, page_period
from dashboards.territory_parameter import TerritoryNotVisible, asked_territories
from indicators import store
from indicators.export import export_rows, write_csv


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _results(request):
    """The results the request asks for, or the JSON error response saying why not."""
    if not request.user.is_authenticated:
        return None, _error(_("Log in to use the API."), 401)
    as_of = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=as_of)
    if chosen.error:
        return None, _error(chosen.error, 400)
    try:
        codes = asked_territories(request)
    except TerritoryNotVisible as error:
        message = _("No territory you may see has the code « %(code)s ».") % {"code": error.code}
        return None, _error(message, 404)
    return store.results(chosen.period, as_of=as_of, territories=codes), None


@require_GET
def indicators_csv(request):
    results, error = _results(request)
    if error is not None:
        return error
    text = io.StringIO()
    write_csv(export_rows(results), text)
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="indicateurs-{results.period.key}.csv"'
    return response


@require_GET
def indicators_json(request):
    results, error = _results(request)
    if error is not None:
        return error
    rows = [
        {
            **row,
            "value": float(Decimal(row["value"])) if row["value"] else None,
            "target": row["target"] or None,
            "n": int(row["n"]) if row["n"] else None,
        }
        for row in export_rows(results)
    ]
    return JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False})
