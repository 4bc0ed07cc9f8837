"""The register of confidentiality incidents (Law 25, art. 3.8; docs/incidents.md): every
incident involving personal information, kept by administrators, whether or not it had to be
reported to the Commission d'accès à l'information (CAI) and to the people concerned."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from territories.models.people import User
from territories.models.rules import date_order_check


class Incident(models.Model):
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    discovered_on = models.DateField(_("discovered on"))
    summary = models.TextField(
        _("what happened"),
        help_text=_(
            "The circumstances, without naming a family or a person: the register is itself "
            "kept for years."
        ),
    )
    information_concerned = models.TextField(
        _("personal information concerned"),
        help_text=_("Which tables and fields (docs/data-dictionary.md), for which territories."),
    )
    people_concerned = models.PositiveIntegerField(
        _("people concerned"), null=True, blank=True, help_text=_("Empty: not known.")
    )
    serious_injury_risk = models.BooleanField(
        _("risk of serious injury"),
        default=False,
        help_text=_(
            "Assessed with the sensitivity of the information, the consequences of its use and "
            "their likelihood. When there is one, the CAI and the people concerned are told "
            "promptly."
        ),
    )
    measures = models.TextField(_("measures taken"), blank=True)
    cai_notified_on = models.DateField(_("CAI notified on"), null=True, blank=True)
    people_notified_on = models.DateField(_("people notified on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-discovered_on", "-pk"]
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("register of confidentiality incidents")
        constraints = [
            date_order_check("occurred_on", "discovered_on", "incident_found_after_it_occurred"),
            date_order_check("discovered_on", "closed_on", "incident_closed_after_found"),
        ]

    def __str__(self) -> str:
        return f"{self.discovered_on:%Y-%m-%d} – {self.summary[:60]}"


class KeyFingerprint(models.Model):
    """One row: the hash of a fixed text under the pseudonym keys the data was hashed with
    (:mod:`territories.keyed_hash`). Never a key: a key cannot be found from it."""

    value = models.CharField(_("fingerprint"), max_length=64)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("pseudonym key fingerprint")
        verbose_name_plural = _("pseudonym key fingerprints")

    def __str__(self) -> str:
        return self.value[:8]
