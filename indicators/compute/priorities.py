"""Triggered priorities: which corridor priorities a territory's profile calls for, against the
reference profile of the same fiscal year (DESIGN.md section 6)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from django.conf import settings

from indicators.compute.profiles import Profile
from indicators.compute.rounding import round_half_up

Number = TypeVar("Number", Decimal, Fraction)

# Profile fields whose excess over the reference triggers a priority (DESIGN.md section 6).
PRIORITY_FIELDS = {
    "child_protection": "reports_per_1000",
    "out_of_network": "out_of_network_pct",
    "vulnerability": "vulnerable_eqdem_pct",
    "immigration": "immigrant_families_pct",
}


def priority_threshold(reference: Number) -> Number:
    """Where a priority starts: ``reference`` × (1 + ``PRIORITY_MARGIN``), exact in the type of
    ``reference`` (the engine's fractions, or the decimals the territory page shows)."""
    return reference * (1 + type(reference)(settings.PRIORITY_MARGIN))


def triggered_priorities(profile: Profile | None, reference: Profile | None) -> list[str]:
    """The priorities ``profile`` triggers against ``reference`` (the same fiscal year): a value
    at or above :func:`priority_threshold`, both rounded to 6 decimals; an empty value on
    either side triggers nothing."""
    if profile is None or reference is None:
        return []
    triggered = []
    for priority, name in PRIORITY_FIELDS.items():
        value, reference_value = profile.values[name], reference.values[name]
        if value is None or reference_value is None:
            continue
        if round_half_up(value, 6) >= round_half_up(priority_threshold(reference_value), 6):
            triggered.append(priority)
    return triggered
