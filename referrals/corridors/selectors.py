"""Reads of the corridor pages: the corridors of the user's territories, each with what keeps it
from being formal and the priorities it answers, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from referrals.models import FORMAL_CRITERIA, Corridor, CorridorPriority
from territories.models import Territory
from territories.models.rules import overlaps

if TYPE_CHECKING:
    from territories.models import User


@dataclass(frozen=True)
class CorridorStatus:
    """A corridor as its pages describe it."""

    corridor: Corridor
    missing: list[str]  # the formal criteria it lacks, in words (empty: formal)
    priorities: list[str]  # the priorities it answers, in words
    active: bool  # active on the day the page is shown

    @property
    def is_formal(self) -> bool:
        return not self.missing


def corridor_status(corridor: Corridor, *, today: date) -> CorridorStatus:
    """What ``corridor`` lacks (the rule of ``Corridor.missing_formal_criteria``), its
    priorities' labels and whether it is active ``today``. No query."""
    labels = dict(CorridorPriority.choices)
    return CorridorStatus(
        corridor=corridor,
        missing=[str(FORMAL_CRITERIA[c]) for c in corridor.missing_formal_criteria()],
        priorities=[str(labels.get(code, code)) for code in corridor.priorities or ()],
        active=overlaps(corridor.active_from, corridor.active_to, today, today),
    )


def corridors_for_list(
    *, user: User, territory: Territory | None, today: date
) -> list[CorridorStatus]:
    """The corridors of the user's territories (or of ``territory``), by territory then code.
    One query, whatever the number of corridors."""
    corridors: QuerySet[Corridor] = Corridor.objects.for_user(user).select_related("territory")
    if territory is not None:
        corridors = corridors.filter(territory=territory)
    return [corridor_status(c, today=today) for c in corridors.order_by("territory__code", "code")]
