"""The register of confidentiality incidents in the admin: administrators only
(docs/incidents.md). Imported by ``territories.admin``."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from territories.admin import AdministratorsOnlyAdmin
from territories.models import Incident


@admin.register(Incident)
class IncidentAdmin(AdministratorsOnlyAdmin):
    a_thing = _("an incident")
    list_display = [
        "discovered_on",
        "summary",
        "serious_injury_risk",
        "cai_notified_on",
        "closed_on",
    ]
    list_filter = ["serious_injury_risk"]
    date_hierarchy = "discovered_on"
    exclude = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
