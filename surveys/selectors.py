"""Reading surveys for the pages and the navigation, always through the user's scope."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from surveys.models import Campaign, Participation, SurveyKind
from territories.models import Role, User


def open_for_pap(user: User, today: date) -> QuerySet:
    """The PAP campaigns of ``user``'s territories open on ``today``, each with ``answered``."""
    mine = Participation.objects.filter(campaign=OuterRef("pk"), user=user)
    return (
        Campaign.objects.for_user(user)
        .filter(kind=SurveyKind.PAP, opens_on__lte=today, closes_on__gte=today)
        .select_related("territory")
        .annotate(answered=Exists(mine))
        .order_by("closes_on", "territory__code")
    )


def unanswered_count(user: User, today: date) -> int:
    """Open campaigns a PAP has not answered yet (one query; 0 for other roles)."""
    if not user.is_authenticated or user.is_superuser or user.role != Role.PAP:
        return 0
    return open_for_pap(user, today).filter(answered=False).count()
