"""``/``: sends each role where it works."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from territories.access import is_administrator
from territories.models import Role, Territory

if TYPE_CHECKING:
    from territories.models import User


@login_required
def home(request):
    return redirect(home_url_for(request.user))


def home_url_for(user: User) -> str:
    """The page ``/`` sends ``user`` to.

    Administrators → the Django admin; advisors → the province overview; coordinators and
    PAPs → their territory's page when they have exactly one territory, else the overview.
    """
    if is_administrator(user) and user.is_staff:
        return reverse("admin:index")
    if user.role in (Role.COORDINATION, Role.PAP):
        codes = list(Territory.objects.for_user(user).values_list("code", flat=True)[:2])
        if len(codes) == 1:
            return reverse("dashboards:territory", kwargs={"code": codes[0]})
    return reverse("dashboards:overview")
