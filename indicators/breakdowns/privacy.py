"""Small groups of the breakdowns (issue 16): what those who may not see family-level data —
advisors, PAPs — are not shown.

In a referral group (a corridor, a sector pair, immigrant families or the others) of 1 to
``MIN_CELL_SIZE`` − 1 families, one family's delay or escape could be read: its referral
indicators (handoff delay, escape rate, loop rate) are suppressed, their ``n`` kept. A
dimension's groups split the referrals, so the territory's value beside them, less the groups
shown, would give hidden groups away: the smallest other groups with families are hidden too,
until the hidden ones hold ``MIN_CELL_SIZE`` families together (complementary suppression). A
group pooled over territories is also hidden when one of them brings it 1 to
``MIN_CELL_SIZE`` − 1 families: comparing two selections of territories would give them away.
Corridors nest in sector pairs: a pair's row, less the corridors of that pair shown, would give
its hidden corridors away, so the smallest other corridors of the pair are hidden too, until
what the pair holds beyond the corridors shown (its hidden corridors and its referrals along no
corridor) is ``MIN_CELL_SIZE`` families (a pair that small is itself hidden among the pairs).
Groups without families, the corridors' formality and the staffing groups are not about
families and stay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from django.conf import settings

from indicators.breakdowns.groups import Breakdown, Group
from indicators.compute import SUPPRESSED, Row

FAMILY_INDICATORS = frozenset(("L2_HANDOFF_DELAY_DAYS", "L2_ESCAPE_RATE_PCT", "L2_LOOP_RATE_PCT"))


def is_small(group: Group) -> bool:
    """A referral group of 1 to ``MIN_CELL_SIZE`` − 1 families, or pooled over territories one
    of which brings 1 to ``MIN_CELL_SIZE`` − 1 (comparing two selections of territories would
    give that territory's share away)."""
    minimum = settings.MIN_CELL_SIZE
    if group.families is None:
        return False
    share = group.smallest_share
    return 0 < group.families < minimum or (share is not None and 0 < share < minimum)


def hidden_keys(groups: list[Group]) -> set[str]:
    """The keys of the groups to hide: the small ones, then the smallest others until the
    hidden groups hold at least ``MIN_CELL_SIZE`` families together (else the total less the
    groups shown would give them away)."""
    hidden = {group.key for group in groups if is_small(group)}
    if not hidden:
        return hidden
    others = sorted(
        (g for g in groups if g.key not in hidden and g.families), key=lambda g: (g.families, g.key)
    )
    held = sum(g.families or 0 for g in groups if g.key in hidden)
    for group in others:
        if held >= settings.MIN_CELL_SIZE:
            break
        hidden.add(group.key)
        held += group.families
    _hide_within_pairs(groups, hidden)
    return hidden


def _hide_within_pairs(groups: list[Group], hidden: set[str]) -> None:
    """Add to ``hidden`` the corridors that would let a pair's row less the corridors shown
    give a hidden corridor of that pair away."""
    by_pair: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        if group.within is not None and group.families:
            by_pair[group.within].append(group)
    for members in by_pair.values():
        if not any(group.key in hidden for group in members):
            continue
        shown = sorted(
            (g for g in members if g.key not in hidden), key=lambda g: (g.families, g.key)
        )
        beyond = (members[0].within_families or 0) - sum(g.families for g in shown)
        for group in shown:
            if beyond >= settings.MIN_CELL_SIZE:
                break
            hidden.add(group.key)
            beyond += group.families


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
