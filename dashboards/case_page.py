"""The territory page (« fiche », ``/territoires/<code>/?periode=KEY``): what it reads.

The profile the engine uses for the period beside the reference, the triggered priorities with
the corridors they call for, the six levers and the trend of each indicator over eight quarters
(from :mod:`indicators.store`: one read for the period and its quarters), the positions with
their overlap with other sectors, the corridors and why they are formal or not. Aggregates and
the territory's directory only: no family-level row. Every query goes through the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from dashboards import charts, display
from dashboards.breakdown_tables import BreakdownTable, breakdown_tables
from dashboards.pages import PERIOD_PARAMETER
from dashboards.priority_page import TriggeredPriority, explain_priorities
from dashboards.territory_parameter import TERRITORY_PARAMETER
from indicators import registry, store
from indicators.breakdowns import breakdowns
from indicators.compute import Results
from indicators.compute.mandates import jaccard
from indicators.compute.profiles import profile_for
from indicators.models import IndicatorStory
from indicators.periods import Period, trend_quarters
from indicators.stories import stories_of
from referrals.models import FORMAL_CRITERIA, Corridor
from referrals.selectors import corridors_of
from territories import formatting
from territories.access import sees_family_data
from territories.models import (
    PROVINCE_CODE,
    Position,
    Project,
    ServiceGap,
    SocioHealthProfile,
    Territory,
)
from territories.models.rules import overlaps
from territories.selectors import (
    ProfileRow,
    ReferenceProfile,
    profile_rows,
    reference_profile,
    territory_positions,
    territory_projects,
)
from territories.services.gaps import GapCount, gap_counts

if TYPE_CHECKING:
    from territories.models import User


def profile_for_period(
    *, user: User, territory: Territory, fiscal_year: int
) -> SocioHealthProfile | None:
    """The profile the engine uses for a period of ``fiscal_year`` (its rule: ``profile_for``).
    One query, for the territory's few profiles up to that year."""
    stored = SocioHealthProfile.objects.for_user(user).filter(
        territory=territory, fiscal_year__lte=fiscal_year
    )
    return profile_for({profile.fiscal_year: profile for profile in stored}, fiscal_year)


@dataclass(frozen=True)
class PositionRow:
    """A position as the territory page lists it, with its overlap with other sectors."""

    position: Position
    active: bool  # active during the period
    overlap_pct: Decimal | None  # mean Jaccard with active positions of other sectors, × 100
    sharing_sectors: list[str]  # other sectors whose active positions share a population


def positions_with_overlap(
    *, user: User, territory: Territory, start: date, end: date
) -> list[PositionRow]:
    """The positions of ``territory`` (open or closed) and, for those active during
    [``start``, ``end``], the mean Jaccard similarity of their target populations with each
    position of another sector active then (0 when both lists are empty), as a percent — the
    per-position view of ``L1_MANDATE_OVERLAP_PCT``. One query."""
    positions = list(territory_positions(user=user, territory=territory))

    def is_active(position: Position) -> bool:
        return overlaps(position.opened_on, position.closed_on, start, end)

    active = [p for p in positions if is_active(p)]
    rows = []
    for position in positions:
        if not is_active(position):
            rows.append(PositionRow(position, False, None, []))
            continue
        sector = position.organization.sector_id
        mine = set(position.populations or [])
        others = [p for p in active if p.organization.sector_id != sector]
        similarities = []
        sharing = set()
        for other in others:
            theirs = set(other.populations or [])
            similarity = jaccard(mine, theirs)
            similarities.append(Decimal(similarity.numerator) / similarity.denominator)
            if mine & theirs:
                sharing.add(other.organization.sector_id)
        overlap = sum(similarities, Decimal(0)) * 100 / len(similarities) if similarities else None
        rows.append(PositionRow(position, True, overlap, sorted(sharing)))
    return rows


@dataclass(frozen=True)
class CorridorRow:
    corridor: Corridor
    active: bool  # active during the period
    missing: list[str]  # the formal criteria it lacks (empty: formal)


def missing_formal_criteria(corridor: Corridor) -> list[str]:
    """What keeps ``corridor`` from being formal, in words (``FORMAL_CRITERIA`` of referrals)."""
    return [str(FORMAL_CRITERIA[criterion]) for criterion in corridor.missing_formal_criteria()]


def corridor_rows(*, user: User, territory: Territory, start: date, end: date) -> list[CorridorRow]:
    """Every corridor of ``territory``, whether it is active during [``start``, ``end``] and why
    it is not formal. One query."""
    return [
        CorridorRow(
            corridor,
            overlaps(corridor.active_from, corridor.active_to, start, end),
            missing_formal_criteria(corridor),
        )
        for corridor in corridors_of(user=user, territory=territory)
    ]


# The territory page's indicators: the six levers and the trend of each indicator


@dataclass(frozen=True)
class LeverRow:
    """One indicator of the territory for the period, written as every page writes it."""

    indicator: registry.Indicator
    name: str
    url: str  # the indicator page for the same period
    value: str
    province: str  # the QC row's value
    target: str
    status: display.StatusStyle
    n: str
    story: IndicatorStory | None = None  # the coordinator's story behind the number


@dataclass(frozen=True)
class LeverSection:
    number: int
    name: str
    rows: list[LeverRow]
    trends: list[charts.Chart]  # one per indicator that is not a profile value


def lever_sections(
    *,
    code: str,
    results: Results,
    trends: dict[str, Results],
    quarters: list[Period],
    stories: dict[str, IndicatorStory] | None = None,
) -> list[LeverSection]:
    """The rows of each lever for ``code`` in ``results``, and a trend chart per indicator over
    ``quarters`` (``trends``: their results by key) beside the province. No query."""
    stories = stories or {}
    series_label = gettext("Territory %(code)s") % {"code": code}
    detail_query = urlencode({PERIOD_PARAMETER: results.period.key})
    sections = []
    for lever in registry.LEVERS:
        rows, charts_of_lever = [], []
        for indicator in (i for i in registry.INDICATORS if i.lever == lever):
            row = results.get(code, indicator.code)
            province = results.get(PROVINCE_CODE, indicator.code)
            rows.append(
                LeverRow(
                    indicator=indicator,
                    name=display.indicator_name(indicator),
                    url=reverse("dashboards:indicator", kwargs={"code": indicator.code})
                    + f"?{detail_query}",
                    value=display.format_value(row),
                    province=display.format_value(province),
                    target=display.format_target(row.target, indicator),
                    status=display.style(row),
                    n=display.format_n(row),
                    story=stories.get(indicator.code),
                )
            )
            if indicator.is_profile_value:
                continue
            chart = charts.trend_chart(
                dom_id=f"tendance-{indicator.code}",
                title=display.indicator_name(indicator),
                indicator=indicator,
                points=[(q, trends[q.key].get(code, indicator.code)) for q in quarters],
                comparison=[
                    (q, trends[q.key].get(PROVINCE_CODE, indicator.code)) for q in quarters
                ],
                series_label=series_label,
            )
            charts_of_lever.append(chart)
        sections.append(LeverSection(lever, display.lever_name(lever), rows, charts_of_lever))
    return sections


@dataclass(frozen=True)
class TrendLine:
    """An indicator's values over the quarters: (territory, QC) per quarter, as pages write them."""

    name: str
    cells: list[tuple[str, str]]


def trend_lines(
    *, code: str, trends: dict[str, Results], quarters: list[Period]
) -> list[TrendLine]:
    """The trends of the charts as one table (the printed page's). No query."""
    return [
        TrendLine(
            display.indicator_name(indicator),
            [
                (
                    display.format_value(trends[q.key].get(code, indicator.code)),
                    display.format_value(trends[q.key].get(PROVINCE_CODE, indicator.code)),
                )
                for q in quarters
            ],
        )
        for indicator in registry.INDICATORS
        if not indicator.is_profile_value
    ]


# The whole page


@dataclass(frozen=True)
class TerritoryPage:
    territory: Territory
    period: Period
    as_of: date
    profile: SocioHealthProfile | None
    reference: ReferenceProfile | None
    profile_rows: list[ProfileRow]
    priorities: list[TriggeredPriority]
    levers: list[LeverSection]
    quarters: list[Period]
    trend_lines: list[TrendLine]
    positions: list[PositionRow]
    corridors: list[CorridorRow]
    projects: list[Project]
    breakdowns: list[BreakdownTable]
    gaps: list[GapCount]  # service gaps per need and status (issue 15)

    @property
    def breakdown_download_query(self) -> str:
        """The query string of the breakdowns' downloads for this territory and period."""
        return urlencode(
            {PERIOD_PARAMETER: self.period.key, TERRITORY_PARAMETER: self.territory.code}
        )

    @property
    def last_quarter(self) -> Period | None:
        return self.quarters[-1] if self.quarters else None

    @property
    def priority_margin(self) -> str:
        """``PRIORITY_MARGIN`` as a percent: ``10 %``."""
        return formatting.format_percent(Decimal(str(settings.PRIORITY_MARGIN)) * 100, 0)


def territory_page(
    *, user: User, territory: Territory, period: Period, as_of: date
) -> TerritoryPage:
    """Everything the territory page shows for ``period`` at ``as_of`` — aggregates and the
    territory's directory, no family-level row.

    Queries, whatever the number of territories or rows: the stored results of ``period`` and
    its eight quarters in one read (5 when current, see ``indicators.store``), the profile, the
    reference profile, positions, corridors, projects, service gaps (6), and the breakdowns of
    lever 2 by corridor, sector pair and immigrant families and of levers 1, 3, 6 by sector (11, see
    ``indicators.breakdowns``).
    """
    quarters = trend_quarters(period, as_of=as_of)
    periods = [period, *(q for q in quarters if q != period)]
    by_key = store.results_for_periods(periods, as_of=as_of, territories=[territory.code])
    results = by_key[period.key]
    profile = profile_for_period(user=user, territory=territory, fiscal_year=period.fiscal_year)
    reference = reference_profile(profile.fiscal_year) if profile else None
    start, end = period.start, period.cut_at(as_of)
    corridors = corridor_rows(user=user, territory=territory, start=start, end=end)
    return TerritoryPage(
        territory=territory,
        period=period,
        as_of=as_of,
        profile=profile,
        reference=reference,
        profile_rows=profile_rows(profile=profile, reference=reference) if profile else [],
        priorities=explain_priorities(
            priorities=results.priorities.get(territory.code, []),
            profile=profile,
            reference=reference,
            active_corridors=[row.corridor for row in corridors if row.active],
        ),
        levers=lever_sections(
            code=territory.code,
            results=results,
            trends=by_key,
            quarters=quarters,
            stories=stories_of(territory, period),
        ),
        quarters=quarters,
        trend_lines=trend_lines(code=territory.code, trends=by_key, quarters=quarters),
        positions=positions_with_overlap(user=user, territory=territory, start=start, end=end),
        corridors=corridors,
        projects=list(territory_projects(user=user, territory=territory)),
        breakdowns=breakdown_tables(
            breakdowns(
                period,
                as_of=as_of,
                territories=[territory.code],
                reveal_small=sees_family_data(user),
            )
        ),
        gaps=gap_counts(ServiceGap.objects.for_user(user).filter(territory=territory)),
    )
