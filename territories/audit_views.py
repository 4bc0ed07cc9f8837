"""Who changed what (the audit trail) and who consulted family-level pages (the access log),
for the coordinators of a territory and administrators; 404 for everyone else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from territories.access import is_administrator, territory_for_data_entry_or_404
from territories.audit_display import entry_rows
from territories.audit_forms import AuditFilterForm, DateRangeForm
from territories.models import AccessLogEntry, AuditEntry

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def territory_audit(request, code: str):
    """``/territoires/<code>/journal-des-modifications/``: the territory's changes."""
    territory = territory_for_data_entry_or_404(request.user, code)
    entries = AuditEntry.objects.for_user(request.user).filter(territory=territory)
    return _audit_page(request, entries, territory=territory)


@login_required
def all_audit(request):
    """``/journal-des-modifications/``: every change, territories or not (administrators)."""
    if not is_administrator(request.user):
        raise Http404
    return _audit_page(request, AuditEntry.objects.all(), territory=None)


def _audit_page(request, entries, *, territory):
    form = AuditFilterForm(request.GET or None)
    page = _page(request, form.filter(entries).select_related("actor", "territory"))
    context = {
        "territory": territory,
        "form": form,
        "page_obj": page,
        "rows": entry_rows(list(page.object_list)),
        "query": _query_without_page(request),
    }
    return render(request, "territories/audit/entries.html", context)


@login_required
def territory_access_log(request, code: str):
    """``/territoires/<code>/consultations/``: who viewed which family-level page, when."""
    territory = territory_for_data_entry_or_404(request.user, code)
    form = DateRangeForm(request.GET or None)
    lines = AccessLogEntry.objects.for_user(request.user).filter(territory=territory)
    page = _page(request, form.filter(lines, user_field="user").select_related("user"))
    context = {
        "territory": territory,
        "form": form,
        "page_obj": page,
        "query": _query_without_page(request),
    }
    return render(request, "territories/audit/access_log.html", context)
