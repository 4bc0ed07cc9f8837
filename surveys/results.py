"""What the result pages show of a campaign, or of every territory over some dates: each
item's distribution (answers per score 1-5) and mean, only where enough respondents stand
behind it (:mod:`surveys.respondents`), and the PAP campaigns' response rate.

A fixed number of queries whatever the number of answers, items or territories.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from surveys.models import Answer, Campaign, Channel, Question, Response, SurveyKind
from surveys.respondents import (
    Group,
    is_small,
    online_pap_respondents,
    respondents_by_territory,
    suppressed,
)
from territories.models import Assignment, Territory

SCORES = (1, 2, 3, 4, 5)


@dataclass
class Distribution:
    """Answers per score, their number and mean; ``shown`` False when too few respondents."""

    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))
    respondents: int = 0
    shown: bool = True

    @property
    def answers(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> Decimal | None:
        if not self.answers:
            return None
        total = sum(score * count for score, count in self.counts.items())
        return (Decimal(total) / self.answers).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def shares(self) -> dict[int, Decimal]:
        """Per score, its share of the answers in per cent (1 decimal)."""
        if not self.answers:
            return dict.fromkeys(SCORES, Decimal(0))
        return {
            score: (Decimal(100 * count) / self.answers).quantize(Decimal("0.1"), ROUND_HALF_UP)
            for score, count in self.counts.items()
        }


@dataclass
class CampaignResults:
    campaign: Campaign
    respondents: int
    by_channel: dict[str, int]
    items: list[tuple[Question, Distribution]]
    participations: int
    assigned: int | None  # PAPs assigned during the campaign (PAP campaigns)

    @property
    def shown(self) -> bool:
        return not is_small(self.respondents)

    @property
    def response_rate(self) -> Decimal | None:
        """Participations ÷ PAPs assigned during the campaign, in per cent."""
        if not self.assigned:
            return None
        return (Decimal(100 * self.participations) / self.assigned).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )


def campaign_results(campaign: Campaign) -> CampaignResults:
    """The results of one campaign (five queries)."""
    responses = Response.objects.filter(campaign=campaign)
    respondents = respondents_by_territory(responses, campaign.opens_on, campaign.closes_on)
    total = respondents.get(campaign.territory_id, 0)
    questions = list(campaign.questions.all())
    counts: dict[int, Distribution] = {q.pk: Distribution() for q in questions}
    overall = next((q for q in questions if q.overall), None)
    by_channel = dict.fromkeys(Channel.values, 0)
    for row in responses.values("channel", "overall").annotate(n=Count("id")).order_by():
        by_channel[row["channel"]] += row["n"]
        if overall is not None:
            counts[overall.pk].counts[row["overall"]] += row["n"]
    for row in (
        Answer.objects.filter(response__campaign=campaign)
        .values("question_id", "score")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["question_id"]].counts[row["score"]] += row["n"]
    for question in questions:
        distribution = counts[question.pk]
        # One campaign: each answer to an item is a different respondent (one per PAP).
        distribution.respondents = min(total, distribution.answers)
        distribution.shown = not is_small(total) and not is_small(distribution.respondents)
    assigned = None
    if campaign.kind == SurveyKind.PAP:
        assigned = (
            Assignment.objects.filter(
                position__organization__territory_id=campaign.territory_id,
                started_on__lte=campaign.closes_on,
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=campaign.opens_on))
            .values("person")
            .distinct()
            .count()
        )
    return CampaignResults(
        campaign=campaign,
        respondents=total,
        by_channel=by_channel,
        items=[(q, counts[q.pk]) for q in questions],
        participations=campaign.participations.count(),
        assigned=assigned,
    )


@dataclass
class TerritoryRow:
    territory: Territory | None  # None: the province (QC)
    distribution: Distribution


def overall_by_territory(
    kind: str, start: date, end: date, territories: QuerySet
) -> tuple[list[TerritoryRow], TerritoryRow]:
    """The overall item of ``kind`` answers submitted from ``start`` to ``end``, per territory
    of ``territories`` and for the province, with suppression decided over every territory and
    complementary suppression (the province row is shown). Four queries."""
    responses = Response.objects.filter(kind=kind, submitted_on__gte=start, submitted_on__lte=end)
    if kind == SurveyKind.FAMILY:  # as the indicator: family answers count for a project
        responses = responses.exclude(project__isnull=True)
    per_territory: dict[int, Distribution] = defaultdict(Distribution)
    province = Distribution()
    for row in responses.values("territory_id", "overall").annotate(n=Count("id")).order_by():
        per_territory[row["territory_id"]].counts[row["overall"]] += row["n"]
        province.counts[row["overall"]] += row["n"]
    respondents = respondents_by_territory(responses, start, end)
    everyone = list(Territory.objects.order_by("code"))
    codes = {t.pk: t.code for t in everyone}
    for tid, distribution in per_territory.items():
        distribution.respondents = respondents.get(tid, 0)
    hidden = suppressed(
        {
            tid: Group(d.respondents, d.answers, bool(d.answers), codes[tid])
            for tid, d in per_territory.items()
        }
    )
    for tid in hidden:
        per_territory[tid].shown = False
    online = responses.filter(channel=Channel.ONLINE)
    province.respondents = (
        responses.exclude(channel=Channel.ONLINE).count()
        + (online_pap_respondents(online, start, end, overall=True)[None])
    )
    province.shown = not is_small(province.respondents)
    wanted = set(territories.values_list("pk", flat=True))
    rows = [
        TerritoryRow(t, per_territory.get(t.pk, Distribution())) for t in everyone if t.pk in wanted
    ]
    return rows, TerritoryRow(None, province)
