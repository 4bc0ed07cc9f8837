"""Django admin for territories: searchable, filterable, scoped to the user's territories."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from territories import access, audit
from territories.admin_scope import ScopedForeignKeys, scoped_filter
from territories.admin_titles import FrenchTitles
from territories.models import (
    Assignment,
    AuditAction,
    AuditEntry,
    JournalEntry,
    Organization,
    Position,
    Project,
    ReferenceFramework,
    Region,
    Sector,
    SocioHealthProfile,
    Territory,
    User,
)
from territories.services import journal as journal_services
from territories.services import positions as position_services
from territories.services import projects as project_services
from territories.sessions import end_sessions


class AdministratorsOnlyAdmin(FrenchTitles):
    """Users, reference data, the audit trail and raw survey answers: administrators only."""

    def has_module_permission(self, request):
        return access.is_administrator(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return access.is_administrator(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return access.is_administrator(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return access.is_administrator(request.user) and allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return access.is_administrator(request.user) and allowed


def _follow(obj, path: str):
    """``obj`` followed along ``path`` (``organization__territory``; empty: ``obj`` itself)."""
    for name in filter(None, path.split("__")):
        obj = getattr(obj, name, None)
    return obj


class ScopedAdmin(ScopedForeignKeys, FrenchTitles):
    """Lists and choices limited to the territories the user may see (superusers see all)."""

    audited_fields: tuple[str, ...] = ()  # set: changes to these fields go to the audit trail
    territory_path = "territory"  # from an object to its territory, for the audit entry

    def audit_territory(self, obj):
        """The territory an audit entry about ``obj`` belongs to (None: none, e.g. QC)."""
        return _follow(obj, self.territory_path)

    def save_formset(self, request, form, formset, change):
        """Inline rows (a position's assignments) are audited as their own admin would."""
        fields = getattr(formset, "audited_fields", ())
        if not fields:
            return super().save_formset(request, form, formset, change)
        model = formset.model
        before = {
            obj.pk: audit.snapshot(obj, fields)
            for obj in model.objects.filter(
                pk__in=[f.instance.pk for f in formset.forms if f.instance.pk]
            )
        }
        super().save_formset(request, form, formset, change)
        path = getattr(formset, "territory_path", "")
        for obj in formset.new_objects:
            audit.record(
                actor=request.user,
                instance=obj,
                action=AuditAction.CREATE,
                changes=audit.changes_between({}, audit.snapshot(obj, fields)),
                territory=_follow(obj, path),
            )
        for obj, _changed in formset.changed_objects:
            audit.record(
                actor=request.user,
                instance=obj,
                action=AuditAction.UPDATE,
                changes=audit.changes_between(before.get(obj.pk, {}), audit.snapshot(obj, fields)),
                territory=_follow(obj, path),
            )
        for obj in formset.deleted_objects:
            audit.record(
                actor=request.user,
                instance=obj,
                action=AuditAction.DELETE,
                changes=audit.changes_between(before.get(obj.pk, {}), {}),
                territory=_follow(obj, path),
            )

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def get_list_filter(self, request):
        """Filters on a related model list only the rows the user may see (issue 16)."""
        return [scoped_filter(self.model, spec) for spec in super().get_list_filter(request)]

    def save_model(self, request, obj, form, change):
        if not self.audited_fields:
            return super().save_model(request, obj, form, change)
        before = {}
        if change:
            before = audit.snapshot(type(obj).objects.get(pk=obj.pk), self.audited_fields)
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            instance=obj,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            changes=audit.changes_between(before, audit.snapshot(obj, self.audited_fields)),
            territory=self.audit_territory(obj),
        )

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The "delete selected" action: each row is recorded, as a single deletion is."""
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj):
        if self.audited_fields:
            audit.record(
                actor=request.user,
                instance=obj,
                action=AuditAction.DELETE,
                changes=audit.changes_between(audit.snapshot(obj, self.audited_fields), {}),
                territory=self.audit_territory(obj),
            )


@admin.register(Region)
class RegionAdmin(AdministratorsOnlyAdmin):
    a_thing = _("an administrative region")
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Sector)
class SectorAdmin(AdministratorsOnlyAdmin):
    a_thing = _("a sector")
    list_display = ["code", "name", "has_pap"]
    list_filter = ["has_pap"]
    search_fields = ["code", "name"]


@admin.register(Territory)
class TerritoryAdmin(ScopedAdmin):
    a_thing = _("a territory")
    audited_fields = ("code", "name", "milieu", "region")
    territory_path = ""
    list_display = ["code", "name", "milieu", "region"]
    list_filter = ["milieu", "region"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(AdministratorsOnlyAdmin, DjangoUserAdmin):
    a_thing = _("a user")
    list_display = ["username", "role", "sector", "is_active", "last_login"]
    list_filter = ["role", "is_active", "territories", "sector"]
    filter_horizontal = ["territories", "groups", "user_permissions"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Access to Arrimage"), {"fields": ("role", "territories", "sector")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Access to Arrimage"), {"fields": ("role", "territories", "sector")}),
    )

    ACCESS_FIELDS = ("role", "territories", "sector", "is_active", "is_staff", "is_superuser")
    actions = ["end_all_sessions"]

    @admin.action(description=_("End all their sessions (sign them out everywhere)"))
    def end_all_sessions(self, request, queryset):
        ended = end_sessions(actor=request.user, users=queryset)
        self.message_user(
            request,
            ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended)
            % {"count": ended},
        )

    def save_model(self, request, obj, form, change):
        # Access changes are recorded once the territories are saved too (save_related).
        request._access_before = (
            audit.snapshot(User.objects.get(pk=obj.pk), self.ACCESS_FIELDS) if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        access.forget_cached_scope(user)
        audit.record(
            actor=request.user,
            instance=user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            changes=audit.changes_between(
                getattr(request, "_access_before", {}), audit.snapshot(user, self.ACCESS_FIELDS)
            ),
        )

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            instance=obj,
            action=AuditAction.DELETE,
            changes=audit.changes_between(audit.snapshot(obj, self.ACCESS_FIELDS), {}),
        )
        super().delete_model(request, obj)


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    a_thing = _("an organization")
    audited_fields = position_services.ORGANIZATION_FIELDS
    list_display = ["code", "name", "territory", "sector"]
    list_filter = ["sector", "territory"]
    search_fields = ["code", "name"]
    list_select_related = ["territory", "sector"]


class AssignmentInline(ScopedForeignKeys, admin.TabularInline):
    model = Assignment
    audited_fields = position_services.ASSIGNMENT_FIELDS
    territory_path = "position__organization__territory"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.audited_fields = self.audited_fields
        formset.territory_path = self.territory_path
        return formset

    extra = 0
    fields = ["person", "user", "started_on", "ended_on"]
    raw_id_fields = ["user"]


@admin.register(Position)
class PositionAdmin(ScopedAdmin):
    a_thing = _("a PAP position")
    audited_fields = position_services.POSITION_FIELDS
    territory_path = "organization__territory"
    list_display = ["code", "title", "organization", "opened_on", "closed_on"]
    list_filter = ["organization__sector", "organization__territory"]
    search_fields = ["code", "title", "organization__name"]
    list_select_related = ["organization"]
    date_hierarchy = "opened_on"
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    a_thing = _("an assignment")
    audited_fields = position_services.ASSIGNMENT_FIELDS
    territory_path = "position__organization__territory"
    list_display = ["position", "person", "started_on", "ended_on"]
    list_filter = ["position__organization__territory", "position__organization__sector"]
    search_fields = ["person", "position__code"]
    list_select_related = ["position"]
    raw_id_fields = ["user"]


@admin.register(JournalEntry)
class JournalEntryAdmin(ScopedAdmin):
    a_thing = _("a journal entry")
    audited_fields = journal_services.AUDITED_FIELDS
    territory_path = "position__organization__territory"
    list_display = ["position", "date", "kind", "hours"]
    list_filter = ["kind", "position__organization__territory"]
    search_fields = ["position__code"]
    list_select_related = ["position"]
    date_hierarchy = "date"


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    a_thing = _("a territorial project")
    audited_fields = project_services.PROJECT_FIELDS
    list_display = ["code", "name", "territory", "started_on", "ended_on", "supported"]
    list_filter = ["supported", "territory"]
    search_fields = ["code", "name"]
    list_select_related = ["territory"]


@admin.register(SocioHealthProfile)
class SocioHealthProfileAdmin(ScopedAdmin):
    a_thing = _("a socio-health profile")
    audited_fields = project_services.PROFILE_FIELDS
    list_display = [
        "__str__",
        "screenings_agir_tot",
        "reports_per_1000",
        "out_of_network_pct",
        "vulnerable_eqdem_pct",
        "immigrant_families_pct",
        "illustrative",
    ]
    list_filter = ["fiscal_year", "illustrative", "territory"]
    search_fields = ["territory__code"]
    list_select_related = ["territory"]

    # The province's reference profile (no territory) is the administrators' to keep.
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not access.is_administrator(request.user) and "territory" in form.base_fields:
            form.base_fields["territory"].required = True
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.territory_id is None:
            return access.is_administrator(request.user)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.territory_id is None:
            return access.is_administrator(request.user)
        return super().has_delete_permission(request, obj)


@admin.register(ReferenceFramework)
class ReferenceFrameworkAdmin(AdministratorsOnlyAdmin):
    a_thing = _("a shared reference framework")
    list_display = ["__str__", "required_components", "updated_at"]

    def has_add_permission(self, request):
        return not ReferenceFramework.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(AdministratorsOnlyAdmin, ScopedAdmin):
    """Read-only: the trail is written by the application, never edited."""

    a_thing = _("an audit entry")

    def has_view_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    list_display = ["at", "actor", "action", "object_type", "object_repr", "territory"]
    list_filter = ["action", "object_type", "territory"]
    search_fields = ["object_repr", "actor__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from territories import admin_incidents  # noqa: E402, F401 — registers the incidents register
