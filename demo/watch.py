"""A few pending referrals dated relative to the day ``load_demo`` runs, so that the watch list
(``/orientations/a-surveiller/``) has something to show every morning.

The rest of the demo is fixed in 2023-2025; these lie after it, on families of their own, so
they change no indicator of the demo's fiscal years (nor the golden exports).
"""

from __future__ import annotations

from datetime import date, timedelta

from referrals.models import Corridor, Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from territories.models import Sector, Territory

# (territory, days before today, from sector, to sector, corridor code or None). With today's
# rules: A's 3-day one is past its corridor's 2-day delay, the 10-day one past 3 days, the others
# 21 days or more; B's 10-day one follows a corridor without a delay, so it is not listed yet.
RECENT = (
    ("A", 3, "MFA", "MSSS", "A-COR-1"),
    ("A", 10, "MSSS", "MFA", "A-COR-3"),
    ("A", 22, "MFA", "MSSS", None),
    ("A", 27, "MSSS", "MFA", None),
    ("B", 3, "MEQ", "MFA", "B-COR-1"),
    ("B", 10, "MSSS", "MEQ", "B-COR-2"),
    ("B", 22, "MFA", "MSSS", None),
    ("B", 27, "MEQ", "MFA", None),
)


def recent_ref(code: str, number: int) -> str:
    return f"{code}-RECENT-{number:02d}"


def build_watch_list(
    *,
    today: date,
    territories: dict[str, Territory],
    corridors: list[Corridor],
    sectors: dict[str, Sector],
) -> int:
    """Create the :data:`RECENT` pending referrals, each for a family of its own."""
    by_code = {corridor.code: corridor for corridor in corridors}
    referrals = []
    for number, (code, days, from_sector, to_sector, corridor) in enumerate(RECENT, start=1):
        territory = territories[code]
        family = Family.objects.create(
            territory=territory, code_hash=hash_family_code(f"{code}-RECENT-{number}")
        )
        referred_on = today - timedelta(days=days)
        referrals.append(
            Referral(
                territory=territory,
                ref=recent_ref(code, number),
                family=family,
                from_sector=sectors[from_sector],
                to_sector=sectors[to_sector],
                corridor=by_code.get(corridor),
                first_contact_on=referred_on - timedelta(days=1),
                referred_on=referred_on,
                status=ReferralStatus.PENDING,
                consent=True,
                consent_language="fr",
            )
        )
    Referral.objects.bulk_create(referrals)
    return len(referrals)
