"""Reading the database: every territory's tally in eight queries, whatever their number, and
seven more per other period read at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date

from django.db.models import Count

from indicators.compute.corridors import gather_corridors
from indicators.compute.mandates import gather_positions
from indicators.compute.referral_cohort import gather_referrals, set_referral_measures
from indicators.compute.sql import within
from indicators.compute.staffing import gather_journal, gather_staff
from indicators.compute.survey_responses import gather_surveys
from indicators.compute.tally import Tally
from indicators.periods import Period
from territories.models import Project


def gather_tallies(
    period: Period,
    *,
    as_of: date,
    territory_ids: Iterable[int] | None = None,
    known_loops: dict[int, int] | None = None,
) -> dict[int, Tally]:
    """The tally of each territory (by id) of ``territory_ids`` (None: every territory);
    ``known_loops``: territories whose loop count is known already (see ``gather_referrals``).

    Eight queries whatever the number of territories. A territory with nothing recorded in the
    period is absent (its tally is all zeros).
    """
    scope = None if territory_ids is None else list(territory_ids)
    gathered = gather_period_tallies(
        [period],
        as_of=as_of,
        scopes={period.key: scope},
        known_loops={period.key: known_loops or {}},
    )
    return gathered[period.key]


def gather_period_tallies(
    periods: Sequence[Period],
    *,
    as_of: date,
    scopes: dict[str, Collection[int] | None],
    known_loops: dict[str, dict[int, int]] | None = None,
) -> dict[str, dict[int, Tally]]:
    """The tallies of several periods (by key), each for the territories of its scope (None:
    every territory): the referral cohorts of them all in one statement (most of the cost, see
    :mod:`~indicators.compute.referral_cohort`), then seven queries per period.
    """
    windows = {period.key: (period.start, period.cut_at(as_of)) for period in periods}
    cohorts = gather_referrals(windows, as_of, scopes, known_loops)
    gathered: dict[str, dict[int, Tally]] = {}
    for period in periods:
        start, end = windows[period.key]
        scope = scopes[period.key]
        scope = None if scope is None else list(scope)
        tallies: dict[int, Tally] = defaultdict(Tally)
        gather_positions(tallies, start, end, scope)
        gather_journal(tallies, start, end, scope)
        gather_staff(tallies, start, end, scope)
        for territory_id, row in cohorts[period.key].items():
            set_referral_measures(tallies[territory_id], row)
        gather_surveys(tallies, start, end, scope)
        projects = Project.objects.filter(supported=True).active_during(start, end)
        for row in (
            within(projects, "territory_id", scope)
            .values("territory_id")
            .annotate(count=Count("id"))
            .order_by()
        ):
            tallies[row["territory_id"]].projects = row["count"]
        gather_corridors(tallies, start, end, scope)
        gathered[period.key] = dict(tallies)
    return gathered
