"""Who may see which territory: the one place where access is decided.

Every model holding territory data gets a ``for_user(user)`` QuerySet method from
:class:`ScopedQuerySet`; views fetch single objects through :func:`get_for_user_or_404`, so a user
asking for another territory's record gets 404. Advisors and administrators see every territory;
coordinators and PAPs see the territories they are attached to. Family-level rows (families,
referrals) are for coordinators and administrators only: advisors receive aggregates, never them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from territories.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from territories.models import User


def _role(user: User | AnonymousUser) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def is_administrator(user: User | AnonymousUser) -> bool:
    """Administrators manage users, reference data and raw survey answers."""
    return _role(user) == Role.ADMIN


def sees_all_territories(user: User | AnonymousUser) -> bool:
    """Advisors and administrators see every territory."""
    return _role(user) in (Role.ADVISOR, Role.ADMIN)


def sees_family_data(user: User | AnonymousUser) -> bool:
    """Only coordinators (in their territories) and administrators see family-level rows."""
    return _role(user) in (Role.COORDINATION, Role.ADMIN)


def enters_data(user: User | AnonymousUser) -> bool:
    """Coordinators (in their territories) and administrators enter and import data; advisors
    and PAPs get 404 on every data-entry page."""
    return sees_family_data(user)


def reports_gaps(user: User | AnonymousUser) -> bool:
    """PAPs and coordinators (in their territories) and administrators record service gaps;
    advisors read their counts only."""
    return _role(user) in (Role.PAP, Role.COORDINATION, Role.ADMIN)


def oversees_plans(user: User | AnonymousUser) -> bool:
    """Advisors, coordinators (their territories) and administrators read the action plans'
    province view; PAPs do not."""
    return _role(user) in (Role.ADVISOR, Role.COORDINATION, Role.ADMIN)


def territory_ids(user: User | AnonymousUser) -> frozenset[int] | None:
    """The ids of the territories ``user`` may see; ``None`` means every territory.

    Computed once per user object (one query), then kept on it for the request.
    """
    role = _role(user)
    if role is None:
        return frozenset()
    if role in (Role.ADVISOR, Role.ADMIN):
        return None
    cached = getattr(user, "_arrimage_territory_ids", None)
    if cached is None:
        cached = frozenset(user.territories.values_list("pk", flat=True))
        user._arrimage_territory_ids = cached
    return cached


def in_scope(user: User | AnonymousUser, territory) -> bool:
    """Whether ``territory`` is one of the territories ``user`` may see."""
    ids = territory_ids(user)
    return ids is None or territory.pk in ids


def forget_cached_scope(user: User) -> None:
    """Drop the scope kept on ``user`` (after its territories change)."""
    user.__dict__.pop("_arrimage_territory_ids", None)


class ScopedQuerySet(models.QuerySet):
    """A QuerySet whose ``for_user`` keeps the rows of the territories a user may see.

    Subclasses name the path from the model to its territory (``territory_path``) and say
    whether their rows are family-level (``family_level``).
    """

    territory_path: str = "territory"
    family_level: bool = False

    def for_user(self, user: User | AnonymousUser) -> ScopedQuerySet:
        if _role(user) is None:
            return self.none()
        if self.family_level and not sees_family_data(user):
            return self.none()
        ids = territory_ids(user)
        if ids is None:
            return self.all()
        lookup = f"{self.territory_path}__in" if self.territory_path else "pk__in"
        return self.filter(**{lookup: ids})


def data_entry_or_404(user: User | AnonymousUser) -> None:
    """404 unless ``user`` enters data (:func:`enters_data`): data-entry pages do not say they
    exist to advisors and PAPs."""
    if not enters_data(user):
        raise Http404


def territory_for_data_entry_or_404(user: User | AnonymousUser, code: str):
    """The territory ``code`` when ``user`` enters data there, else 404."""
    from territories.models import Territory

    data_entry_or_404(user)
    return get_for_user_or_404(Territory, user, code=code)


def get_for_user_or_404(model_or_queryset: Any, user: User | AnonymousUser, **lookup: Any):
    """The object matching ``lookup`` within ``user``'s scope, or 404."""
    queryset = getattr(model_or_queryset, "_default_manager", model_or_queryset)
    return get_object_or_404(queryset.for_user(user), **lookup)
