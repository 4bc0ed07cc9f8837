"""Territorial projects and socio-health profiles."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet
from territories.models.places import Territory
from territories.models.rules import (
    PROVINCE_CODE,
    ActiveDuringQuerySet,
    code_validator,
    date_order_check,
)


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
        constraints = [date_order_check("started_on", "ended_on", "project_dates_in_order")]

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
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="profile_fiscal_year_plausible",
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
