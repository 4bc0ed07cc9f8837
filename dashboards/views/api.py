"""``/api/indicateurs.json``: the export's rows as JSON, for Power BI and Excel (DESIGN.md §9).

``?periode=KEY`` (default: the latest fiscal year with data) and ``&territoire=CODE`` as many
times as wanted (default: every territory the user may see). The same scope as the pages: a
territory the user may not see is answered 404, exactly like one that does not exist. Each row
has the export's English keys and values (rounded half-up to 2 decimals), typed for JSON:
``value`` a number or null, ``n`` an integer or null, ``target`` and ``status`` as the export
spells them.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards.pages import PERIOD_PARAMETER, page_period
from dashboards.territory_parameter import TerritoryNotVisible, asked_territories
from indicators import store
from indicators.export import export_rows


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_GET
def indicators_json(request):
    if not request.user.is_authenticated:
        return _error(_("Log in to use the API."), 401)
    as_of = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=as_of)
    if chosen.error:
        return _error(chosen.error, 400)
    try:
        codes = asked_territories(request)
    except TerritoryNotVisible as error:
        message = _("No territory you may see has the code « %(code)s ».") % {"code": error.code}
        return _error(message, 404)
    results = store.results(chosen.period, as_of=as_of, territories=codes)
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
