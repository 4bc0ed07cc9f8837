"""Where the work happens: regions, sectors, territories and their organizations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet
from territories.models.rules import (
    PROVINCE_CODE,
    choices_check,
    code_validator,
    validate_not_province,
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
                condition=Q(code__in=[f"{number:02d}" for number in range(1, 18)]),
                name="region_code_01_17",
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

    def mark_changed(self) -> int:
        """Say that the data of these territories changed, so that their stored indicator
        results are computed again. The database does it itself for rows written to the
        tables the indicators read (:mod:`indicators.freshness`)."""
        return self.update(data_version=models.F("data_version") + 1)


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
    # Raised by the database whenever a row the indicators read changes on this territory:
    # stored results made at another version are stale (indicators.store).
    data_version = models.PositiveBigIntegerField(_("data version"), default=0, editable=False)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.UniqueConstraint(
                Upper("code"),
                name="territory_code_unique_any_case",
                violation_error_message=_("A territory already has this code."),
            ),
            models.CheckConstraint(
                condition=~Q(code__iexact=PROVINCE_CODE),
                name="territory_code_not_province",
                violation_error_message=_("The code “QC” is reserved for the province."),
            ),
            choices_check("milieu", Milieu, "territory_milieu_valid"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("dashboards:territory", kwargs={"code": self.code})


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
    entry_point = models.CharField(
        _("entry point"),
        max_length=200,
        blank=True,
        help_text=_(
            "How families and partners reach the organization: a service, a desk, a general "
            "number; never a person's private data."
        ),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"
