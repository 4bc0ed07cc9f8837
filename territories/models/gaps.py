"""Service gaps (« trous de services ») that PAPs and coordinators detect, and the needs a family
may have, which the directory's search and the gaps share (issue 15).

A gap says which population and need found no service on a territory, never which family: its
short description carries a warning, its author is kept as a role only (the audit trail keeps
who wrote it, for administrators). Coordinators triage gaps; an action of the territory's plan
(``indicators.models.PlanAction``) links the gaps it answers.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet
from territories.models.places import Sector, Territory
from territories.models.positions import Need, TargetPopulation
from territories.models.rules import choices_check


class GapStatus(models.TextChoices):
    NEW = "new", _("New")
    DISCUSSED = "discussed", _("Discussed at the table")
    CORRIDOR_PLANNED = "corridor_planned", _("Corridor planned")
    RESOLVED = "resolved", _("Resolved")


GAP_DESCRIPTION_MAX = 300


class ServiceGapQuerySet(ScopedQuerySet):
    territory_path = "territory"


class ServiceGap(models.Model):
    """A need of a population that no service of the territory answered, as a PAP or a
    coordinator saw it on ``noticed_on``. Written through ``territories.services.gaps``."""

    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="service_gaps",
        verbose_name=_("territory"),
    )
    population = models.CharField(
        _("population"), max_length=30, blank=True, choices=TargetPopulation.choices
    )
    need = models.CharField(_("need"), max_length=20, choices=Need.choices)
    description = models.CharField(_("description"), max_length=GAP_DESCRIPTION_MAX, blank=True)
    sectors = models.ManyToManyField(
        Sector, related_name="service_gaps", blank=True, verbose_name=_("sectors concerned")
    )
    noticed_on = models.DateField(_("noticed on"))
    status = models.CharField(
        _("status"), max_length=20, choices=GapStatus.choices, default=GapStatus.NEW
    )
    reported_by_role = models.CharField(_("reported by"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ServiceGapQuerySet.as_manager()

    class Meta:
        ordering = ["-noticed_on", "-pk"]
        verbose_name = _("service gap")
        verbose_name_plural = _("service gaps")
        constraints = [
            choices_check("need", Need, "service_gap_need_valid"),
            choices_check("status", GapStatus, "service_gap_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.need} {self.noticed_on}"
