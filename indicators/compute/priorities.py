"""Triggered priorities: which corridor priorities a territory's profile calls for, against the
reference profile of the same fiscal year (DESIGN.md section 6)."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings

from indicators.compute.profiles import Profile
from indicators.compute.rounding import round_half_up

# Profile fields whose excess over the reference triggers a priority (DESIGN.md section 6).
PRIORITY_FIELDS = {
    "child_protection": "reports_per_1000",
    "out_of_network": "out_of_network_pct",
    "vulnerability": "vulnerable_eqdem_pct",
    "immigration": "immigrant_families_pct",
}


def triggered_priorities(profile: Profile | None, reference: Profile | None) -> list[str]:
    """The priorities ``profile`` triggers against ``reference`` (the same fiscal year)."""
    if profile is None or reference is None:
        return []
    margin = 1 + Fraction(settings.PRIORITY_MARGIN)
    triggered = []
    for priority, name in PRIORITY_FIELDS.items():
        value, reference_value = profile.values[name], reference.values[name]
        if value is None or reference_value is None:
            continue
        if round_half_up(value, 6) >= round_half_up(reference_value * margin, 6):
            triggered.append(priority)
    return triggered
