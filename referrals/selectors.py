"""Reads for referrals and corridors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from referrals.models import Corridor, Family
from referrals.pseudonyms import hash_family_code
from territories.models import Territory

if TYPE_CHECKING:
    from territories.models import User


def find_family(*, territory: Territory, code: str) -> Family | None:
    """The family a coordinator's file code names on ``territory``, if it is recorded.

    Callers scope ``territory`` to the user first (``get_for_user_or_404``).
    """
    return Family.objects.filter(territory=territory, code_hash=hash_family_code(code)).first()


def corridors_of(*, user: User, territory: Territory) -> QuerySet[Corridor]:
    """The corridors of ``territory`` the user may see (sectors are read from the foreign keys:
    one query)."""
    return Corridor.objects.for_user(user).filter(territory=territory).order_by("code")
