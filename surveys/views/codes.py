"""A family campaign's one-time codes (``/sondages/<id>/codes/``): the batches generated, a new
batch printed at once (the codes are shown this one time), a batch cancelled."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from surveys import codes as code_rules
from surveys.forms import CodeBatchForm
from surveys.models import Campaign, CodeBatch, SurveyKind
from surveys.services import campaigns as services
from territories.access import data_entry_or_404, get_for_user_or_404
from territories.project_forms import add_service_errors

CARDS_PER_PAGE = 10


def _family_campaign_or_404(request, pk: int) -> Campaign:
    data_entry_or_404(request.user)
    campaign = get_for_user_or_404(
        Campaign.objects.select_related("territory", "project"), request.user, pk=pk
    )
    if campaign.kind != SurveyKind.FAMILY:
        raise Http404
    return campaign


@never_cache
@login_required
def batches(request, pk: int):
    campaign = _family_campaign_or_404(request, pk)
    today = timezone.localdate()
    form = CodeBatchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            batch, plain = services.generate_codes(
                actor=request.user, campaign=campaign, count=form.cleaned_data["count"], today=today
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            address = request.build_absolute_uri(reverse("family_survey:start"))
            cards = [
                {"code": code_rules.display(code), "url": f"{address}{code_rules.display(code)}/"}
                for code in plain
            ]
            pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
            context = {"campaign": campaign, "batch": batch, "pages": pages, "address": address}
            return render(request, "surveys/code_cards.html", context)
    # No count of used codes per batch: a batch handed to one family would say when it answered.
    rows = CodeBatch.objects.filter(campaign=campaign)
    context = {"campaign": campaign, "form": form, "batches": rows, "today": today}
    return render(request, "surveys/code_batches.html", context)


@require_POST
@login_required
def cancel(request, pk: int, batch: int):
    campaign = _family_campaign_or_404(request, pk)
    found = get_for_user_or_404(CodeBatch.objects.filter(campaign=campaign), request.user, pk=batch)
    services.cancel_batch(actor=request.user, batch=found, today=timezone.localdate())
    messages.success(request, _("The batch’s unused codes no longer work."))
    return redirect("surveys:codes", pk=campaign.pk)
