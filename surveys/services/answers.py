"""Answers: a PAP's online answer, a family's answer with a one-time code, a paper answer.

What was answered is a :class:`~surveys.models.Response` (no user, the day only, a random key)
with an :class:`~surveys.models.Answer` per item besides the overall one. For a PAP, the
participation record (who answered) is written in the same transaction, so that one never
exists without the other; nothing in either leads to the other. No answer is written to the
audit trail, which keeps who did what and when: that would link a person to an answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from surveys import codes as code_rules
from surveys.models import (
    Answer,
    Campaign,
    Channel,
    OneTimeCode,
    Participation,
    Response,
    SurveyKind,
)
from territories import audit
from territories.access import territory_ids
from territories.models import AuditAction, Role, User
from territories.services.projects import check_scope


class CodeRefused(Exception):
    """A one-time code that does not open a questionnaire; ``reason`` says why:
    ``unknown``, ``used``, ``expired`` or ``not_yet``."""

    def __init__(self, reason: str, campaign: Campaign | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.campaign = campaign


def may_answer(user: User, campaign: Campaign) -> bool:
    """Whether ``user`` is a PAP of the campaign's territory and the campaign is for PAPs."""
    if not user.is_authenticated or user.role != Role.PAP or campaign.kind != SurveyKind.PAP:
        return False
    scope = territory_ids(user)
    return scope is not None and campaign.territory_id in scope


def answer_online(
    *, user: User, campaign: Campaign, scores: Mapping[int, int], today: date
) -> None:
    """Record a PAP's answer to an open campaign of their territory, once."""
    if not may_answer(user, campaign):
        raise PermissionDenied
    if not campaign.is_open(today):
        raise ValidationError(_("This survey is not open."))
    try:
        with transaction.atomic():
            Participation.objects.create(campaign=campaign, user=user)
            _write(campaign, Channel.ONLINE, today, scores, every_item=True)
    except IntegrityError:
        if not Participation.objects.filter(campaign=campaign, user=user).exists():
            raise
        raise ValidationError(_("You have already answered this survey.")) from None


def code_campaign(typed: str, today: date) -> Campaign:
    """The open campaign a typed code answers, or :class:`CodeRefused`."""
    code = _usable(typed, today, lock=False)
    return code.batch.campaign


def answer_with_code(*, typed: str, scores: Mapping[int, int], today: date) -> None:
    """Record a family's answer with a one-time code, which then stops working."""
    with transaction.atomic():
        code = _usable(typed, today, lock=True)
        # Marked used first, on condition: where the row lock does nothing (SQLite), a second
        # submission of the same code finds it used, as it would under the lock.
        if not OneTimeCode.objects.filter(pk=code.pk, used=False).update(used=True):
            raise CodeRefused("used", code.batch.campaign)
        _write(code.batch.campaign, Channel.CODE, today, scores, every_item=True)


def record_paper_answer(
    *,
    actor: User,
    campaign: Campaign,
    submitted_on: date,
    scores: Mapping[int, int | None],
    today: date,
) -> Response:
    """Record a paper questionnaire of ``campaign`` filled on ``submitted_on``: the overall item
    is required, the others may be left blank. The audit trail keeps that one was entered, not
    its scores."""
    check_scope(actor=actor, territory=campaign.territory)
    if not campaign.opens_on <= submitted_on <= min(campaign.closes_on, today):
        raise ValidationError(
            {"submitted_on": _("The date is within the campaign’s dates, and not in the future.")}
        )
    with transaction.atomic():
        response = _write(campaign, Channel.PAPER, submitted_on, scores, every_item=False)
        audit.record(
            actor=actor,
            instance=campaign,
            action=AuditAction.UPDATE,
            changes={"paper_answers": [None, "+1"]},
            territory=campaign.territory,
        )
    return response


def _usable(typed: str, today: date, *, lock: bool) -> OneTimeCode:
    code = code_rules.normalize(typed)
    if code is None:
        raise CodeRefused("unknown")
    found = OneTimeCode.objects.select_related("batch__campaign__project")
    if lock:
        found = found.select_for_update(of=("self",))
    stored = found.filter(digest=code_rules.digest(code)).first()
    if stored is None:
        raise CodeRefused("unknown")
    campaign = stored.batch.campaign
    if stored.used:
        raise CodeRefused("used", campaign)
    if stored.batch.cancelled_on is not None or campaign.closes_on < today:
        raise CodeRefused("expired", campaign)
    if today < campaign.opens_on:
        raise CodeRefused("not_yet", campaign)
    return stored


def _write(
    campaign: Campaign,
    channel: str,
    day: date,
    scores: Mapping[int, int | None],
    *,
    every_item: bool,
) -> Response:
    questions = list(campaign.questions.all())
    overall = next((q for q in questions if q.overall), None)
    if overall is None:  # a campaign made in the Django admin without its questions
        raise ValidationError(_("This survey has no overall item: it cannot take answers yet."))
    errors = {}
    for question in questions:
        score = scores.get(question.pk)
        if score is None:
            if every_item or question.overall:
                errors[f"q{question.pk}"] = _("Choose an answer from 1 to 5.")
        elif score not in range(1, 6):
            errors[f"q{question.pk}"] = _("A score is between 1 and 5.")
    if errors:
        raise ValidationError(errors)
    response = Response.objects.create(
        kind=campaign.kind,
        territory_id=campaign.territory_id,
        project_id=campaign.project_id,
        campaign=campaign,
        channel=channel,
        submitted_on=day,
        overall=scores[overall.pk],
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=q, score=scores[q.pk])
        for q in questions
        if not q.overall and scores.get(q.pk) is not None
    )
    return response
