"""``/sondages/``: the campaigns a user may see (for a PAP: the open surveys to answer), a
campaign's results, and creating or changing a campaign (administrators, coordinators)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import selectors
from surveys.forms import CampaignForm
from surveys.models import Campaign
from surveys.results import campaign_results
from surveys.services import campaigns as services
from territories.access import data_entry_or_404, enters_data, get_for_user_or_404
from territories.models import Role
from territories.project_forms import add_service_errors


@login_required
def campaign_list(request):
    today = timezone.localdate()
    user = request.user
    is_pap = not user.is_superuser and user.role == Role.PAP
    campaigns = (
        Campaign.objects.for_user(user)
        .select_related("territory", "project")
        .annotate(answers=Count("responses", distinct=True))
        .order_by("-opens_on", "territory__code", "pk")
    )
    page = Paginator(campaigns, 50).get_page(request.GET.get("page"))
    context = {
        "today": today,
        "to_answer": list(selectors.open_for_pap(user, today)) if is_pap else None,
        "page_obj": page,
        "min_cell_size": settings.MIN_CELL_SIZE,
        "manages": enters_data(user),
    }
    return render(request, "surveys/campaign_list.html", context)


@login_required
def campaign_detail(request, pk: int):
    campaign = get_for_user_or_404(
        Campaign.objects.select_related("territory", "project"), request.user, pk=pk
    )
    today = timezone.localdate()
    context = {
        "campaign": campaign,
        "results": campaign_results(campaign),
        # Scores wait for the campaign to close: followed answer by answer while it is open,
        # they would give away the last person's answers.
        "closed": campaign.state(today) == "closed",
        "today": today,
        "manages": enters_data(request.user),
        "min_cell_size": settings.MIN_CELL_SIZE,
    }
    return render(request, "surveys/campaign_detail.html", context)


@login_required
def campaign_create(request):
    data_entry_or_404(request.user)
    initial = {"kind": request.GET.get("sondage")} if request.GET.get("sondage") else {}
    form = CampaignForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                actor=request.user,
                kind=data["kind"],
                territory=data["territory"],
                project=data["project"],
                **form.service_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign “%(name)s” created.") % {"name": campaign.name})
            return redirect("surveys:detail", pk=campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form})


@login_required
def campaign_edit(request, pk: int):
    data_entry_or_404(request.user)
    campaign = get_for_user_or_404(Campaign, request.user, pk=pk)
    form = CampaignForm(
        request.POST if request.method == "POST" else None, user=request.user, campaign=campaign
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if form.fields["items"].disabled:
            values.pop("items"), values.pop("overall_item")
        try:
            services.update_campaign(actor=request.user, campaign=campaign, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": campaign.name})
            return redirect("surveys:detail", pk=campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": campaign})
