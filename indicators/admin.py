"""Django admin for targets: administrators only, every change kept in the audit trail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators.models import IndicatorTarget
from territories.admin import AdministratorsOnlyAdmin, ScopedAdmin


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(AdministratorsOnlyAdmin, ScopedAdmin):
    a_thing = _("an indicator target")
    list_display = ["indicator", "applies_to", "target", "updated_at"]
    list_filter = ["indicator", "territory"]
    search_fields = ["indicator", "territory__code"]
    audited_fields = ("indicator", "territory", "comparison", "value")

    @admin.display(description=_("applies to"), ordering="territory__code")
    def applies_to(self, obj):
        return obj.territory.code if obj.territory_id else _("QC – every territory without its own")

    @admin.display(description=_("target"))
    def target(self, obj):
        target = obj.as_target()
        return str(target) if target else _("no target")

    def has_delete_permission(self, request, obj=None):
        """A province-wide target is emptied, not deleted (the seed would bring it back)."""
        if obj is not None and obj.territory_id is None:
            return False
        return super().has_delete_permission(request, obj)
