"""``/territoires/<code>/trous-de-services/``: the service gaps of a territory (issue 15).

PAPs and coordinators of the territory and administrators record gaps and read them; the
coordinators triage them (``…/<id>/statut/``) and remove them (``…/<id>/retirer/``: a duplicate,
or a description that says too much). Advisors read the counts per need and status
only: a description is free text, written by the field. Everyone else gets 404.
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
from django.views.decorators.http import require_POST

from dashboards.plan_forms import GapForm, TriageForm
from territories.access import (
    data_entry_or_404,
    enters_data,
    get_for_user_or_404,
    reports_gaps,
)
from territories.models import GapStatus, ServiceGap, Territory
from territories.project_forms import add_service_errors
from territories.services.gaps import gap_counts, record_gap, remove_gap, triage_gap

# The form's fields a link may fill in (the directory's « nobody » links here).
PREFILLED = {"need": "besoin", "population": "population"}


@login_required
def gap_list(request, code: str):
    user = request.user
    territory = get_for_user_or_404(Territory, user, code=code)
    today = timezone.localdate()
    writes = reports_gaps(user)
    if request.method == "POST" and not writes:
        raise Http404
    form = None
    if writes:
        initial = {name: request.GET.get(key, "") for name, key in PREFILLED.items()}
        form = GapForm(
            request.POST if request.method == "POST" else None,
            initial={**initial, "noticed_on": today},
        )
        if request.method == "POST" and form.is_valid():
            try:
                record_gap(actor=user, territory=territory, today=today, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The service gap is recorded. Thank you."))
                return redirect("dashboards:gaps", code=territory.code)
    gaps = ServiceGap.objects.for_user(user).filter(territory=territory)
    listed = list(gaps.prefetch_related("sectors", "actions")) if writes else []
    context = {
        "territory": territory,
        "counts": gap_counts(gaps),
        "statuses": GapStatus.choices,
        "gaps": listed,
        "form": form,
        "triage": enters_data(user),
    }
    return render(request, "dashboards/gaps.html", context)


@login_required
@require_POST
def gap_triage(request, code: str, pk: int):
    data_entry_or_404(request.user)
    territory = get_for_user_or_404(Territory, request.user, code=code)
    gap = get_for_user_or_404(ServiceGap.objects.filter(territory=territory), request.user, pk=pk)
    form = TriageForm(request.POST)
    if form.is_valid():
        triage_gap(actor=request.user, gap=gap, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("Gap of %(date)s: « %(status)s ».")
            % {"date": f"{gap.noticed_on:%Y-%m-%d}", "status": gap.get_status_display()},
        )
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect(f"{reverse('dashboards:gaps', args=[territory.code])}#trou-{gap.pk}")


@login_required
def gap_remove(request, code: str, pk: int):
    """GET: what is about to be removed, and a button; POST: remove it."""
    data_entry_or_404(request.user)
    territory = get_for_user_or_404(Territory, request.user, code=code)
    gap = get_for_user_or_404(ServiceGap.objects.filter(territory=territory), request.user, pk=pk)
    if request.method == "POST":
        remove_gap(actor=request.user, gap=gap)
        messages.success(request, _("The service gap is removed."))
        return redirect("dashboards:gaps", code=territory.code)
    return render(request, "dashboards/gap_remove.html", {"territory": territory, "gap": gap})
