"""A PAP answers a campaign of their territory (``/sondages/<id>/repondre/``); a coordinator
enters a paper questionnaire (``/sondages/<id>/papier/``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.forms import ScoresForm
from surveys.models import Campaign, Participation
from surveys.services import answers
from territories.access import data_entry_or_404, get_for_user_or_404
from territories.project_forms import add_service_errors

_campaigns = Campaign.objects.select_related("territory", "project")


@login_required
def answer(request, pk: int):
    campaign = get_for_user_or_404(
        Campaign.objects.select_related("territory"), request.user, pk=pk
    )
    if not answers.may_answer(request.user, campaign):
        raise Http404
    today = timezone.localdate()
    answered = Participation.objects.filter(campaign=campaign, user=request.user).exists()
    questions = list(campaign.questions.all())
    form = None
    if not answered and campaign.is_open(today):
        form = ScoresForm(request.POST if request.method == "POST" else None, questions=questions)
        if request.method == "POST" and form.is_valid():
            try:
                answers.answer_online(
                    user=request.user, campaign=campaign, scores=form.scores(), today=today
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you: your answer is recorded, with nothing that links it to you."),
                )
                return redirect("surveys:list")
    elif request.method == "POST":
        messages.error(
            request,
            _("You have already answered this survey.")
            if answered
            else _("This survey is not open."),
        )
    context = {
        "campaign": campaign,
        "form": form,
        "answered": answered,
        "today": today,
        "min_cell_size": settings.MIN_CELL_SIZE,
    }
    return render(request, "surveys/answer.html", context, status=200)


@login_required
def paper(request, pk: int):
    data_entry_or_404(request.user)
    campaign = get_for_user_or_404(
        Campaign.objects.select_related("territory"), request.user, pk=pk
    )
    today = timezone.localdate()
    form = ScoresForm(
        request.POST if request.method == "POST" else None,
        questions=list(campaign.questions.all()),
        paper=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            answers.record_paper_answer(
                actor=request.user,
                campaign=campaign,
                submitted_on=form.cleaned_data["submitted_on"],
                scores=form.scores(),
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Paper questionnaire recorded. You may enter the next."))
            return redirect("surveys:paper", pk=campaign.pk)
    return render(request, "surveys/paper.html", {"campaign": campaign, "form": form})
