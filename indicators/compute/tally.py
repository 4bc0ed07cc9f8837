"""The tally: what one territory contributes to the formulas, in counts and sums that add up.

Tallies of several territories add up, which is how the province row is made (the design's
pooled data), how the breakdowns pool groups, and why :mod:`indicators.store` can keep them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction


@dataclass
class Tally:
    """What one territory (or several, added up) contributes to the formulas."""

    # Lever 1
    sectors_active: int = 0
    sectors_conforming: int = 0
    pairs: int = 0
    jaccard_sum: Fraction = Fraction(0)
    presentations: int = 0
    # Lever 2
    cohort: int = 0
    families: int = 0
    escaped_families: int = 0
    loops: int = 0
    taken: int = 0
    delay_days: int = 0
    corridors_active: int = 0
    corridors_formal: int = 0
    # Lever 3 and 6
    departures: int = 0
    staff_at_start: int = 0
    staff_at_end: int = 0
    paps: int = 0
    supervision_hours: Decimal = Decimal(0)
    support_requests: int = 0
    # Lever 4
    projects: int = 0
    family_responses: int = 0
    family_score: int = 0
    family_respondents: int = 0
    pap_responses: int = 0
    pap_score: int = 0
    pap_respondents: int = 0  # paper answers: one respondent each
    pap_online_respondents: int = 0  # distinct PAPs who answered online
    # Lever 5: active corridors by the priorities they answer ("" for none, else the sorted
    # priorities joined by "|"). Which priorities a territory triggers depends on every
    # territory's profile, so it is applied when values are made, not when tallies are read.
    corridor_priorities: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: Tally) -> Tally:
        total = Tally()
        for item in fields(Tally):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if isinstance(mine, dict):
                summed = dict(mine)
                for key, count in theirs.items():
                    summed[key] = summed.get(key, 0) + count
            else:
                summed = mine + theirs
            setattr(total, item.name, summed)
        return total

    def adapted_corridors(self, triggered: Iterable[str]) -> int:
        """Active corridors answering at least one of the ``triggered`` priorities."""
        wanted = set(triggered)
        return sum(
            count for key, count in self.corridor_priorities.items() if wanted & set(key.split("|"))
        )

    def to_json(self) -> dict:
        """The tally as JSON-ready values (exact: fractions and decimals as text)."""
        data = {}
        for item in fields(Tally):
            value = getattr(self, item.name)
            data[item.name] = str(value) if isinstance(value, Fraction | Decimal) else value
        return data

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        tally = cls()
        for item in fields(Tally):
            if item.name not in data:
                continue
            current = getattr(tally, item.name)
            value = data[item.name]
            if isinstance(current, Fraction | Decimal):
                value = type(current)(value)
            setattr(tally, item.name, value)
        return tally
