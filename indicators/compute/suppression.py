"""Suppression of survey means resting on too few respondents, with complementary suppression
decided over every territory (DESIGN.md sections 6 and 8)."""

from __future__ import annotations

from django.conf import settings

from indicators import registry
from indicators.compute.values import Value


def is_small(value: Value) -> bool:
    """Whether ``value`` rests on 1 to ``MIN_CELL_SIZE`` − 1 respondents."""
    return value.respondents is not None and 0 < value.respondents < settings.MIN_CELL_SIZE


def suppressed(values: dict[int, dict[str, Value]], codes: dict[int, str]) -> set[tuple[int, str]]:
    """(territory id, indicator) of every survey mean not shown, complementary ones included."""
    hidden: set[tuple[int, str]] = set()
    for indicator in registry.SURVEY_KINDS:
        small = [tid for tid, v in values.items() if is_small(v[indicator])]
        hidden.update((tid, indicator) for tid in small)
        if len(small) != 1:
            continue
        shown = [
            tid
            for tid, v in values.items()
            if not is_small(v[indicator]) and v[indicator].value is not None
        ]
        if shown:
            picked = min(shown, key=lambda tid: (values[tid][indicator].n, codes[tid]))
            hidden.add((picked, indicator))
    return hidden
