"""The four roles of DESIGN.md section 1. Their values are stored on each user."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVISOR = "conseiller", _("Ministry advisor")
    COORDINATION = "coordination", _("Territorial coordination")
    PAP = "pap", _("Outreach worker (PAP)")
    ADMIN = "admin", _("Administrator")
