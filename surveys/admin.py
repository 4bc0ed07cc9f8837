"""Django admin for surveys. Responses are anonymous: administrators may list them, read-only;
nothing in a response links it to a person, and answers are not edited."""

from django.contrib import admin

from surveys.models import Campaign, Participation, Question, Response
from territories.admin import AdministratorsOnlyAdmin, ScopedAdmin


class QuestionInline(admin.TabularInline):
    """A campaign's questions, as the campaign pages set them (read-only here)."""

    model = Question
    fields = ["number", "text", "overall"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    """Campaigns are created on /sondages/nouvelle/, which gives them their questionnaire and
    exactly one overall item; here they may be read, renamed or re-dated."""

    list_display = ["name", "kind", "territory", "project", "opens_on", "closes_on"]
    list_filter = ["kind", "territory"]
    search_fields = ["name"]
    list_select_related = ["territory", "project"]
    date_hierarchy = "opens_on"
    readonly_fields = ["kind", "territory", "project"]
    inlines = [QuestionInline]

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(AdministratorsOnlyAdmin, ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    """Who has answered which campaign: never what they answered."""

    list_display = ["campaign", "user"]
    list_filter = ["campaign__kind"]
    search_fields = ["campaign__name", "user__username"]
    list_select_related = ["campaign", "user"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["kind", "territory", "project", "channel", "submitted_on", "overall"]
    list_filter = ["kind", "channel", "territory"]
    list_select_related = ["territory", "project"]
    date_hierarchy = "submitted_on"
