"""The indicator engine: every indicator of DESIGN.md section 6, for a period, at a date.

One call, :func:`compute`, computes the 19 indicators for a period, an as-of date and a
selection of territories, plus the province row ``QC``. It is set-based: a fixed number of SQL
queries, each aggregating for every territory at once (``GROUP BY`` territory), whatever the
number of territories or rows.

How it is built, one module per step:

1. :mod:`~indicators.compute.gather` reads, per territory, additive **tallies**
   (:mod:`~indicators.compute.tally`): counts, sums and the like, one module per source —
   :mod:`~indicators.compute.mandates` (positions), :mod:`~indicators.compute.staffing`
   (journal, assignments), :mod:`~indicators.compute.referral_cohort`,
   :mod:`~indicators.compute.corridors`, :mod:`~indicators.compute.survey_responses`. Tallies
   of several territories add up, which is how the province row is made (the design's pooled
   data), and how later pages regroup.
2. :mod:`~indicators.compute.values` turns one tally into exact values
   (:class:`fractions.Fraction`) with their ``n``, following each formula, and makes the
   province row with its exceptions; :mod:`~indicators.compute.profiles` and
   :mod:`~indicators.compute.priorities` give lever 5 its profiles and triggered priorities.
3. Targets and statuses (:mod:`~indicators.compute.targets`) and the suppression of small
   survey groups (:mod:`~indicators.compute.suppression`, decided over every territory) come
   last, in :mod:`~indicators.compute.engine`, which returns the
   :mod:`~indicators.compute.results`.

Values stay exact until the export rounds them; a status compares the exact value. The names
other modules use are importable from this package.
"""

from indicators.compute.engine import (
    Context,
    build_results,
    compute,
    select_territories,
    territory_codes,
)
from indicators.compute.gather import gather_period_tallies, gather_tallies
from indicators.compute.priorities import PRIORITY_FIELDS, triggered_priorities
from indicators.compute.referral_cohort import (
    Grouping,
    flagged_referrals,
    measure_groups,
    referral_cohort,
    set_referral_measures,
)
from indicators.compute.results import (
    MET,
    NO_TARGET,
    NOT_APPLICABLE,
    NOT_MET,
    STATUSES,
    SUPPRESSED,
    Results,
    Row,
    UnknownTerritories,
)
from indicators.compute.rounding import round_half_up
from indicators.compute.staffing import (
    JOURNAL_MEASURES,
    add_journal_measures,
    assignments_during,
    journal_entries,
    set_staff_measures,
    staff_measures,
)
from indicators.compute.survey_responses import province_online_respondents
from indicators.compute.tally import Tally
from indicators.compute.values import Value

__all__ = [
    "JOURNAL_MEASURES",
    "MET",
    "NOT_APPLICABLE",
    "NOT_MET",
    "NO_TARGET",
    "PRIORITY_FIELDS",
    "STATUSES",
    "SUPPRESSED",
    "Context",
    "Grouping",
    "Results",
    "Row",
    "Tally",
    "UnknownTerritories",
    "Value",
    "add_journal_measures",
    "assignments_during",
    "build_results",
    "compute",
    "flagged_referrals",
    "gather_period_tallies",
    "gather_tallies",
    "journal_entries",
    "measure_groups",
    "province_online_respondents",
    "referral_cohort",
    "round_half_up",
    "select_territories",
    "set_referral_measures",
    "set_staff_measures",
    "staff_measures",
    "territory_codes",
    "triggered_priorities",
]
