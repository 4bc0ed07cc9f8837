"""Suppression of survey means resting on too few respondents, with complementary suppression
decided over every territory (DESIGN.md sections 6 and 8). The rule itself is the surveys' one
(:mod:`surveys.respondents`), which the survey result pages apply too."""

from __future__ import annotations

from indicators import registry
from indicators.compute.values import Value
from surveys.respondents import Group
from surveys.respondents import is_small as _is_small
from surveys.respondents import suppressed as _suppressed


def is_small(value: Value) -> bool:
    """Whether ``value`` rests on 1 to ``MIN_CELL_SIZE`` − 1 respondents."""
    return _is_small(value.respondents)


def suppressed(values: dict[int, dict[str, Value]], codes: dict[int, str]) -> set[tuple[int, str]]:
    """(territory id, indicator) of every survey mean not shown, complementary ones included."""
    hidden: set[tuple[int, str]] = set()
    for indicator in registry.SURVEY_KINDS:
        groups = {
            tid: Group(
                respondents=v[indicator].respondents,
                n=v[indicator].n,
                has_value=v[indicator].value is not None,
                tie_breaker=codes[tid],
            )
            for tid, v in values.items()
        }
        hidden.update((tid, indicator) for tid in _suppressed(groups))
    return hidden
