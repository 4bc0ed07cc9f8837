"""Targets in force: the registry's defaults, editable by administrators, overridable per territory.

The registry (:mod:`indicators.registry`) says what each indicator is and its default target;
this table holds the targets that apply. A row without a territory is the province-wide target
of an indicator (seeded from the defaults, see :func:`ensure_default_targets`); a row with a
territory overrides it for that territory. An empty comparison means "no target": an
administrator removes a target by emptying it, so the seed never brings it back.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators import registry
from referrals.models import Corridor, CorridorPriority
from territories.access import ScopedQuerySet
from territories.models import Organization, Role, Sector, ServiceGap, Territory


def validate_indicator_code(value: str) -> None:
    if not registry.exists(value):
        raise ValidationError(_("“%(code)s” is not an indicator code."), params={"code": value})


class Comparison(models.TextChoices):
    LESS_OR_EQUAL = registry.LESS_OR_EQUAL, _("at most (≤)")
    LESS = registry.LESS, _("less than (<)")
    GREATER_OR_EQUAL = registry.GREATER_OR_EQUAL, _("at least (≥)")


class IndicatorTargetQuerySet(ScopedQuerySet):
    territory_path = "territory"


class IndicatorTarget(models.Model):
    """The target of an indicator, province-wide (no territory) or for one territory."""

    indicator = models.CharField(
        _("indicator"),
        max_length=50,
        choices=[
            (indicator.code, f"{indicator.code} – {indicator.name_fr}")
            for indicator in registry.INDICATORS
        ],
        validators=[validate_indicator_code],
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_targets",
        verbose_name=_("territory"),
        help_text=_("Empty: the target of every territory without its own."),
    )
    comparison = models.CharField(
        _("comparison"),
        max_length=2,
        choices=Comparison.choices,
        blank=True,
        help_text=_("Empty: no target."),
    )
    value = models.DecimalField(
        _("threshold"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IndicatorTargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "territory__code"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory"], name="target_unique_indicator_territory"
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=Q(territory__isnull=True),
                name="target_unique_indicator_province",
            ),
            models.CheckConstraint(
                condition=(Q(comparison="") & Q(value__isnull=True))
                | (Q(comparison__in=registry.COMPARISONS) & Q(value__isnull=False)),
                name="target_comparison_with_value",
            ),
        ]

    def __str__(self) -> str:
        where = self.territory.code if self.territory_id else "QC"
        target = self.as_target()
        return f"{self.indicator} ({where}) {target if target else '—'}"

    def clean(self) -> None:
        if bool(self.comparison) != (self.value is not None):
            raise ValidationError(
                _("Give both a comparison and a threshold, or neither (no target).")
            )

    def as_target(self) -> registry.Target | None:
        if not self.comparison or self.value is None:
            return None
        return registry.Target(self.comparison, Decimal(self.value))


def ensure_default_targets(**kwargs) -> None:
    """Add the province-wide row of every indicator that has none yet (after each migrate).

    An existing row is never changed: a target emptied or edited by an administrator stays.
    """
    existing = set(
        IndicatorTarget.objects.filter(territory__isnull=True).values_list("indicator", flat=True)
    )
    IndicatorTarget.objects.bulk_create(
        [
            IndicatorTarget(
                indicator=indicator.code,
                comparison=indicator.default_target.comparison if indicator.default_target else "",
                value=indicator.default_target.value if indicator.default_target else None,
            )
            for indicator in registry.INDICATORS
            if indicator.code not in existing
        ]
    )


class StoredPerTerritory(models.Model):
    """What is kept for one territory and period as known on one day (DESIGN.md section 10).

    Made at the territory's ``data_version``: once the version moved on, the row is stale and
    is made again before anything is shown.
    """

    period = models.CharField(max_length=12)
    as_of = models.DateField()  # the storage day (:mod:`indicators.storage_days`)
    computed_on = models.DateField()  # the day it was made: holds from then on
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveBigIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.territory_id} {self.period} @ {self.as_of}"


class StoredTally(StoredPerTerritory):
    """A territory's engine tally (:mod:`indicators.store`)."""

    tally = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["as_of", "period", "territory"], name="stored_tally_unique"
            ),
        ]


class StoredBreakdown(StoredPerTerritory):
    """A territory's group tallies for the breakdowns (issue 5,
    :mod:`indicators.breakdowns.tallies`)."""

    data = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["as_of", "period", "territory"], name="stored_breakdown_unique"
            ),
        ]
        # Whether a later day is kept is asked before storing (storage_days.later_day_kept):
        # without it, that question reads the whole table, rewritten rows and all.
        indexes = [models.Index(fields=["computed_on"], name="stored_breakdown_made_on")]


class StoredProvinceTally(models.Model):
    """What the province row needs beyond the territories' tallies, for one period and day: the
    distinct PAPs who answered online (a PAP of two territories is one respondent).

    ``versions`` is the fingerprint of every territory's version when it was made.
    """

    period = models.CharField(max_length=12)
    as_of = models.DateField()  # the storage day (:mod:`indicators.storage_days`)
    computed_on = models.DateField()  # the day it was made: holds from then on
    versions = models.CharField(max_length=64)
    online_respondents = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["as_of", "period"], name="stored_province_unique"),
        ]

    def __str__(self) -> str:
        return f"QC {self.period} @ {self.as_of}"


class IndicatorStory(models.Model):
    """The story behind a number (issue 15): a coordinator's short explanation of one indicator
    of a territory for one period — what happened, what is being done — shown beside the value
    on the territory page and in its printed fiche. About the territory, never a family: the
    form says so. Written through :mod:`indicators.stories`, audited."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="+", verbose_name=_("territory")
    )
    indicator = models.CharField(_("indicator"), max_length=40)
    period = models.CharField(_("period"), max_length=12)
    text = models.TextField(_("story"))
    author_role = models.CharField(_("written by"), max_length=20)
    written_on = models.DateField(_("written on"))

    class Meta:
        verbose_name = _("story behind a number")
        verbose_name_plural = _("stories behind the numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "indicator", "period"], name="indicator_story_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.indicator} {self.period}"

    @property
    def author_label(self) -> str:
        """The author's role in words (« Coordination territoriale »), never their name."""
        return str(Role(self.author_role).label) if self.author_role in Role.values else ""


# What an action answers, as forms send it: ``priority:child_protection``,
# ``indicator:L2_HANDOFF_DELAY_DAYS``.
PRIORITY, INDICATOR = "priority", "indicator"


def subject_key(kind: str, code: str) -> str:
    return f"{kind}:{code}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanActionQuerySet(ScopedQuerySet):
    territory_path = "territory"


class PlanAction(models.Model):
    """An action of a territory's plan for a fiscal year (issue 15): what answers one triggered
    priority (``priority``) or one missed target (``indicator``) — the corridor to build or
    formalize, the sectors involved, the lead organization, a due date, a status — with the
    service gaps it answers and the corridor it produced. Written through
    :mod:`indicators.plans`, audited."""

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    priority = models.CharField(
        _("triggered priority"), max_length=20, blank=True, choices=CorridorPriority.choices
    )
    indicator = models.CharField(
        _("missed target"), max_length=40, blank=True, validators=[validate_indicator_code]
    )
    title = models.CharField(_("action"), max_length=200)
    sectors = models.ManyToManyField(
        Sector, related_name="+", blank=True, verbose_name=_("sectors")
    )
    lead = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead organization"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    corridor = models.ForeignKey(
        Corridor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corridor produced"),
    )
    gaps = models.ManyToManyField(
        ServiceGap, related_name="actions", blank=True, verbose_name=_("service gaps answered")
    )
    created_on = models.DateField(_("created on"))

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action of a territorial plan")
        verbose_name_plural = _("actions of the territorial plans")
        constraints = [
            models.CheckConstraint(
                condition=(Q(priority="") & ~Q(indicator="")) | (~Q(priority="") & Q(indicator="")),
                name="plan_action_one_subject",
                violation_error_message=_(
                    "An action answers either a triggered priority or a missed target."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="plan_action_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        """The priority or the indicator code the action answers."""
        return self.priority or self.indicator

    @property
    def subject_kind(self) -> str:
        return PRIORITY if self.priority else INDICATOR

    @property
    def subject_key(self) -> str:
        return subject_key(self.subject_kind, self.subject)

    @property
    def counts(self) -> bool:
        """Whether the action counts in its plan: a dropped action answers nothing."""
        return self.status != ActionStatus.DROPPED
