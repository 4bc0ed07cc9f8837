"""PAP positions and their mandate, the people holding them, and their journal."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet
from territories.models.people import User
from territories.models.places import Organization
from territories.models.rules import (
    ActiveDuringQuerySet,
    ChoiceListValidator,
    choices_check,
    code_validator,
    date_order_check,
)


class MandateComponent(models.TextChoices):
    OUTREACH = "outreach", _("Outreach")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    COLLABORATION = "collaboration", _("Collaboration")


class TargetPopulation(models.TextChoices):
    PREGNANT = "pregnant", _("Pregnant women")
    INFANTS_0_2 = "infants_0_2", _("Infants 0–2 years")
    PRESCHOOL_OUT_OF_NETWORK = "preschool_out_of_network", _("Preschoolers out of the network")
    IMMIGRANT = "immigrant", _("Immigrant families")
    LOW_INCOME = "low_income", _("Low-income families")
    CHILD_PROTECTION = "child_protection", _("Youth protection")
    SINGLE_PARENT = "single_parent", _("Single-parent families")
    SCHOOL_TRANSITION = "school_transition", _("Transition to school")
    HOUSING = "housing", _("Housing")


class Need(models.TextChoices):
    PERINATAL = "perinatal", _("Pregnancy and early childhood follow-up")
    CHILDCARE = "childcare", _("A place in childcare or 4-year-old kindergarten")
    DEVELOPMENT = "development", _("Child development")
    CHILD_PROTECTION = "child_protection", _("Child safety and protection")
    INTEGRATION = "integration", _("Settling in, French courses")
    INCOME = "income", _("Income and employment")
    HOUSING = "housing", _("Housing")
    SCHOOL = "school", _("Starting school")
    OTHER = "other", _("Another need")


# The target populations whose mandates answer each need (the directory's search, issue 15): a
# position serves a need when one of its populations is listed here and its limits do not
# exclude the need.
NEED_POPULATIONS: dict[str, tuple[str, ...]] = {
    Need.PERINATAL: (TargetPopulation.PREGNANT, TargetPopulation.INFANTS_0_2),
    Need.CHILDCARE: (TargetPopulation.PRESCHOOL_OUT_OF_NETWORK,),
    Need.DEVELOPMENT: (TargetPopulation.INFANTS_0_2, TargetPopulation.PRESCHOOL_OUT_OF_NETWORK),
    Need.CHILD_PROTECTION: (TargetPopulation.CHILD_PROTECTION,),
    Need.INTEGRATION: (TargetPopulation.IMMIGRANT,),
    Need.INCOME: (TargetPopulation.LOW_INCOME, TargetPopulation.SINGLE_PARENT),
    Need.HOUSING: (TargetPopulation.HOUSING,),
    Need.SCHOOL: (TargetPopulation.SCHOOL_TRANSITION,),
    Need.OTHER: (),
}


def every_component() -> list[str]:
    return list(MandateComponent.values)


class ReferenceFramework(models.Model):
    """The shared reference framework: which mandate components it requires (one row).

    The report says the framework is still to be written with the sectors; by default it
    requires all three components, and administrators may change the set.
    """

    required_components = models.JSONField(
        _("required components"),
        default=every_component,
        validators=[ChoiceListValidator(MandateComponent)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shared reference framework")
        verbose_name_plural = _("shared reference framework")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="framework_single_row")]

    def __str__(self) -> str:
        return str(_("Shared reference framework"))

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> ReferenceFramework:
        """The framework in force: the recorded one, else the default (every component). One
        query, never a write: pages and the engine read it."""
        return cls.objects.filter(pk=1).first() or cls()

    def is_met_by(self, components: list[str]) -> bool:
        return set(self.required_components) <= set(components)


class PositionQuerySet(ActiveDuringQuerySet):
    territory_path = "organization__territory"
    start_field = "opened_on"
    end_field = "closed_on"


class Position(models.Model):
    """A PAP position in an organization, with its mandate (components, target populations)."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("organization"),
    )
    title = models.CharField(_("title"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    components = models.JSONField(
        _("mandate components"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(MandateComponent)],
    )
    populations = models.JSONField(
        _("target populations"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(TargetPopulation)],
    )
    limits = models.JSONField(
        _("needs outside the mandate"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Need)],
        help_text=_("What the position does not do: the needs it refers elsewhere."),
    )
    limits_note = models.CharField(
        _("limits of the mandate"),
        max_length=200,
        blank=True,
        help_text=_("A short note on what the position does not do; never a person's name."),
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("PAP position")
        verbose_name_plural = _("PAP positions")
        constraints = [date_order_check("opened_on", "closed_on", "position_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class AssignmentQuerySet(ActiveDuringQuerySet):
    territory_path = "position__organization__territory"


class Assignment(models.Model):
    """A person holding a position from ``started_on`` to ``ended_on`` (null: still there)."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("position")
    )
    person = models.CharField(
        _("person"),
        max_length=100,
        help_text=_("A pseudonymous label (e.g. “PAP-A-1”), never a name."),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("user account"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "started_on"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "person", "started_on"], name="assignment_unique_key"
            ),
            date_order_check("started_on", "ended_on", "assignment_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.position.code} – {self.person}"


class JournalKind(models.TextChoices):
    SUPERVISION = "supervision", _("Supervision (hours)")
    CODEVELOPMENT = "codevelopment", _("Co-development (hours)")
    SUPPORT_REQUEST = "support_request", _("Formal support request")
    PRESENTATION_INTRA = "presentation_intra", _("Presentation inside the organization")
    PRESENTATION_INTER = "presentation_inter", _("Presentation to other organizations")


class JournalEntryQuerySet(ScopedQuerySet):
    territory_path = "position__organization__territory"


class JournalEntry(models.Model):
    """One entry of a position's journal: one per position, date and kind."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="journal", verbose_name=_("position")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=JournalKind.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "date", "kind"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "date", "kind"], name="journal_entry_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="journal_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
            choices_check("kind", JournalKind, "journal_kind_valid"),
        ]
        indexes = [models.Index(fields=["date", "kind"], name="journal_date_kind")]

    def __str__(self) -> str:
        return f"{self.position.code} {self.date} {self.get_kind_display()}"
