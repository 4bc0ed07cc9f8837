"""Which referrals of a family are loops: the rule of ``L2_LOOP_RATE_PCT`` (DESIGN.md section 6),
for one family's timeline. The indicator engine counts the same rule in SQL, over every family at
once (``indicators.compute.referral_cohort``); a test keeps the two in step.

A referral r loops when the same family has a referral r0 (any status) with
r0.referred_on < r.referred_on ≤ r0.referred_on + ``LOOP_DAYS`` days, sent the other way:
r0.from_sector = r.to_sector and r0.to_sector = r.from_sector. (The indicator leaves cancelled
referrals out of its cohort, so it never counts a cancelled r, though it may be an r0.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Protocol

from django.conf import settings


class ReferralLike(Protocol):
    pk: int
    referred_on: object
    from_sector_id: str
    to_sector_id: str


def loop_ids(referrals: Iterable[ReferralLike], *, loop_days: int | None = None) -> set[int]:
    """The ids of the referrals that loop, among one family's ``referrals`` (any order)."""
    window = timedelta(days=settings.LOOP_DAYS if loop_days is None else loop_days)
    referrals = list(referrals)
    return {
        r.pk
        for r in referrals
        if any(
            r0.referred_on < r.referred_on <= r0.referred_on + window
            and (r0.from_sector_id, r0.to_sector_id) == (r.to_sector_id, r.from_sector_id)
            for r0 in referrals
        )
    }
