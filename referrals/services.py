"""Writes for referrals: families are registered by their code, never storing it."""

from __future__ import annotations

from referrals.models import Family
from referrals.pseudonyms import hash_family_code
from territories.models import Territory


def register_family(*, territory: Territory, code: str, immigrant: bool | None = None) -> Family:
    """The family of ``code`` on ``territory``, created when new; ``immigrant`` updates the flag."""
    family, created = Family.objects.get_or_create(
        territory=territory,
        code_hash=hash_family_code(code),
        defaults={"immigrant": bool(immigrant)},
    )
    if not created and immigrant is not None and family.immigrant != immigrant:
        family.immigrant = immigrant
        family.save(update_fields=["immigrant"])
    return family
