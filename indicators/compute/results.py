"""What the engine returns: the statuses a value can have, its rows and their table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from indicators import registry
from indicators.periods import Period

MET = "met"
NOT_MET = "not_met"
NO_TARGET = "no_target"
SUPPRESSED = "suppressed"
NOT_APPLICABLE = "not_applicable"
STATUSES = (MET, NOT_MET, NO_TARGET, SUPPRESSED, NOT_APPLICABLE)


class UnknownTerritories(ValueError):
    """Territory codes asked for that name no territory."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = sorted(codes)
        super().__init__(", ".join(self.codes))


@dataclass(frozen=True)
class Row:
    """One indicator of one territory (or ``QC``): the export's row, with exact values."""

    territory: str
    indicator: str
    value: Fraction | None
    target: registry.Target | None
    status: str
    n: int | None

    @property
    def definition(self) -> registry.Indicator:
        return registry.get(self.indicator)

    @property
    def stands_on_data(self) -> bool:
        """Whether something stands behind the value: not when ``n`` is 0 and the value is a
        ratio with nothing to divide by or a count of nothing recorded. A rate whose numerator
        alone is 0 (no departure among PAPs) stays a true zero."""
        nothing = self.status == NOT_APPLICABLE or self.definition.unit == registry.COUNT
        return not (self.n == 0 and nothing)

    @property
    def misses_target(self) -> bool:
        """A missed target with a value behind it: what pages and plans count as missed."""
        return self.status == NOT_MET and self.stands_on_data


@dataclass
class Results:
    """Every row of one computation, in the export's order, and how to find one."""

    period: Period
    as_of: date
    territories: list[str]
    rows: list[Row]
    priorities: dict[str, list[str]] = field(default_factory=dict)
    _index: dict[tuple[str, str], Row] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {(row.territory, row.indicator): row for row in self.rows}

    def get(self, territory: str, indicator: str) -> Row:
        """The row of ``territory`` (a code or ``QC``) and ``indicator``; KeyError if absent."""
        return self._index[(territory, indicator)]

    def for_territory(self, territory: str) -> list[Row]:
        return [row for row in self.rows if row.territory == territory]
