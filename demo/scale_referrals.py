"""Families and referrals of ``generate_demo``: many, fast, with the shapes the indicators see.

Each family opens with a referral dated anywhere in the demo's two fiscal years. Then, as in
the small demo, some are sent back the other way within 90 days (a loop), some lost or declined
ones are referred again and taken in charge, and many are later referred onwards to another
sector, so that a family has about 1.6 referrals. Most referrals are taken in charge within 0–5
days of the first contact; a tail takes weeks; some stay pending or declined past 30 days, some
are lost or cancelled. A referral follows a corridor of its territory when one joins its two
sectors, in its direction, on its date (most of the time). Days are handled as ordinals (ints)
for speed; the territory's quota of referrals is met exactly.
"""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date

from demo import data
from demo.bulk import RowWriter
from demo.scale_plans import TerritoryPlan, territory_rng
from referrals.models import Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from territories.random_ids import BITS, WITHIN_BITS

START = data.DEMO_START.toordinal()
END = data.DEMO_END.toordinal()
# Every day a referral may carry, as a date: first contacts come up to 30 days before the
# demo starts, closings up to 60 days after a referral.
_FIRST_DAY = START - 60
_DAYS = [date.fromordinal(day) for day in range(_FIRST_DAY, END + 120)]

ONWARD_SHARE = 0.55  # chance of a further referral to another sector (halved at each step)
CORRIDOR_USE = 0.9  # share of referrals recording the corridor their pair and date have
RECENT_DAYS = 30

TAKEN = ReferralStatus.TAKEN_IN_CHARGE.value
PENDING = ReferralStatus.PENDING.value
STATUSES = (
    TAKEN,
    ReferralStatus.DECLINED.value,
    ReferralStatus.LOST.value,
    PENDING,
    ReferralStatus.CANCELLED.value,
)
FAILED = (ReferralStatus.DECLINED.value, ReferralStatus.LOST.value)
CLOSING_DAYS = {
    ReferralStatus.DECLINED.value: (2, 20),
    ReferralStatus.LOST.value: (25, 60),
    ReferralStatus.CANCELLED.value: (0, 10),
}
FAMILY_COLUMNS = ("id", "territory_id", "code_hash", "immigrant")
REFERRAL_COLUMNS = (
    "id",
    "territory_id",
    "ref",
    "family_id",
    "from_sector_id",
    "to_sector_id",
    "corridor_id",
    "first_contact_on",
    "referred_on",
    "taken_in_charge_on",
    "status",
    "closed_on",
    "consent",
    "consent_language",
    "interpreter",
)


def quotas(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, by largest remainders (sums exactly)."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    numbers = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (numbers[i] - shares[i], i))
    for index in by_remainder[: total - sum(numbers)]:
        numbers[index] += 1
    return numbers


def write_referrals(
    writer: RowWriter, plans: list[TerritoryPlan], *, total: int, seed: int
) -> None:
    """Families then referrals of each territory, ``total`` referrals in all. Families and
    referrals have random ids, as the application draws them (territories.random_ids), from
    the seed."""
    taken: set[int] = set()
    for plan, quota in zip(plans, quotas(total, [p.weight for p in plans]), strict=True):
        drawer = _Drawer(territory_rng(seed, plan.code, "referrals"), plan)
        drawer.draw(quota)
        code, territory_id = plan.code, plan.territory.pk
        family_ids = _random_ids(
            territory_rng(seed, code, "family ids"), len(drawer.immigrant), taken, territory_id
        )
        writer.write(
            Family,
            FAMILY_COLUMNS,
            (
                (family_ids[index], territory_id, hash_family_code(f"{code}-{index + 1:06d}"), flag)
                for index, flag in enumerate(drawer.immigrant)
            ),
        )
        drawer.drafts.sort()
        referral_ids = _random_ids(
            territory_rng(seed, code, "referral ids"), len(drawer.drafts), taken
        )
        days = _DAYS
        writer.write(
            Referral,
            REFERRAL_COLUMNS,
            (
                (
                    referral_ids[number],
                    territory_id,
                    f"{code}-{number + 1:07d}",
                    family_ids[family],
                    from_sector,
                    to_sector,
                    corridor,
                    days[first_contact - _FIRST_DAY],
                    days[referred - _FIRST_DAY],
                    None if taken is None else days[taken - _FIRST_DAY],
                    status,
                    None if closed is None else days[closed - _FIRST_DAY],
                    consent,
                    language,
                    interpreter,
                )
                for number, (
                    referred,
                    family,
                    _step,
                    from_sector,
                    to_sector,
                    corridor,
                    first_contact,
                    taken,
                    status,
                    closed,
                    consent,
                    language,
                    interpreter,
                ) in enumerate(drawer.drafts)
            ),
        )


def _random_ids(
    rng: random.Random, count: int, taken: set[int], within: int | None = None
) -> list[int]:
    """``count`` ids not ``taken`` yet (then taken): from 1 to 2**52, or within the territory
    ``within`` as :func:`territories.random_ids.random_id_within` draws them."""
    ids = []
    while len(ids) < count:
        if within is None:
            drawn = rng.getrandbits(BITS) + 1
        else:
            drawn = (within << WITHIN_BITS) | rng.getrandbits(WITHIN_BITS)
        if drawn not in taken:
            taken.add(drawn)
            ids.append(drawn)
    return ids


class _Drawer:
    """Draws one territory's families and referrals with its own generator."""

    def __init__(self, rng: random.Random, plan: TerritoryPlan) -> None:
        self.rng = rng
        profile = plan.referrals
        self.profile = profile
        self.pairs = [(p[0], p[1]) for p in profile.pairs]
        self.pair_cumulative = _cumulative([p[2] for p in profile.pairs])
        self.status_cumulative = _cumulative(profile.statuses)
        languages = profile.immigrant_languages
        self.languages = [language for language, _weight in languages]
        self.language_cumulative = _cumulative([weight for _language, weight in languages])
        self.corridors: dict[tuple[str, str], list[tuple[int, int, int, bool]]] = {}
        for corridor in plan.corridors:
            active_to = corridor.active_to.toordinal() if corridor.active_to else END + 1000
            self.corridors.setdefault((corridor.from_sector_id, corridor.to_sector_id), []).append(
                (corridor.pk, corridor.active_from.toordinal(), active_to, corridor.is_formal)
            )
        self.immigrant: list[bool] = []
        self.drafts: list[tuple] = []

    def draw(self, quota: int) -> None:
        rng, profile = self.rng, self.profile
        span = END - START
        while len(self.drafts) < quota:
            family = len(self.immigrant)
            self.immigrant.append(rng.random() < profile.immigrant_share)
            trajectory: list[tuple] = []
            from_sector, to_sector = self._pair()
            first = self._draw(family, 0, from_sector, to_sector, START + rng.randint(0, span))
            trajectory.append(first)
            referred, status = first[0], first[8]
            if from_sector != "MESS" and rng.random() < profile.loop_share:
                later = referred + rng.randint(7, 85)
                if later <= END:
                    trajectory.append(self._draw(family, 1, to_sector, from_sector, later))
            if status in FAILED and rng.random() < profile.retry_share:
                retry_from = from_sector if rng.random() < 0.5 else self._pair()[0]
                later = referred + rng.randint(20, 120)
                if retry_from != to_sector and later <= END:
                    trajectory.append(
                        self._draw(family, 2, retry_from, to_sector, later, status=TAKEN)
                    )
            onward, step, day = ONWARD_SHARE, 3, referred
            while rng.random() < onward:
                day += rng.randint(20, 240)
                if day > END:
                    break
                trajectory.append(self._draw(family, step, *self._pair(), day))
                onward, step = onward / 2, step + 1
            self.drafts.extend(trajectory[: quota - len(self.drafts)])

    def _pair(self) -> tuple[str, str]:
        cumulative = self.pair_cumulative
        return self.pairs[bisect(cumulative, self.rng.random() * cumulative[-1])]

    def _draw(
        self,
        family: int,
        step: int,
        from_sector: str,
        to_sector: str,
        referred: int,
        status: str | None = None,
    ) -> tuple:
        rng, profile = self.rng, self.profile
        corridor, formal = None, False
        for corridor_id, active_from, active_to, is_formal in self.corridors.get(
            (from_sector, to_sector), ()
        ):
            if active_from <= referred <= active_to and rng.random() < CORRIDOR_USE:
                corridor, formal = corridor_id, is_formal
                break
        tail = profile.tail_share / (2 if formal else 1)
        if rng.random() < tail / 2:
            gap = rng.randint(6, 30)
        else:
            gap = rng.choice(profile.usual_gap)
        if rng.random() < tail:
            handoff = rng.randint(6, 30)
        else:
            handoff = rng.choice(profile.usual_handoff)
        if status is None:
            if END - referred < RECENT_DAYS and rng.random() < 0.5:
                status = PENDING
            else:
                cumulative = self.status_cumulative
                status = STATUSES[bisect(cumulative, rng.random() * cumulative[-1])]
        taken = None
        if status == TAKEN:
            taken = referred + handoff
            if taken > END:
                status, taken = PENDING, None
        if status == PENDING:
            closed = None
        elif taken is not None:
            closed = taken + rng.randint(0, 14)
            closed = closed if closed <= END else None
        else:
            closed = min(referred + rng.randint(*CLOSING_DAYS[status]), END)
        roll = rng.random()
        consent = True if roll < 0.82 else False if roll < 0.88 else None
        immigrant = self.immigrant[family]
        if immigrant:
            cumulative = self.language_cumulative
            language = self.languages[bisect(cumulative, rng.random() * cumulative[-1])]
        else:
            language = "fr" if rng.random() < 0.92 else "en"
        interpreter = immigrant and language not in ("fr", "en") and rng.random() < 0.75
        if consent is None:
            language = ""
        return (
            referred,
            family,
            step,
            from_sector,
            to_sector,
            corridor,
            referred - gap,
            taken,
            status,
            closed,
            consent,
            language,
            interpreter,
        )


def _cumulative(weights) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result
