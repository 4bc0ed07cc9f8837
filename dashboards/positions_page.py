"""The territory's view of its PAP positions (``/territoires/<code>/postes/``): every position,
open or closed, with its holder today; which sectors meet the shared reference framework; and
the overlap matrix between sectors — the Jaccard index of their target populations
(``indicators.compute.mandates.jaccard``, the rule lever 1 uses), so a coordinator sees where
mandates double up. The territory's directory: no family-level row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q

from indicators.compute.mandates import jaccard
from territories import formatting
from territories.models import (
    Assignment,
    MandateComponent,
    Organization,
    Position,
    ReferenceFramework,
    TargetPopulation,
    Territory,
)
from territories.models.rules import overlaps
from territories.selectors import territory_positions

if TYPE_CHECKING:
    from territories.models import Sector, User


@dataclass(frozen=True)
class PositionLine:
    position: Position
    active: bool  # open today
    holders: list[str]  # pseudonymous labels of who holds it today
    meets_framework: bool
    missing_components: list[str]  # required by the framework, absent from the mandate


@dataclass(frozen=True)
class SectorLine:
    """A sector with positions open today on the territory."""

    sector: Sector
    positions: int
    conforming_positions: int
    populations: list[str]  # every target population of its open positions, in the list's order

    @property
    def meets_framework(self) -> bool:
        """As lever 1 counts it: a sector conforms when one of its open positions' mandate has
        every component the framework requires (``indicators.compute.mandates``)."""
        return self.conforming_positions > 0


@dataclass(frozen=True)
class MatrixCell:
    sector: Sector
    value: Decimal | None  # None on the diagonal

    @property
    def text(self) -> str:
        return formatting.format_decimal(self.value, 2)


@dataclass(frozen=True)
class MatrixRow:
    sector: Sector
    cells: list[MatrixCell]


@dataclass(frozen=True)
class PositionsPage:
    territory: Territory
    today: date
    framework_components: list[str]
    positions: list[PositionLine]
    sectors: list[SectorLine]
    matrix: list[MatrixRow]
    organizations: list[Organization]


def _decimal(fraction) -> Decimal:
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)


def overlap_matrix(sectors: list[SectorLine]) -> list[MatrixRow]:
    """Each pair of sectors' Jaccard index of their target populations (shared ÷ together;
    0 when neither names any); the diagonal is left empty. No query."""
    return [
        MatrixRow(
            row.sector,
            [
                MatrixCell(
                    column.sector,
                    None
                    if column.sector.pk == row.sector.pk
                    else _decimal(jaccard(row.populations, column.populations)),
                )
                for column in sectors
            ],
        )
        for row in sectors
    ]


def positions_page(*, user: User, territory: Territory, today: date) -> PositionsPage:
    """Everything the page shows, as of ``today``. Four queries whatever the number of
    positions: the framework, the positions with their organization and sector, today's
    assignments, the territory's organizations."""
    framework = ReferenceFramework.current()
    required = list(framework.required_components)
    current = Assignment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today
    ).order_by("started_on", "person")
    positions = territory_positions(user=user, territory=territory).prefetch_related(
        Prefetch("assignments", queryset=current, to_attr="current_assignments")
    )
    lines, by_sector = [], {}
    for position in positions:
        components = position.components or []
        active = overlaps(position.opened_on, position.closed_on, today, today)
        lines.append(
            PositionLine(
                position=position,
                active=active,
                holders=[a.person for a in position.current_assignments] if active else [],
                meets_framework=framework.is_met_by(components),
                missing_components=[c for c in required if c not in components],
            )
        )
        if active:
            by_sector.setdefault(position.organization.sector_id, []).append(position)
    population_order = {code: i for i, code in enumerate(TargetPopulation.values)}
    sectors = []
    for sector_positions in by_sector.values():
        populations = {p for position in sector_positions for p in position.populations or []}
        sectors.append(
            SectorLine(
                sector=sector_positions[0].organization.sector,
                positions=len(sector_positions),
                conforming_positions=sum(
                    framework.is_met_by(p.components or []) for p in sector_positions
                ),
                populations=sorted(populations, key=lambda c: population_order.get(c, 99)),
            )
        )
    sectors.sort(key=lambda line: line.sector.code)
    organizations = list(
        Organization.objects.for_user(user)
        .filter(territory=territory)
        .select_related("sector")
        .order_by("sector__code", "code")
    )
    return PositionsPage(
        territory=territory,
        today=today,
        framework_components=[str(MandateComponent(c).label) for c in required],
        positions=lines,
        sectors=sectors,
        matrix=overlap_matrix(sectors),
        organizations=organizations,
    )
