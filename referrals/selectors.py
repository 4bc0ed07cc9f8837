"""Reads for referrals."""

from __future__ import annotations

from referrals.models import Family
from referrals.pseudonyms import hash_family_code
from territories.models import Territory


def find_family(*, territory: Territory, code: str) -> Family | None:
    """The family a coordinator's file code names on ``territory``, if it is recorded.

    Callers scope ``territory`` to the user first (``get_for_user_or_404``).
    """
    return Family.objects.filter(territory=territory, code_hash=hash_family_code(code)).first()
