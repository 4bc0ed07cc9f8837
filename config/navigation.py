"""The site navigation for the current user (used by ``templates/base.html``). No query, but
for those who enter data: the count of referrals to watch (one query), and for PAPs: the open
surveys they have not answered yet (one query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from referrals.selectors import watch_count
from surveys.selectors import unanswered_count
from territories.access import enters_data, is_administrator, oversees_plans
from territories.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict:
    """``nav_items`` (label, url, active) and ``nav_user`` (name, role label) for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_user": None}

    path = request.path
    entries = [
        (_("Overview"), reverse("dashboards:overview")),
        (_("Territories"), reverse("territories:list")),
    ]
    if oversees_plans(user):
        entries.append((_("Action plans"), reverse("dashboards:plans")))
    if enters_data(user):
        count = watch_count(user=user, today=timezone.localdate())
        entries.append((_("Referrals"), reverse("referrals:list")))
        entries.append(
            (gettext("To watch (%(count)d)") % {"count": count}, reverse("referrals:watch"))
        )
        entries.append((_("Corridors"), reverse("corridors:list")))
        entries.append((_("Import"), reverse("imports:start")))
    unanswered = unanswered_count(user, timezone.localdate())
    if unanswered:
        survey_label = gettext("Surveys (%(count)d to answer)") % {"count": unanswered}
    else:
        survey_label = gettext("Surveys")
    entries.append((survey_label, reverse("surveys:list")))
    if is_administrator(user) or user.is_staff:
        entries.append((_("Administration"), reverse("admin:index")))
    items = [NavItem(label, url, _is_active(path, url, entries)) for label, url in entries]

    role_label = Role.ADMIN.label if user.is_superuser else user.get_role_display()
    return {
        "nav_items": items,
        "nav_user": {"name": user.get_full_name() or user.get_username(), "role": role_label},
    }


def _is_active(path: str, url: str, entries: list) -> bool:
    """The entry whose address is the longest start of ``path`` (the watch list, not also the
    referrals above it)."""
    matches = [u for _label, u in entries if path.startswith(u)]
    return bool(matches) and max(matches, key=len) == url
