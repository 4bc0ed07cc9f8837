"""``/sondages/resultats/``: the overall satisfaction item per territory and for the province
over a period, as the dashboards choose periods; small groups hidden with complementary
suppression (DESIGN.md sections 6 and 8). Every role may read it, within their scope."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.pages import PERIOD_PARAMETER, page_period
from surveys.models import SurveyKind
from surveys.results import SCORES, overall_by_territory
from territories.models import Territory


@login_required
def survey_results(request):
    as_of = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=as_of)
    kind = request.GET.get("sondage") or SurveyKind.PAP
    errors = [chosen.error] if chosen.error else []
    if kind not in SurveyKind.values:
        errors.append(_("Choose the PAPs’ survey or the families’ survey."))
        kind = SurveyKind.PAP
    period = chosen.period
    rows, province = overall_by_territory(
        kind,
        period.start,
        period.cut_at(as_of),
        Territory.objects.for_user(request.user),
    )
    context = {
        "chosen": chosen,
        "kind": kind,
        "kinds": SurveyKind.choices,
        "rows": rows,
        "province": province,
        "scores": SCORES,
        "errors": errors,
        "period_parameter": PERIOD_PARAMETER,
        "min_cell_size": settings.MIN_CELL_SIZE,
    }
    return render(request, "dashboards/survey_results.html", context, status=400 if errors else 200)
