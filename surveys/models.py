"""Satisfaction surveys: campaigns, participation records and anonymous responses (section 8).

A response is never linked to a person: it carries no user and no time finer than the day.
Who has answered a campaign is kept apart, in :class:`Participation`, so that a PAP answers
once per campaign and respondents can be counted without knowing which answer is whose.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet
from territories.models import Project, Territory


class SurveyKind(models.TextChoices):
    PAP = "pap", _("Outreach workers (PAP)")
    FAMILY = "family", _("Families")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online (PAP)")
    CODE = "code", _("One-time code (family)")
    PAPER = "paper", _("Paper (imported)")


class CampaignQuerySet(ScopedQuerySet):
    territory_path = "territory"


class Campaign(models.Model):
    """A survey campaign: quarterly for PAPs by default, per project for families."""

    kind = models.CharField(_("survey"), max_length=10, choices=SurveyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("territory")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("project"),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "territory__code"]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="campaign_dates_in_order",
                violation_error_message=_("A campaign cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SurveyKind.values), name="campaign_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ParticipationQuerySet(ScopedQuerySet):
    territory_path = "campaign__territory"


class Participation(models.Model):
    """That a user answered a campaign, and nothing about what they answered."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("campaign"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_participations",
        verbose_name=_("user"),
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="participation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.user}"


class ResponseQuerySet(ScopedQuerySet):
    territory_path = "territory"


class Response(models.Model):
    """One anonymous answer: its survey, territory, optional project, day and overall score.

    Its key is random (UUID), not a sequence that would follow the order of the participation
    records and so tell whose answer it is.
    """

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
        _("overall score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
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
