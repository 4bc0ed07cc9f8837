"""Breakdowns: the same formulas as the engine, applied to subsets (issue 5).

Advisors each speak for one ministry, and the report stresses immigrant families, so some
indicators are also given per group, pooled over a set of territories (one territory on its
case page, every territory the user sees on an indicator page — all of them, the province, for
an advisor). Each group's value follows DESIGN.md section 6 exactly, on the group's subset:

**Referrals (lever 2)** — ``L2_HANDOFF_DELAY_DAYS``, ``L2_ESCAPE_RATE_PCT``,
``L2_LOOP_RATE_PCT``, by

- *corridor* (``corridor:<code>``): the referrals of the cohort C made along that corridor,
  plus one group ``none`` for the referrals made along no corridor. Every corridor active during
  P appears, even without referrals (n 0, not applicable);
- *sector pair* (``pair:MFA>MSSS``): the referrals of C from one sector to the other; there
  ``L2_FORMAL_CORRIDORS_PCT`` is also given, over the corridors active during P of that pair;
- *immigrant families and the others* (``immigrant:yes``, ``immigrant:no``): the referrals of
  C whose family is flagged immigrant, or not.

The group restricts the cohort C, nothing else: the delay is the mean over the referrals of
C ∩ G taken in charge by A; escape counts the families having a referral in C ∩ G, and those
with an escaped referral in C ∩ G; loops count the referrals of C ∩ G that loop, over |C ∩ G|.
Whether a referral escaped or loops still looks at **every** referral of its family on its
territory (a later referral taken in charge along another corridor saves it from escaping; a
loop's earlier referral r0 may lie outside the group, the period or the cohort): the very
flags of the engine (:func:`indicators.compute.flagged_referrals`), grouped differently.
A family with referrals in two corridors counts in both groups, so groups do not add up to the
territory's families; their referrals (n of the loop rate) do, for corridors and pairs.

**Staffing (levers 1, 3 and 6)** by *sector* (``sector:MEQ``), the sector of the position's
organization: ``L1_PRESENTATIONS`` (entries of the sector's positions), ``L3_TURNOVER_PCT``
(assignments of its positions), ``L3_SUPERVISION_HOURS_PER_PAP_MONTH`` and
``L6_SUPPORT_REQUESTS_PER_PAP_QUARTER`` (its hours or requests ÷ its PAPs ÷ months or quarters;
a sector without PAP is not applicable), and ``L1_SECTORS_CONFORMING``: on one territory, 1 when
a position of the sector active during P meets the reference framework, else 0, with n 1 when
the sector has a position active during P (else 0); pooled over several territories, the
province's rule: the mean of those values over the territories where the sector has an active
position (n: those territories; none → not applicable). Survey means (``L6_PAP_SATISFACTION``,
``L4_FAMILY_SATISFACTION``) are anonymous and never broken down.

**Targets and statuses.** A group's target is its scope's: the territory's (its override, else
the province-wide target) when one territory is shown or the group is a corridor (a corridor is
of one territory), else the province-wide one. The two counts (``L1_PRESENTATIONS``,
``L1_SECTORS_CONFORMING``) get no target per sector: a target counts for a whole territory and
one sector's share of it can neither meet nor miss it. Statuses follow the engine: a zero
denominator is not applicable.

**Small groups.** Survey means (section 6's suppression) are never broken down. A referral
group of fewer than ``MIN_CELL_SIZE`` families could show one family's delay: unless the caller
reveals them (coordinators, who see family-level rows anyway), such groups are hidden, with
complementary suppression (:mod:`indicators.breakdowns.privacy`). Every group keeps its ``n``.
Only counts leave the database — never a family-level row.

**Kept tallies and queries.** A group's tally over several territories is the sum of each
territory's (a family, a corridor, a position belongs to one territory), so each territory's
group tallies are kept per (period, as-of day) at its ``data_version``, beside the engine's
(:mod:`indicators.breakdowns.tallies`, :class:`indicators.models.StoredBreakdown`), and pooled by
addition; labels and targets are made anew on every request. Reading takes 5 queries whatever the
number of territories or groups (territories, targets, versions, kept tallies, and the sectors'
names when the sector dimension is asked for; 4 otherwise). The territories whose data changed
are gathered again from the raw rows first, with one ``GROUP BY`` per dimension whatever their
number (10 more queries).
"""

from indicators.breakdowns.export import COLUMNS, export_breakdown_rows, scope_label
from indicators.breakdowns.gather import BROKEN_DOWN, DIMENSIONS, breakdowns, breakdowns_each
from indicators.breakdowns.groups import Breakdown, Group

__all__ = [
    "BROKEN_DOWN",
    "COLUMNS",
    "DIMENSIONS",
    "Breakdown",
    "Group",
    "breakdowns",
    "breakdowns_each",
    "export_breakdown_rows",
    "scope_label",
]
