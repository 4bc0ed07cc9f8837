"""Lever 1's positions: the sectors conforming to the reference framework, and the overlap of
mandates between sectors (one query, every territory at once), with the similarity of two
positions' target populations that the territory page also shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from itertools import combinations

from indicators.compute.sql import within
from indicators.compute.tally import Tally
from territories.models import Position, ReferenceFramework


def jaccard(first: Iterable[str], second: Iterable[str]) -> Fraction:
    """The Jaccard similarity of two target-population sets: shared ÷ together, 0 when both are
    empty."""
    first, second = set(first), set(second)
    union = first | second
    return Fraction(len(first & second), len(union)) if union else Fraction(0)


def gather_positions(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    """Sectors active and conforming, and the cross-sector pairs of positions active during
    [``start``, ``end``] with the sum of their Jaccard similarities."""
    framework = ReferenceFramework.current()
    by_territory: dict[int, list[tuple[int, list, list]]] = defaultdict(list)
    positions = within(
        Position.objects.active_during(start, end), "organization__territory_id", scope
    )
    for territory_id, sector_id, components, populations in positions.values_list(
        "organization__territory_id", "organization__sector_id", "components", "populations"
    ):
        by_territory[territory_id].append((sector_id, components or [], populations or []))
    for territory_id, positions in by_territory.items():
        tally = tallies[territory_id]
        tally.sectors_active = len({sector for sector, _c, _p in positions})
        tally.sectors_conforming = len(
            {sector for sector, components, _p in positions if framework.is_met_by(components)}
        )
        for (sector_a, _ca, pop_a), (sector_b, _cb, pop_b) in combinations(positions, 2):
            if sector_a == sector_b:
                continue
            tally.pairs += 1
            tally.jaccard_sum += jaccard(pop_a, pop_b)
