"""Survey campaigns, their questions, and who has answered them (DESIGN.md section 8).

Who has answered a campaign is kept here, in :class:`Participation`, apart from what was
answered (:mod:`surveys.models.responses`): a PAP answers once per campaign, and respondents can
be counted without knowing which answer is whose.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
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

    def is_open(self, day: date) -> bool:
        """Whether answers are taken on ``day`` (the closing day included)."""
        return self.opens_on <= day <= self.closes_on

    def state(self, day: date) -> str:
        """``upcoming``, ``open`` or ``closed`` on ``day``."""
        if day < self.opens_on:
            return "upcoming"
        return "open" if day <= self.closes_on else "closed"


class Question(models.Model):
    """A Likert item (1 to 5) of a campaign. Exactly one is the overall item: its score is the
    response's ``overall``, the one the satisfaction indicators read."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="questions", verbose_name=_("campaign")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("statement"), max_length=300)
    overall = models.BooleanField(_("overall item"), default=False)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="question_number_once"),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(overall=True), name="question_one_overall"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class ParticipationQuerySet(ScopedQuerySet):
    territory_path = "campaign__territory"


class Participation(models.Model):
    """That a user answered a campaign, and nothing about what they answered.

    Its key is random, as the response's is: no sequence says in which order people answered,
    which beside the responses' days could match a person to an answer. A user who answered
    cannot be deleted (deactivate the account): the respondents counted for suppression come
    from these records, and deleting them would make an answer look like nobody's.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("campaign"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
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
