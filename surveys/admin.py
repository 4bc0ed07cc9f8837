"""Django admin for surveys. Responses are anonymous: they are listed, never linked to anyone."""

from django.contrib import admin

from surveys.models import Campaign, Participation, Response
from territories.admin import ScopedAdmin


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["name", "kind", "territory", "project", "opens_on", "closes_on"]
    list_filter = ["kind", "territory"]
    search_fields = ["name"]
    list_select_related = ["territory", "project"]
    date_hierarchy = "opens_on"


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "user"]
    list_filter = ["campaign__kind"]
    search_fields = ["campaign__name", "user__username"]
    list_select_related = ["campaign", "user"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(campaign__in=Campaign.objects.for_user(request.user))


@admin.register(Response)
class ResponseAdmin(ScopedAdmin):
    list_display = ["kind", "territory", "project", "channel", "submitted_on", "overall"]
    list_filter = ["kind", "channel", "territory"]
    list_select_related = ["territory", "project"]
    date_hierarchy = "submitted_on"
