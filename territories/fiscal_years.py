"""Fiscal years as people write them: ``2023-2024`` (April 1 to March 31), stored as the year
they start (``2023``). The indicators' periods (:mod:`indicators.periods`) sit above this app;
profiles and their import only need the key."""

from __future__ import annotations

import re

_FISCAL_YEAR_RE = re.compile(r"([0-9]{4})-([0-9]{4})")


def fiscal_year_key(year: int) -> str:
    """``2023`` → ``"2023-2024"``."""
    return f"{year}-{year + 1}"


def parse_fiscal_year(key: str) -> int | None:
    """``"2023-2024"`` → ``2023`` (surrounding spaces aside); anything else (``"2023-2025"``,
    ``"abc"``, ``"2023-2024-T1"``) → ``None``."""
    match = _FISCAL_YEAR_RE.fullmatch((key or "").strip())
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return start if end == start + 1 else None
