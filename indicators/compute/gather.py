"""Reading the database: every territory's tally in eight queries, whatever their number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Count

from indicators.compute.corridors import gather_corridors
from indicators.compute.mandates import gather_positions
from indicators.compute.referral_cohort import gather_referrals
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

    Eight queries whatever the number of territories (nine with known loops). A territory with
    nothing recorded in the period is absent (its tally is all zeros).
    """
    start, end = period.start, period.cut_at(as_of)
    scope = None if territory_ids is None else list(territory_ids)
    tallies: dict[int, Tally] = defaultdict(Tally)

    gather_positions(tallies, start, end, scope)
    gather_journal(tallies, start, end, scope)
    gather_staff(tallies, start, end, scope)
    gather_referrals(tallies, start, end, as_of, scope, known_loops)
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
    return dict(tallies)
