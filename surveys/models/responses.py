"""Anonymous survey answers (DESIGN.md section 8).

A response is never linked to a person: it carries no user, no time finer than the day, and a
random key (UUID) rather than a sequence, so that neither its key nor its place in a listing
follows the order of the participation records and tells whose answer it is. Its answers to
the items other than the overall one are :class:`Answer` rows, keyed at random too.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from surveys.models.campaigns import Campaign, Channel, Question, SurveyKind
from territories.access import ScopedQuerySet
from territories.models import Project, Territory

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class ResponseQuerySet(ScopedQuerySet):
    territory_path = "territory"


class Response(models.Model):
    """One anonymous answer: its survey, territory, optional project, day and overall score."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("survey"), max_length=10, choices=SurveyKind.choices)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name=_("territory"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("project"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("campaign"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PAPER
    )
    submitted_on = models.DateField(_("submitted on"))
    overall = models.PositiveSmallIntegerField(
        _("overall score (1–5)"), validators=SCORE_VALIDATORS
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5),
                name="response_overall_1_to_5",
                violation_error_message=_("The overall score is between 1 and 5."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SurveyKind.values), name="response_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.PAPER)
                | Q(channel=Channel.ONLINE, kind=SurveyKind.PAP)
                | Q(channel=Channel.CODE, kind=SurveyKind.FAMILY),
                name="response_channel_matches_kind",
                violation_error_message=_(
                    "PAPs answer online, families with a one-time code; both may answer on paper."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "submitted_on"], name="response_kind_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.territory_id} {self.submitted_on}"


class Answer(models.Model):
    """The score a response gives one of its campaign's items other than the overall one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    score = models.PositiveSmallIntegerField(_("score (1–5)"), validators=SCORE_VALIDATORS)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="answer_score_1_to_5",
                violation_error_message=_("A score is between 1 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"
