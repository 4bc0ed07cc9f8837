"""Territories and the people and structures working in them (DESIGN.md section 4)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet

PROVINCE_CODE = "QC"

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("Use letters, digits, hyphens or underscores only."),
)


def validate_not_province(value: str) -> None:
    if value.strip().upper() == PROVINCE_CODE:
        raise ValidationError(
            _("The code “QC” is reserved for the province as a whole: it cannot be a territory."),
            code="reserved",
        )


@deconstructible
class ChoiceListValidator:
    """Validates a JSON list whose items must come from ``choices``, each once."""

    def __init__(self, choices: type[models.TextChoices]):
        self.choices = choices

    def __call__(self, value: object) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(_("Give a list of codes."), code="invalid")
        unknown = [item for item in value if item not in self.choices.values]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s. Allowed: %(allowed)s."),
                code="unknown_choice",
                params={"values": ", ".join(unknown), "allowed": ", ".join(self.choices.values)},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A value is given twice."), code="duplicate")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChoiceListValidator) and other.choices is self.choices


def _choices_check(field: str, choices: type[models.TextChoices], name: str):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def _date_order_check(start: str, end: str, name: str):
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message=_("The end date cannot come before the start date."),
    )


class ActiveDuringQuerySet(ScopedQuerySet):
    """Rows with a start and an optional end date, filterable by overlap with a period."""

    start_field = "started_on"
    end_field = "ended_on"

    def active_during(self, start: date, end: date) -> ActiveDuringQuerySet:
        """Rows overlapping [start, end]: start ≤ end of period, end null or ≥ period start."""
        return self.filter(
            Q(**{f"{self.start_field}__lte": end}),
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gte": start}),
        )


class Milieu(models.TextChoices):
    URBAN = "urbain", _("Urban")
    RURAL = "rural", _("Rural")
    MIXED = "mixte", _("Mixed")


class Region(models.Model):
    """One of Quebec's 17 administrative regions (two-digit code)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative region")
        verbose_name_plural = _("administrative regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte="01") & Q(code__lte="17"), name="region_code_01_17"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Sector(models.Model):
    """A ministry's sector of services: MFA, MSSS, MEQ, MIFI, MESS."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name = models.CharField(_("name"), max_length=150)
    has_pap = models.BooleanField(
        _("has outreach workers"),
        default=True,
        help_text=_("MESS sits at the table but has no outreach worker in the field."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.code


class TerritoryQuerySet(ScopedQuerySet):
    territory_path = ""


class Territory(models.Model):
    """A territory of the pilot project; shown by its code, its name is confidential."""

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[code_validator, validate_not_province],
    )
    name = models.CharField(_("name"), max_length=150)
    milieu = models.CharField(_("milieu"), max_length=10, choices=Milieu.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="territories", verbose_name=_("region")
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.CheckConstraint(
                condition=~Q(code__iexact=PROVINCE_CODE),
                name="territory_code_not_province",
                violation_error_message=_("The code “QC” is reserved for the province."),
            ),
            _choices_check("milieu", Milieu, "territory_milieu_valid"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", kwargs={"code": self.code})


class Role(models.TextChoices):
    ADVISOR = "conseiller", _("Ministry advisor")
    COORDINATION = "coordination", _("Territorial coordination")
    PAP = "pap", _("Outreach worker (PAP)")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who logs in. Coordinators and PAPs are attached to one or more territories."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PAP)
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="members", verbose_name=_("territories")
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("ministry"),
        help_text=_("For an advisor: the ministry they speak for."),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [_choices_check("role", Role, "user_role_valid")]

    def __str__(self) -> str:
        return self.username


class OrganizationQuerySet(ScopedQuerySet):
    territory_path = "territory"


class Organization(models.Model):
    """An organization of one sector on one territory, employing PAPs."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("territory"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("sector")
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


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


class ReferenceFramework(models.Model):
    """The shared reference framework: which mandate components it requires (one row).

    The report says the framework is still to be written with the sectors; by default it
    requires all three components, and administrators may change the set.
    """

    required_components = models.JSONField(
        _("required components"),
        default=list,
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
        framework, _created = cls.objects.get_or_create(
            pk=1, defaults={"required_components": list(MandateComponent.values)}
        )
        return framework

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

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("PAP position")
        verbose_name_plural = _("PAP positions")
        constraints = [_date_order_check("opened_on", "closed_on", "position_dates_in_order")]

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
            _date_order_check("started_on", "ended_on", "assignment_dates_in_order"),
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
            _choices_check("kind", JournalKind, "journal_kind_valid"),
        ]
        indexes = [models.Index(fields=["date", "kind"], name="journal_date_kind")]

    def __str__(self) -> str:
        return f"{self.position.code} {self.date} {self.get_kind_display()}"


class ProjectQuerySet(ActiveDuringQuerySet):
    territory_path = "territory"


class Project(models.Model):
    """A territorial project supporting arrimage."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="projects", verbose_name=_("territory")
    )
    name = models.CharField(_("name"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    supported = models.BooleanField(_("supported"), default=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("territorial project")
        verbose_name_plural = _("territorial projects")
        constraints = [_date_order_check("started_on", "ended_on", "project_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


def _percent_field(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


class ProfileQuerySet(ScopedQuerySet):
    territory_path = "territory"

    def for_user(self, user):
        """The territories' profiles in scope, and the province's reference profiles."""
        scoped = super().for_user(user)
        if scoped.query.is_empty():
            return scoped
        return scoped | self.filter(territory__isnull=True)


class SocioHealthProfile(models.Model):
    """A territory's socio-health profile for a fiscal year; no territory: the province (QC)."""

    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("territory"),
        help_text=_("Empty: the province's reference profile (QC)."),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the fiscal year starts: 2023 for 2023-2024."),
    )
    screenings_agir_tot = models.PositiveIntegerField(
        _("children screened by Agir tôt"), null=True, blank=True
    )
    reports_per_1000 = models.DecimalField(
        _("youth-protection reports per 1,000 children"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    out_of_network_pct = _percent_field(_("children 0–4 out of the childcare network (%)"))
    vulnerable_eqdem_pct = _percent_field(_("children vulnerable in an EQDEM domain (%)"))
    immigrant_families_pct = _percent_field(_("immigrant families (%)"))
    illustrative = models.BooleanField(
        _("illustrative figures"),
        default=False,
        help_text=_("Invented for the demonstration: never the report's figures."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = ProfileQuerySet.as_manager()

    VALUE_FIELDS = (
        "screenings_agir_tot",
        "reports_per_1000",
        "out_of_network_pct",
        "vulnerable_eqdem_pct",
        "immigrant_families_pct",
    )

    class Meta:
        ordering = ["fiscal_year", "territory__code"]
        verbose_name = _("socio-health profile")
        verbose_name_plural = _("socio-health profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "fiscal_year"], name="profile_unique_territory_year"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=Q(territory__isnull=True),
                name="profile_unique_province_year",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(reports_per_1000__isnull=True) | Q(reports_per_1000__gte=0))
                    & (
                        Q(out_of_network_pct__isnull=True)
                        | Q(out_of_network_pct__gte=0, out_of_network_pct__lte=100)
                    )
                    & (
                        Q(vulnerable_eqdem_pct__isnull=True)
                        | Q(vulnerable_eqdem_pct__gte=0, vulnerable_eqdem_pct__lte=100)
                    )
                    & (
                        Q(immigrant_families_pct__isnull=True)
                        | Q(immigrant_families_pct__gte=0, immigrant_families_pct__lte=100)
                    )
                ),
                name="profile_values_in_range",
                violation_error_message=_("A rate cannot be negative nor a percentage over 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_code} {self.fiscal_year_key}"

    @property
    def scope_code(self) -> str:
        return self.territory.code if self.territory_id else PROVINCE_CODE

    @property
    def fiscal_year_key(self) -> str:
        return f"{self.fiscal_year}-{self.fiscal_year + 1}"


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")


class AuditEntry(models.Model):
    """Who changed what, when: referrals, targets and access (DESIGN.md section 11).

    ``changes`` maps each changed field to ``[old, new]``; family codes never appear in it.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("territory"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
