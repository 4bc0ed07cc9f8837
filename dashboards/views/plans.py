"""The territorial action plans (issue 15).

- ``/territoires/<code>/plan/?periode=KEY``: the plan of the fiscal year of ``KEY`` — what the
  territory answers (triggered priorities, missed targets), the actions, the progress. Anyone
  who sees the territory reads it; coordinators of the territory and administrators edit.
- ``…/plan/actions/nouvelle/`` and ``…/plan/actions/<id>/``: an action's form (404 for others).
- ``/plans-d-action/?periode=KEY``: the province view — what no action answers, the actions
  overdue, the most frequent service gaps (counts only). Advisors and administrators see every
  territory, coordinators their own; PAPs get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards import plan_page
from dashboards.pages import PERIOD_PARAMETER, PagePeriod, page_period
from dashboards.plan_forms import ActionForm
from indicators import plans, store
from indicators.models import PlanAction
from indicators.periods import Period
from referrals.models import Corridor
from territories.access import (
    enters_data,
    get_for_user_or_404,
    oversees_plans,
    territory_for_data_entry_or_404,
)
from territories.models import Organization, ServiceGap, Territory
from territories.project_forms import add_service_errors

SUBJECT_PARAMETER = "sujet"


def fiscal_year(chosen: PagePeriod) -> Period:
    """The fiscal year of the period asked for (the plans are yearly)."""
    return Period.for_fiscal_year(chosen.period.fiscal_year)


def fiscal_years(chosen: PagePeriod, shown: Period) -> list[Period]:
    """The fiscal years the period picker offers, with the one shown."""
    years = {p for group in chosen.groups for p in group.periods if p.months == 12}
    return sorted(years | {shown}, key=lambda p: p.start, reverse=True)


def plan_url(territory: Territory, period: Period) -> str:
    return f"{reverse('dashboards:plan', args=[territory.code])}?{PERIOD_PARAMETER}={period.key}"


@login_required
def plan(request, code: str):
    user = request.user
    territory = get_for_user_or_404(Territory, user, code=code)
    today = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=today)
    period = fiscal_year(chosen)
    territory_plan = plans.plan_of(territory, period, as_of=today)
    context = {
        "territory": territory,
        "period": period,
        "page_period": chosen,
        "period_parameter": PERIOD_PARAMETER,
        "plan": territory_plan,
        "sections": plan_page.subject_sections(territory_plan, today),
        "others": plan_page.action_lines(territory_plan.others, today),
        "progress": territory_plan.progress,
        "progress_lines": plan_page.progress_lines(territory_plan.progress),
        "edits": enters_data(user),
        "subject_parameter": SUBJECT_PARAMETER,
        "years": fiscal_years(chosen, period),
    }
    return render(request, "dashboards/plan.html", context, status=400 if chosen.error else 200)


@login_required
def action_edit(request, code: str, pk: int | None = None):
    user = request.user
    territory = territory_for_data_entry_or_404(user, code)
    today = timezone.localdate()
    action = None
    if pk is not None:
        action = get_for_user_or_404(PlanAction.objects.filter(territory=territory), user, pk=pk)
        period = Period.for_fiscal_year(action.fiscal_year)
    else:
        chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=today)
        if chosen.error:
            raise Http404
        period = fiscal_year(chosen)
    # The subjects only: not the plan's progress, which computes a past day.
    results = store.results(period, as_of=today, territories=[territory.code])
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial_values(action, request.GET.get(SUBJECT_PARAMETER, ""), today),
        subjects=plan_page.subject_choices(plans.subjects_of(results, territory.code), action),
        organizations=Organization.objects.for_user(user).filter(territory=territory),
        corridors=Corridor.objects.for_user(user).filter(territory=territory),
        gaps=ServiceGap.objects.for_user(user).filter(territory=territory),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_action(
                actor=user,
                territory=territory,
                fiscal_year=period.fiscal_year,
                action=action,
                today=today,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action is saved in the plan."))
            return redirect(plan_url(territory, period))
    context = {
        "territory": territory,
        "period": period,
        "action": action,
        "form": form,
        "back": plan_url(territory, period),
    }
    return render(request, "dashboards/action_form.html", context)


def initial_values(action: PlanAction | None, subject: str, today) -> dict:
    if action is None:
        return {"subject": subject, "due_on": plans.default_due(today)}
    return {
        "subject": action.subject_key,
        "title": action.title,
        "sectors": list(action.sectors.all()),
        "lead": action.lead,
        "due_on": action.due_on,
        "status": action.status,
        "corridor": action.corridor,
        "gaps": list(action.gaps.all()),
    }


@login_required
def province(request):
    user = request.user
    if not oversees_plans(user):
        raise Http404
    today = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=today)
    period = fiscal_year(chosen)
    view = plan_page.province_plans(
        territories=Territory.objects.for_user(user),
        gaps=ServiceGap.objects.for_user(user),
        period=period,
        as_of=today,
    )
    context = {
        "view": view,
        "period": period,
        "page_period": chosen,
        "period_parameter": PERIOD_PARAMETER,
        "overdue": plan_page.action_lines(view.overdue, today),
        "years": fiscal_years(chosen, period),
    }
    status = 400 if chosen.error else 200
    return render(request, "dashboards/plans_province.html", context, status=status)
