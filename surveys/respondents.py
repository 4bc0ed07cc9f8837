"""How many people stand behind a group of survey answers (DESIGN.md section 8), and whether
the group may be shown. The engine's satisfaction indicators and the survey result pages both
count and suppress with these functions.

Each paper answer and each one-time code counts one respondent; online PAP answers count the
distinct PAPs who answered the campaigns concerned, from the participation records: two PAPs
answering four quarters are 2 respondents, not 8.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from surveys.models import Channel, Participation

K = TypeVar("K", bound=Hashable)


def online_pap_respondents(
    online: QuerySet, start: date, end: date, *, overall: bool = False
) -> dict[int | None, int]:
    """Distinct PAPs behind the online answers ``online`` submitted from ``start`` to ``end``,
    per territory (or, ``overall``, for all of them together, under the key None).

    Participation records say who answered a campaign, not when. For a campaign lying wholly
    inside the dates, its participants all answered in them: they are counted exactly, each PAP
    once however many campaigns they answered. For a campaign straddling an edge, only the
    number of its answers inside is known; each comes from a different PAP (one answer per PAP
    per campaign). So the count is the larger of the two, never more than the PAPs who surely
    answered: a month inside a quarterly campaign cannot show one PAP's score as if three had
    answered. That floor holds for every campaign: should participation records be missing
    (written by hand in the database), answers never stand behind fewer respondents than a
    campaign's own answers.
    """
    inside = Q(campaign__opens_on__gte=start, campaign__closes_on__lte=end)
    wholly_inside = online.filter(inside).values("campaign_id")
    participants = Participation.objects.filter(campaign_id__in=wholly_inside)
    counts: dict[int | None, int]
    if overall:
        counts = {None: participants.aggregate(paps=Count("user_id", distinct=True))["paps"]}
    else:
        counts = {
            row["campaign__territory_id"]: row["paps"]
            for row in participants.values("campaign__territory_id")
            .annotate(paps=Count("user_id", distinct=True))
            .order_by()
        }
    for row in (
        online.values("territory_id", "campaign_id").annotate(answers=Count("id"))
    ).order_by():
        key = None if overall else row["territory_id"]
        counts[key] = max(counts.get(key, 0), row["answers"])
    return counts


def respondents_by_territory(responses: QuerySet, start: date, end: date) -> dict[int, int]:
    """Respondents behind ``responses`` (answers submitted from ``start`` to ``end``), per
    territory: one per paper or code answer, plus the distinct PAPs of the online ones."""
    counts: dict[int, int] = {
        row["territory_id"]: row["alone"]
        for row in responses.exclude(channel=Channel.ONLINE)
        .values("territory_id")
        .annotate(alone=Count("id"))
        .order_by()
    }
    online = responses.filter(channel=Channel.ONLINE)
    for territory_id, paps in online_pap_respondents(online, start, end).items():
        counts[territory_id] = counts.get(territory_id, 0) + paps
    return counts


def is_small(respondents: int | None) -> bool:
    """Whether a group rests on 1 to ``MIN_CELL_SIZE`` − 1 respondents: it is not shown."""
    return respondents is not None and 0 < respondents < settings.MIN_CELL_SIZE


@dataclass(frozen=True)
class Group:
    """What suppression needs to know of one group: its respondents, its answers (``n``),
    whether it has a value to show, and its tie-breaker (a territory code)."""

    respondents: int | None
    n: int
    has_value: bool
    tie_breaker: str


def suppressed(groups: Mapping[K, Group]) -> set[K]:
    """The groups not shown when a total of all of them is shown beside them (DESIGN.md section
    6): the small ones, and, when exactly one is small, the shown group with the fewest answers
    (ties: the lowest code) too, so that the total cannot give the small one away. A group with
    no answer is never picked."""
    small = {key for key, group in groups.items() if is_small(group.respondents)}
    if len(small) != 1:
        return small
    shown = [key for key, group in groups.items() if key not in small and group.has_value]
    if shown:
        small.add(min(shown, key=lambda key: (groups[key].n, groups[key].tie_breaker)))
    return small
