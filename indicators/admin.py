"""Django admin for targets: administrators only, every change kept in the audit trail."""

from django.contrib import admin

from indicators.models import IndicatorTarget
from territories.admin import AdministratorsOnlyAdmin, ScopedAdmin


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(AdministratorsOnlyAdmin, ScopedAdmin):
    list_display = ["indicator", "territory", "comparison", "value", "updated_at"]
    list_filter = ["indicator", "territory"]
    search_fields = ["indicator", "territory__code"]
    audited_fields = ("indicator", "territory", "comparison", "value")

    def has_delete_permission(self, request, obj=None):
        """A province-wide target is emptied, not deleted (the seed would bring it back)."""
        if obj is not None and obj.territory_id is None:
            return False
        return super().has_delete_permission(request, obj)
