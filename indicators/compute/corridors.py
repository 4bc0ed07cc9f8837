"""The corridors of levers 2 and 5: those active during the period, the formal ones, and the
active ones by the priorities they answer (one query, every territory at once)."""

from __future__ import annotations

from datetime import date

from indicators.compute.sql import within
from indicators.compute.tally import Tally
from referrals.models import Corridor


def gather_corridors(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    """Active and formal corridors, and active ones by the priorities they answer."""
    corridors = within(Corridor.objects.active_during(start, end), "territory_id", scope)
    for corridor in corridors.only(
        "territory_id",
        "entry_point",
        "target_delay_days",
        "consent_languages",
        "transfer_template",
        "priorities",
    ):
        tally = tallies[corridor.territory_id]
        tally.corridors_active += 1
        tally.corridors_formal += corridor.is_formal
        key = "|".join(sorted(corridor.priorities or []))
        tally.corridor_priorities[key] = tally.corridor_priorities.get(key, 0) + 1
