"""What a breakdown is: a :class:`Breakdown` of one dimension made of :class:`Group` s of engine
rows. Pages turn them into tables and charts (:mod:`dashboards.breakdown_tables`)."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.compute import Row


@dataclass(frozen=True)
class Group:
    """One subset: its stable key (``corridor:A-C1``, ``none``, ``pair:MFA>MSSS``,
    ``immigrant:yes``, ``sector:MEQ``), its label for pages, and a row per indicator (the
    row's ``territory`` field holds the group's key)."""

    key: str
    label: str
    rows: dict[str, Row]
    families: int | None = None  # a referral group's families (its escape rate's n)
    smallest_share: int | None = None  # pooled: the fewest families a territory brings (> 0)
    # A corridor's sector pair (``pair:MFA>MSSS``) and that pair's families in the same scope:
    # the pair's row less the corridors shown must not give a hidden corridor away.
    within: str | None = None
    within_families: int | None = None


@dataclass(frozen=True)
class Breakdown:
    """One dimension (``corridor``, ``sector_pair``, ``immigrant`` or ``sector``): its title, the
    indicators it gives (in order) and its groups."""

    dimension: str
    title: str
    indicators: list[str]
    groups: list[Group]
