"""Django admin for surveys: campaigns, to read. They are created and changed on the campaign
pages (``/sondages/``), through the service that checks their dates, keeps their questionnaire
and writes the audit trail.

Participation records and responses have no admin at all: a list of who answered beside a list
of answers, each with its day, is what could match a person to an answer. The campaign pages
give their counts and the results, once enough people have answered.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from surveys.models import Campaign, Question
from territories.admin import ScopedAdmin


class QuestionInline(admin.TabularInline):
    """A campaign's questions, as the campaign pages set them."""

    model = Question
    fields = ["number", "text", "overall"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    a_thing = _("a survey campaign")
    list_display = ["name", "kind", "territory", "project", "opens_on", "closes_on"]
    list_filter = ["kind", "territory"]
    search_fields = ["name"]
    list_select_related = ["territory", "project"]
    date_hierarchy = "opens_on"
    inlines = [QuestionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
