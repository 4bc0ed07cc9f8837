"""How the numbers of BENCHMARKS.md read: times, counts, changes, what was not measured."""

from __future__ import annotations

NOT_MEASURED = "not measured yet (issue 5)"


def ms(seconds: float) -> str:
    """Seconds as whole milliseconds: ``1 234 ms``."""
    return f"{seconds * 1000:,.0f} ms".replace(",", " ")


def number(value: float) -> str:
    """A whole number with spaces between thousands: ``1 000 000``."""
    return f"{value:,.0f}".replace(",", " ")


def change(value: float, baseline: float) -> str:
    """How much ``value`` differs from ``baseline``, in signed percent: ``-12 %``."""
    return f"{(value - baseline) / baseline * 100:+.0f} %"
