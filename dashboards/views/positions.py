"""``/territoires/<code>/postes/``: the territory's PAP positions, the sectors meeting the
shared framework and the overlap matrix between sectors (``dashboards.positions_page``).

Who reads it: coordinators and PAPs of the territory (PAPs look up who does what in their
territory), advisors and administrators (every territory). Positions are not family-level
data. The links to the forms show to those who enter data (coordinators, administrators)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from dashboards.positions_page import positions_page
from territories.access import enters_data, get_for_user_or_404
from territories.models import Territory


@login_required
def territory_positions(request, code: str):
    territory = get_for_user_or_404(Territory, request.user, code=code)
    page = positions_page(user=request.user, territory=territory, today=timezone.localdate())
    context = {"page": page, "territory": territory, "can_edit": enters_data(request.user)}
    return render(request, "dashboards/positions.html", context)
