"""Levers 4 and 6 from the survey responses: answers, score sums and respondents per territory
and survey, and the distinct PAPs behind the province's online answers."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum

from indicators.compute.sql import within
from indicators.compute.tally import Tally
from indicators.periods import Period
from surveys.models import Channel, Response, SurveyKind
from surveys.respondents import online_pap_respondents


def gather_surveys(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    """Responses, score sums and respondents per territory and survey.

    Paper answers and one-time codes count one respondent each; online PAP answers count the
    distinct PAPs who took part in the campaigns concerned (DESIGN.md section 8), see
    :func:`surveys.respondents.online_pap_respondents`.
    """
    in_period = within(
        Response.objects.filter(submitted_on__gte=start, submitted_on__lte=end),
        "territory_id",
        scope,
    )
    # Family answers count for the projects of T: an answer without a project counts nowhere.
    counted = in_period.exclude(kind=SurveyKind.FAMILY, project__isnull=True)
    for row in (
        counted.values("territory_id", "kind")
        .annotate(
            responses=Count("id"),
            score=Sum("overall"),
            counted_alone=Count("id", filter=~Q(channel=Channel.ONLINE)),
        )
        .order_by()
    ):
        tally = tallies[row["territory_id"]]
        prefix = "pap" if row["kind"] == SurveyKind.PAP else "family"
        setattr(tally, f"{prefix}_responses", row["responses"])
        setattr(tally, f"{prefix}_score", row["score"] or 0)
        setattr(tally, f"{prefix}_respondents", row["counted_alone"])
    online = in_period.filter(kind=SurveyKind.PAP, channel=Channel.ONLINE)
    for territory_id, respondents in online_pap_respondents(online, start, end).items():
        tallies[territory_id].pap_online_respondents = respondents


def province_online_respondents(period: Period, *, as_of: date) -> int:
    """Distinct PAPs behind the province's online answers of ``period`` (a PAP who answered on
    two territories is one respondent of the province). Two queries."""
    start, end = period.start, period.cut_at(as_of)
    online = Response.objects.filter(
        submitted_on__gte=start, submitted_on__lte=end, kind=SurveyKind.PAP, channel=Channel.ONLINE
    )
    return online_pap_respondents(online, start, end, overall=True)[None]
