"""« Qui fait quoi »: a territory's directory of PAP positions and corridors, and its search
(issue 15). The page is ``referrals.directory_views``; this module holds the reads and the rules.

The directory lists what is active on the day it is shown: the positions of the territory that
are open that day (organization, sector, mandate components, target populations, the limits of
the mandate and the organization's entry point — how to reach it, never a person) and its
corridors active that day (from and to sector, entry point, target delay, consent languages,
transfer form, priorities answered).

The search answers « a family with this population and/or this need: who serves it? »:

- a **position serves a population** when the population is one of its target populations;
- a **position serves a need** when one of its target populations is among those answering the
  need (``territories.models.NEED_POPULATIONS``) and the need is not one of its limits (the
  needs it leaves to others);
- a **corridor serves a need** when the corridor priority of the need (:data:`NEED_PRIORITIES`)
  is one of its priorities; a need with no corridor priority is served by no corridor;
- a **corridor serves a population** when one of the priorities of the needs that population
  answers (through ``NEED_POPULATIONS``, then :data:`NEED_PRIORITIES`) is one of its priorities;
- with both a population and a need, a position or corridor must meet both conditions.

Reads go through the user's scope (``for_user``) and take two queries, whatever the number of
positions and corridors; the search itself runs on the loaded directory, without a query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import get_language_info

from referrals.models import Corridor, CorridorPriority
from territories.models import (
    NEED_POPULATIONS,
    MandateComponent,
    Need,
    Position,
    TargetPopulation,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from territories.models import Territory, User

# The corridor priority answering each need; the other needs have none, so no corridor.
NEED_PRIORITIES: dict[str, str] = {
    Need.CHILDCARE: CorridorPriority.OUT_OF_NETWORK,
    Need.DEVELOPMENT: CorridorPriority.VULNERABILITY,
    Need.CHILD_PROTECTION: CorridorPriority.CHILD_PROTECTION,
    Need.INTEGRATION: CorridorPriority.IMMIGRATION,
}


def population_priorities(population: str) -> frozenset[str]:
    """The corridor priorities of the needs ``population`` answers (``NEED_POPULATIONS``)."""
    return frozenset(
        NEED_PRIORITIES[need]
        for need, populations in NEED_POPULATIONS.items()
        if population in populations and need in NEED_PRIORITIES
    )


def position_serves(position: Position, *, population: str | None, need: str | None) -> bool:
    """Whether ``position`` serves ``population`` and ``need`` (the rules of this module; a
    ``None`` criterion holds). No query."""
    populations = set(position.populations or ())
    if population is not None and population not in populations:
        return False
    if need is not None:
        if need in (position.limits or ()) or not populations & set(NEED_POPULATIONS[need]):
            return False
    return True


def corridor_serves(corridor: Corridor, *, population: str | None, need: str | None) -> bool:
    """Whether ``corridor`` serves ``population`` and ``need`` (the rules of this module; a
    ``None`` criterion holds). No query."""
    priorities = set(corridor.priorities or ())
    if need is not None and NEED_PRIORITIES.get(need) not in priorities:
        return False
    if population is not None and not population_priorities(population) & priorities:
        return False
    return True


def _labels(codes: Iterable[str], choices) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(code, code)) for code in codes or ()]


def language_label(code: str) -> str:
    """``fr`` → « français » (in the language of the page); an unknown code as it is."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@dataclass(frozen=True)
class PositionEntry:
    """A position as the directory shows it: its mandate and how to reach it, never who
    holds it."""

    position: Position  # with its organization and sector
    components: list[str]  # labels
    populations: list[str]  # labels
    limits: list[str]  # labels of the needs it leaves to others

    @property
    def organization(self):
        return self.position.organization

    @property
    def entry_point(self) -> str:
        return self.position.organization.entry_point

    @property
    def limits_note(self) -> str:
        return self.position.limits_note


@dataclass(frozen=True)
class CorridorEntry:
    """A corridor as the directory shows it."""

    corridor: Corridor  # with its sectors
    languages: list[str]  # consent languages, by name
    priorities: list[str]  # labels


@dataclass(frozen=True)
class Directory:
    """What a territory offers on ``today``: its active positions and corridors."""

    territory: Territory
    today: date
    positions: list[PositionEntry]
    corridors: list[CorridorEntry]


@dataclass(frozen=True)
class SearchResult:
    """The positions and corridors serving a population and/or a need."""

    population: str | None
    need: str | None
    positions: list[PositionEntry] = field(default_factory=list)
    corridors: list[CorridorEntry] = field(default_factory=list)

    @property
    def nobody(self) -> bool:
        return not self.positions and not self.corridors

    @property
    def population_label(self) -> str:
        return _labels([self.population], TargetPopulation)[0] if self.population else ""

    @property
    def need_label(self) -> str:
        return _labels([self.need], Need)[0] if self.need else ""


def _position_entry(position: Position) -> PositionEntry:
    return PositionEntry(
        position=position,
        components=_labels(position.components, MandateComponent),
        populations=_labels(position.populations, TargetPopulation),
        limits=_labels(position.limits, Need),
    )


def _corridor_entry(corridor: Corridor) -> CorridorEntry:
    return CorridorEntry(
        corridor=corridor,
        languages=[language_label(code) for code in corridor.consent_languages or ()],
        priorities=_labels(corridor.priorities, CorridorPriority),
    )


def directory_for(*, user: User | AnonymousUser, territory: Territory, today: date) -> Directory:
    """The positions and corridors of ``territory`` active on ``today``, within ``user``'s
    scope: positions by sector, organization and code; corridors by sectors and code.
    Two queries (positions with their organization and sector; corridors with their sectors)."""
    positions = (
        Position.objects.for_user(user)
        .filter(organization__territory=territory)
        .active_during(today, today)
        .select_related("organization__sector")
        .order_by("organization__sector__code", "organization__name", "code")
    )
    corridors = (
        Corridor.objects.for_user(user)
        .filter(territory=territory)
        .active_during(today, today)
        .select_related("from_sector", "to_sector")
        .order_by("from_sector__code", "to_sector__code", "code")
    )
    return Directory(
        territory=territory,
        today=today,
        positions=[_position_entry(p) for p in positions],
        corridors=[_corridor_entry(c) for c in corridors],
    )


def search(
    directory: Directory, *, population: str | None = None, need: str | None = None
) -> SearchResult:
    """The positions and corridors of ``directory`` serving ``population`` (a value of
    ``TargetPopulation``) and/or ``need`` (a value of ``Need``): at least one is given.
    No query."""
    if population is None and need is None:
        raise ValueError("Give a population, a need or both.")
    if population is not None and population not in TargetPopulation.values:
        raise ValueError(f"Unknown population: {population}")
    if need is not None and need not in Need.values:
        raise ValueError(f"Unknown need: {need}")
    criteria = {"population": population, "need": need}
    return SearchResult(
        population=population,
        need=need,
        positions=[e for e in directory.positions if position_serves(e.position, **criteria)],
        corridors=[e for e in directory.corridors if corridor_serves(e.corridor, **criteria)],
    )
