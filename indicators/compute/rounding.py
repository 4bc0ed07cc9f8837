"""Exact decimal rounding of the engine's fractions, the way the export and the thresholds
round."""

from __future__ import annotations

from fractions import Fraction


def round_half_up(value: Fraction, places: int) -> Fraction:
    """``value`` rounded half-up (away from zero on a tie) to ``places`` decimals, exactly."""
    scale = 10**places
    scaled = abs(value) * scale
    rounded = Fraction(int(scaled + Fraction(1, 2)), scale)
    return rounded if value >= 0 else -rounded
