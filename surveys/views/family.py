"""A family answers with its one-time code, without logging in: ``/sondage/`` to type the code,
``/sondage/<code>/`` to answer. Plain, large text, in French.

Each unknown code counts against the client's address; past
``SURVEY_CODE_MAX_FAILURES`` within the window, no code is checked from that address (status
429) until the window has passed, so codes cannot be guessed by trying many. A used, expired or
unknown code gets a clear message, never an error page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from surveys import codes as code_rules
from surveys.forms import CodeEntryForm, ScoresForm
from surveys.services import answers
from territories import throttle
from territories.project_forms import add_service_errors

NAMESPACE = "survey-code"


def _message(reason: str) -> str:
    return {
        "unknown": _("This code is not recognized. Check it on your card and type it again."),
        "used": _(
            "This code has already been used: each code works once. Thank you for your answer."
        ),
        "expired": _("This survey has closed: the code no longer works. Thank you all the same."),
        "not_yet": _("This survey is not open yet. Come back from %(date)s."),
        "throttled": _(
            "Too many codes were tried from this connection. Wait %(minutes)s minutes, then try "
            "again."
        )
        % {"minutes": max(1, -(-settings.SURVEY_CODE_FAILURE_WINDOW_SECONDS // 60))},
    }[reason]


def _blocked(request) -> bool:
    address = throttle.client_address(request)
    return throttle.count(NAMESPACE, address) >= settings.SURVEY_CODE_MAX_FAILURES


def _refused(request, reason: str, campaign=None, status: int = 200):
    message = _message(reason)
    if reason == "not_yet" and campaign is not None:
        message = message % {"date": campaign.opens_on.isoformat()}
    form = CodeEntryForm() if reason == "unknown" else None
    context = {"message": message, "reason": reason, "form": form}
    return render(request, "surveys/family_refused.html", context, status=status)


@never_cache
def start(request):
    form = CodeEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = code_rules.normalize(form.cleaned_data["code"])
        if code is None:
            form.add_error("code", _message("unknown"))
        else:
            return redirect("family_survey:answer", code=code_rules.display(code))
    return render(request, "surveys/family_start.html", {"form": form})


@never_cache
def answer(request, code: str):
    if _blocked(request):
        return _refused(request, "throttled", status=429)
    today = timezone.localdate()
    try:
        campaign = answers.code_campaign(code, today)
    except answers.CodeRefused as refusal:
        if refusal.reason == "unknown":
            throttle.add_failure(
                NAMESPACE,
                throttle.client_address(request),
                window=settings.SURVEY_CODE_FAILURE_WINDOW_SECONDS,
            )
        return _refused(request, refusal.reason, refusal.campaign)
    form = ScoresForm(
        request.POST if request.method == "POST" else None, questions=list(campaign.questions.all())
    )
    if request.method == "POST" and form.is_valid():
        try:
            answers.answer_with_code(typed=code, scores=form.scores(), today=today)
        except answers.CodeRefused as refusal:  # used in another tab meanwhile
            return _refused(request, refusal.reason, refusal.campaign)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("family_survey:thanks")
    context = {"campaign": campaign, "form": form, "min_cell_size": settings.MIN_CELL_SIZE}
    return render(request, "surveys/family_answer.html", context)


def thanks(request):
    return render(request, "surveys/family_thanks.html")
