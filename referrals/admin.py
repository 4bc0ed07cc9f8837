"""Django admin for referrals; families are shown by pseudonym and found by their code."""

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from referrals import services as referral_services
from referrals.corridors import services as corridor_services
from referrals.models import Corridor, Family, Referral
from referrals.pseudonyms import hash_family_code
from territories.admin import ScopedAdmin


@admin.register(Family)
class FamilyAdmin(ScopedAdmin):
    a_thing = _("a family")
    audited_fields = ("territory", "immigrant")  # never the code's hash
    list_display = ["pseudonym", "territory", "immigrant"]
    list_filter = ["immigrant", "territory"]
    fields = ["territory", "immigrant"]
    search_fields = ["code_hash"]
    search_help_text = _("Type the family's file code: it is hashed, never stored.")

    @admin.display(description=_("pseudonym"))
    def pseudonym(self, family):
        return family.pseudonym

    def has_add_permission(self, request):
        # A family is created from its code, through a referral form or an import.
        return False

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(code_hash=hash_family_code(search_term)), False


@admin.register(Corridor)
class CorridorAdmin(ScopedAdmin):
    a_thing = _("a corridor")
    audited_fields = corridor_services.AUDITED_FIELDS
    list_display = [
        "code",
        "territory",
        "from_sector",
        "to_sector",
        "target_delay_days",
        "transfer_template",
        "active_from",
        "active_to",
    ]
    list_filter = ["territory", "from_sector", "to_sector", "transfer_template"]
    search_fields = ["code", "entry_point"]
    list_select_related = ["territory"]


@admin.register(Referral)
class ReferralAdmin(ScopedAdmin):
    a_thing = _("a referral")
    list_display = [
        "ref",
        "territory",
        "family",
        "from_sector",
        "to_sector",
        "referred_on",
        "taken_in_charge_on",
        "status",
    ]
    list_filter = ["status", "territory", "from_sector", "to_sector", "interpreter"]
    search_fields = ["ref"]
    list_select_related = ["territory", "family"]
    date_hierarchy = "referred_on"
    raw_id_fields = ["family", "corridor"]
    audited_fields = referral_services.AUDITED_FIELDS

    def save_model(self, request, obj, form, change):
        # A change here raises the version too: a referral form loaded before it is refused.
        if change:
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
