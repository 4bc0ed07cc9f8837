"""Small groups of the breakdowns (issue 16): what those who may not see family-level data —
advisors, PAPs — are not shown.

In a referral group (a corridor, a sector pair, immigrant families or the others) of 1 to
``MIN_CELL_SIZE`` − 1 families, one family's delay or escape could be read: its referral
indicators (handoff delay, escape rate, loop rate) are suppressed, their ``n`` kept. A
dimension's groups split the referrals, so the territory's value beside them, less the groups
shown, would give a lone hidden group away: when a dimension hides exactly one group, the
smallest other group with families is hidden too (complementary suppression). Groups without
families, the corridors' formality and the staffing groups are not about families and stay.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings

from indicators.breakdowns.groups import Breakdown, Group
from indicators.compute import SUPPRESSED, Row

FAMILY_INDICATORS = frozenset(("L2_HANDOFF_DELAY_DAYS", "L2_ESCAPE_RATE_PCT", "L2_LOOP_RATE_PCT"))


def is_small(group: Group) -> bool:
    """A referral group of 1 to ``MIN_CELL_SIZE`` − 1 families."""
    return group.families is not None and 0 < group.families < settings.MIN_CELL_SIZE


def hidden_keys(groups: list[Group]) -> set[str]:
    """The keys of the groups to hide: the small ones, and one more when only one is small."""
    hidden = {group.key for group in groups if is_small(group)}
    if len(hidden) == 1:
        others = [g for g in groups if g.key not in hidden and g.families]
        if others:
            hidden.add(min(others, key=lambda g: (g.families, g.key)).key)
    return hidden


def _suppressed(row: Row) -> Row:
    return Row(row.territory, row.indicator, None, row.target, SUPPRESSED, row.n)


def hide_small_groups(breakdowns: list[Breakdown]) -> list[Breakdown]:
    """``breakdowns`` with the referral indicators of the hidden groups suppressed."""
    shown = []
    for breakdown in breakdowns:
        hidden = hidden_keys(breakdown.groups)
        groups = [
            replace(
                group,
                rows={
                    code: _suppressed(row) if code in FAMILY_INDICATORS else row
                    for code, row in group.rows.items()
                },
            )
            if group.key in hidden
            else group
            for group in breakdown.groups
        ]
        shown.append(replace(breakdown, groups=groups))
    return shown
