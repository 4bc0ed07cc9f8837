"""The demo's families and referrals: two fiscal years of drawn, deterministic trajectories.

Each family opens with one referral; some are then sent back within 90 days (a loop), and some
lost or declined families are referred again later and taken in charge. C does worst (more
losses, longer delays), D best. Family codes such as ``A-2023-017`` are only hashed, never stored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from demo.data import DEMO_END, FISCAL_YEARS
from referrals.models import Corridor, Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from territories.models import Sector, Territory
from territories.random_ids import random_id_within


@dataclass(frozen=True)
class ReferralProfile:
    """How a territory's referrals are drawn: volume, mix, outcomes and delays."""

    per_year: tuple[int, int]  # referrals opening a family's trajectory, per fiscal year
    immigrant_share: float
    pairs: tuple[tuple[str, str, int], ...]  # (from sector, to sector, weight)
    # status weights: taken_in_charge, declined, lost, pending, cancelled
    statuses: tuple[int, int, int, int, int]
    usual_gap: tuple[int, ...]  # days from first contact to referral, drawn from these
    usual_handoff: tuple[int, ...]  # days from referral to taking in charge
    tail_share: float  # handoffs taking 6-30 days (first contacts: half; formal corridor: half)
    loop_share: float  # share of families sent back within 90 days
    retry_share: float  # share of lost or declined families referred again, successfully
    immigrant_languages: tuple[tuple[str, int], ...]  # consent languages and weights


# fmt: off
REFERRAL_PROFILES = {
    "A": ReferralProfile(
        per_year=(44, 48), immigrant_share=0.22,
        pairs=(("MFA", "MSSS", 5), ("MSSS", "MFA", 4)),
        statuses=(80, 6, 7, 3, 4),
        usual_gap=(0, 0, 1, 1, 2, 3, 5), usual_handoff=(0, 1, 1, 2, 3, 4, 5),
        tail_share=0.10, loop_share=0.06, retry_share=0.40,
        immigrant_languages=(("fr", 4), ("en", 2), ("es", 2), ("ar", 1), ("fa", 1)),
    ),
    "B": ReferralProfile(
        per_year=(58, 62), immigrant_share=0.07,
        pairs=(
            ("MFA", "MSSS", 3), ("MSSS", "MFA", 2), ("MEQ", "MFA", 3), ("MFA", "MEQ", 2),
            ("MSSS", "MEQ", 2), ("MEQ", "MSSS", 2), ("MESS", "MFA", 1), ("MESS", "MSSS", 1),
        ),
        statuses=(76, 8, 9, 3, 4),
        usual_gap=(0, 0, 1, 2, 2, 3, 4, 5), usual_handoff=(0, 1, 2, 2, 3, 4, 5),
        tail_share=0.12, loop_share=0.05, retry_share=0.35,
        immigrant_languages=(("fr", 5), ("en", 3), ("es", 1)),
    ),
    "C": ReferralProfile(
        per_year=(66, 72), immigrant_share=0.55,
        pairs=(
            ("MFA", "MEQ", 3), ("MEQ", "MFA", 2), ("MIFI", "MFA", 4), ("MFA", "MIFI", 3),
            ("MEQ", "MIFI", 1), ("MIFI", "MEQ", 2), ("MESS", "MIFI", 1), ("MESS", "MFA", 1),
        ),
        statuses=(64, 9, 17, 6, 4),
        usual_gap=(0, 1, 2, 3, 4, 5), usual_handoff=(1, 2, 3, 4, 5, 5),
        tail_share=0.25, loop_share=0.11, retry_share=0.30,
        immigrant_languages=(("fr", 3), ("en", 2), ("es", 3), ("ar", 3), ("fa", 2)),
    ),
    "D": ReferralProfile(
        per_year=(52, 56), immigrant_share=0.16,
        pairs=(
            ("MSSS", "MFA", 3), ("MFA", "MSSS", 2), ("MFA", "MEQ", 3), ("MEQ", "MFA", 2),
            ("MEQ", "MSSS", 2), ("MSSS", "MEQ", 1),
        ),
        statuses=(88, 4, 3, 2, 3),
        usual_gap=(0, 0, 0, 0, 0, 1, 1, 2), usual_handoff=(0, 0, 0, 1, 1, 1, 2, 3),
        tail_share=0.04, loop_share=0.03, retry_share=0.50,
        immigrant_languages=(("fr", 4), ("en", 3), ("es", 2), ("ar", 1)),
    ),
}
# fmt: on

_STATUSES = (
    ReferralStatus.TAKEN_IN_CHARGE,
    ReferralStatus.DECLINED,
    ReferralStatus.LOST,
    ReferralStatus.PENDING,
    ReferralStatus.CANCELLED,
)
RECENT_DAYS = 30  # referrals this close to the demo's end are often still pending


@dataclass
class _Draft:
    family_code: str
    from_sector: str
    to_sector: str
    first_contact_on: date
    referred_on: date
    taken_in_charge_on: date | None
    status: str
    closed_on: date | None
    consent: bool | None
    consent_language: str
    interpreter: bool
    corridor: Corridor | None


class _Drawer:
    """Draws one territory's referrals with the shared random generator."""

    def __init__(self, rng: random.Random, code: str, corridors: list[Corridor]) -> None:
        self.rng = rng
        self.code = code
        self.profile: ReferralProfile = REFERRAL_PROFILES[code]
        self.corridors = corridors
        self.immigrant: dict[str, bool] = {}
        self.drafts: list[_Draft] = []

    def draw_year(self, fiscal_year: int, count: int) -> None:
        start, end = date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)
        days = (end - start).days
        rng, profile = self.rng, self.profile
        for number, status in enumerate(self._deck(count), start=1):
            family = f"{self.code}-{fiscal_year}-{number:03d}"
            self.immigrant[family] = rng.random() < profile.immigrant_share
            from_sector, to_sector = self._pair()
            referred_on = start + timedelta(rng.randint(0, days))
            if self._recent(referred_on) and rng.random() < 0.5:
                status = ReferralStatus.PENDING
            first = self._draw(family, from_sector, to_sector, referred_on, status)
            if from_sector != "MESS" and rng.random() < profile.loop_share:
                self._follow_up(first, to_sector, from_sector, rng.randint(7, 85), None)
            failed = first.status in (ReferralStatus.LOST, ReferralStatus.DECLINED)
            if failed and rng.random() < profile.retry_share:
                retry_from = first.from_sector if rng.random() < 0.5 else self._pair()[0]
                if retry_from != first.to_sector:
                    self._follow_up(
                        first,
                        retry_from,
                        first.to_sector,
                        rng.randint(20, 120),
                        ReferralStatus.TAKEN_IN_CHARGE,
                    )

    def _deck(self, count: int) -> list[str]:
        """``count`` statuses in the profile's proportions (largest remainders), shuffled.

        Dealing from a deck rather than drawing each status keeps a territory's year close to
        its profile: with some fifty referrals, independent draws stray too far.
        """
        weights = self.profile.statuses
        shares = [count * weight / sum(weights) for weight in weights]
        numbers = [int(share) for share in shares]
        by_remainder = sorted(range(len(shares)), key=lambda i: numbers[i] - shares[i])
        for index in by_remainder[: count - sum(numbers)]:
            numbers[index] += 1
        deck = [status for status, n in zip(_STATUSES, numbers, strict=True) for _ in range(n)]
        self.rng.shuffle(deck)
        return deck

    @staticmethod
    def _recent(referred_on: date) -> bool:
        return (DEMO_END - referred_on).days < RECENT_DAYS

    def _pair(self) -> tuple[str, str]:
        pairs = self.profile.pairs
        from_sector, to_sector, _weight = self.rng.choices(pairs, [p[2] for p in pairs])[0]
        return from_sector, to_sector

    def _follow_up(
        self, previous: _Draft, from_sector: str, to_sector: str, after: int, status: str | None
    ) -> None:
        referred_on = previous.referred_on + timedelta(after)
        if referred_on <= DEMO_END:
            self._draw(previous.family_code, from_sector, to_sector, referred_on, status)

    def _corridor(self, from_sector: str, to_sector: str, on: date) -> Corridor | None:
        for corridor in self.corridors:
            if (
                corridor.from_sector_id == from_sector
                and corridor.to_sector_id == to_sector
                and corridor.active_from <= on
                and (corridor.active_to is None or corridor.active_to >= on)
            ):
                return corridor
        return None

    def _draw(
        self,
        family: str,
        from_sector: str,
        to_sector: str,
        referred_on: date,
        status: str | None = None,
    ) -> _Draft:
        rng, profile = self.rng, self.profile
        corridor = self._corridor(from_sector, to_sector, referred_on)
        tail = profile.tail_share / (2 if corridor is not None and corridor.is_formal else 1)
        gap = rng.randint(6, 30) if rng.random() < tail / 2 else rng.choice(profile.usual_gap)
        handoff = rng.randint(6, 30) if rng.random() < tail else rng.choice(profile.usual_handoff)
        if status is None:
            if self._recent(referred_on) and rng.random() < 0.5:
                status = ReferralStatus.PENDING
            else:
                status = rng.choices(_STATUSES, profile.statuses)[0]
        taken_in_charge_on = None
        if status == ReferralStatus.TAKEN_IN_CHARGE:
            taken_in_charge_on = referred_on + timedelta(handoff)
            if taken_in_charge_on > DEMO_END:
                status, taken_in_charge_on = ReferralStatus.PENDING, None
        draft = _Draft(
            family_code=family,
            from_sector=from_sector,
            to_sector=to_sector,
            first_contact_on=referred_on - timedelta(gap),
            referred_on=referred_on,
            taken_in_charge_on=taken_in_charge_on,
            status=status,
            closed_on=self._closed_on(status, referred_on, taken_in_charge_on),
            corridor=corridor,
            **self._consent(self.immigrant[family]),
        )
        self.drafts.append(draft)
        return draft

    def _closed_on(
        self, status: str, referred_on: date, taken_in_charge_on: date | None
    ) -> date | None:
        rng = self.rng
        if status == ReferralStatus.PENDING:
            return None
        if taken_in_charge_on is not None:
            closed_on = taken_in_charge_on + timedelta(rng.randint(0, 14))
            return closed_on if closed_on <= DEMO_END else None
        after = {
            ReferralStatus.DECLINED: (2, 20),
            ReferralStatus.LOST: (25, 60),
            ReferralStatus.CANCELLED: (0, 10),
        }[status]
        return min(referred_on + timedelta(rng.randint(*after)), DEMO_END)

    def _consent(self, immigrant: bool) -> dict[str, object]:
        rng = self.rng
        roll = rng.random()
        consent = True if roll < 0.82 else False if roll < 0.88 else None
        if immigrant:
            languages = self.profile.immigrant_languages
            language = rng.choices([lang for lang, _w in languages], [w for _l, w in languages])[0]
        else:
            language = "fr" if rng.random() < 0.92 else "en"
        interpreter = immigrant and language not in ("fr", "en") and rng.random() < 0.75
        if consent is None:
            language = ""
        return {"consent": consent, "consent_language": language, "interpreter": interpreter}


def build_referrals(
    *,
    rng: random.Random,
    territories: dict[str, Territory],
    corridors: list[Corridor],
    sectors: dict[str, Sector],
) -> tuple[int, int]:
    """Create the families and referrals of every demo territory; return both counts."""
    families: list[Family] = []
    referrals: list[Referral] = []
    for code, territory in territories.items():
        drawer = _Drawer(rng, code, [c for c in corridors if c.territory_id == territory.pk])
        for index, fiscal_year in enumerate(FISCAL_YEARS):
            drawer.draw_year(fiscal_year, drawer.profile.per_year[index])
        by_code = {
            family: Family(
                id=random_id_within(territory.pk),
                territory=territory,
                code_hash=hash_family_code(family),
                immigrant=immigrant,
            )
            for family, immigrant in drawer.immigrant.items()
        }
        Family.objects.bulk_create(by_code.values())
        families.extend(by_code.values())
        drafts = sorted(drawer.drafts, key=lambda d: (d.referred_on, d.family_code, d.to_sector))
        for number, draft in enumerate(drafts, start=1):
            referrals.append(
                Referral(
                    territory=territory,
                    ref=f"{code}-{number:04d}",
                    family=by_code[draft.family_code],
                    from_sector=sectors[draft.from_sector],
                    to_sector=sectors[draft.to_sector],
                    corridor=draft.corridor,
                    first_contact_on=draft.first_contact_on,
                    referred_on=draft.referred_on,
                    taken_in_charge_on=draft.taken_in_charge_on,
                    status=draft.status,
                    closed_on=draft.closed_on,
                    consent=draft.consent,
                    consent_language=draft.consent_language,
                    interpreter=draft.interpreter,
                )
            )
    Referral.objects.bulk_create(referrals)
    return len(families), len(referrals)
