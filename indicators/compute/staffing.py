"""Levers 1, 3 and 6 from the PAP journal and the assignments: presentations, supervision
hours, support requests, departures and staff. The breakdowns group the same measures by sector.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from indicators.compute.sql import within
from indicators.compute.tally import Tally
from territories.models import Assignment, JournalEntry, JournalKind

# The journal entries levers 1, 3 and 6 count, and what each group of them adds to a tally.
JOURNAL_KINDS = (
    JournalKind.SUPERVISION,
    JournalKind.SUPPORT_REQUEST,
    JournalKind.PRESENTATION_INTRA,
    JournalKind.PRESENTATION_INTER,
)
JOURNAL_MEASURES = {"count": Count("id"), "hours": Sum("hours")}


def gather_journal(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    rows = (
        within(journal_entries(start, end), "position__organization__territory_id", scope)
        .values("position__organization__territory_id", "kind")
        .annotate(**JOURNAL_MEASURES)
        .order_by()
    )
    for row in rows:
        add_journal_measures(tallies[row["position__organization__territory_id"]], row)


def journal_entries(start: date, end: date):
    return JournalEntry.objects.filter(date__gte=start, date__lte=end, kind__in=JOURNAL_KINDS)


def add_journal_measures(tally: Tally, row: dict) -> None:
    """Add a group of journal entries of one kind (``JOURNAL_MEASURES`` of ``row``)."""
    if row["kind"] == JournalKind.SUPERVISION:
        tally.supervision_hours += row["hours"] or Decimal(0)
    elif row["kind"] == JournalKind.SUPPORT_REQUEST:
        tally.support_requests += row["count"]
    else:
        tally.presentations += row["count"]


def gather_staff(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    rows = (
        within(assignments_during(start, end), "position__organization__territory_id", scope)
        .values("position__organization__territory_id")
        .annotate(**staff_measures(start, end))
        .order_by()
    )
    for row in rows:
        set_staff_measures(tallies[row["position__organization__territory_id"]], row)


def set_staff_measures(tally: Tally, row: dict) -> None:
    """The ``staff_measures`` of ``row`` into ``tally``."""
    tally.departures = row["departures"]
    tally.staff_at_start = row["staff_at_start"]
    tally.staff_at_end = row["staff_at_end"]
    tally.paps = row["paps"]


def assignments_during(start: date, end: date):
    """Every assignment present on either day or ending between them (start may come after
    end when as_of is before the period: nothing is known of it yet)."""
    return Assignment.objects.active_during(min(start, end), max(start, end))


def staff_measures(start: date, end: date) -> dict:
    """Levers 3 and 6's aggregates over :func:`assignments_during`, for ``.annotate()`` after
    ``.values(...)``: the :class:`Tally` fields ``departures``, ``staff_at_start``,
    ``staff_at_end`` and ``paps`` (the breakdowns group them by sector)."""

    def present_on(day: date) -> Q:
        return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))

    return {
        "departures": Count("id", filter=Q(ended_on__gte=start, ended_on__lte=end)),
        "staff_at_start": Count("id", filter=present_on(start)),
        "staff_at_end": Count("id", filter=present_on(end)),
        "paps": Count("position_id", distinct=True),
    }
