"""``/territoires/<code>/repertoire/``: « Qui fait quoi », the territory's directory of PAP
positions and corridors, with its search (issue 15). The reads and the rules are in
``referrals.directory``.

Whoever's scope includes the territory reads it: its PAPs and coordinators, administrators and
advisors (every territory); everyone else gets 404. It shows no family and no person: positions
are reached through their organization's entry point.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from referrals.directory import SearchResult, directory_for, search
from referrals.directory_forms import DirectorySearchForm
from territories.access import get_for_user_or_404, reports_gaps
from territories.models import Territory


def gap_url(territory: Territory, result: SearchResult) -> str:
    """The gaps page of ``territory`` with the searched need and population filled in.
    (A plain path: the gaps page belongs to ``dashboards``, above this app.)"""
    query = urlencode({"besoin": result.need or "", "population": result.population or ""})
    return f"/territoires/{territory.code}/trous-de-services/?{query}"


@login_required
def directory(request, code: str):
    territory = get_for_user_or_404(Territory, request.user, code=code)
    entries = directory_for(user=request.user, territory=territory, today=timezone.localdate())
    form = DirectorySearchForm(request.GET or None)
    criteria = form.criteria()
    result = search(entries, **criteria) if criteria else None
    context = {"territory": territory, "directory": entries, "form": form, "result": result}
    if result is not None and result.nobody and reports_gaps(request.user):
        context["gap_url"] = gap_url(territory, result)
    return render(request, "referrals/directory.html", context)
