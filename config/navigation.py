"""The site navigation for the current user (used by ``templates/base.html``). No query."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from territories.access import is_administrator
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
    if is_administrator(user) or user.is_staff:
        entries.append((_("Administration"), reverse("admin:index")))
    items = [NavItem(label, url, path.startswith(url)) for label, url in entries]

    role_label = Role.ADMIN.label if user.is_superuser else user.get_role_display()
    return {
        "nav_items": items,
        "nav_user": {"name": user.get_full_name() or user.get_username(), "role": role_label},
    }
