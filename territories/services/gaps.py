"""Service gaps (issue 15): a PAP or a coordinator records one, a coordinator triages it.

A gap names a population and a need, never a family: the description is short and the form
warns against identifying anyone; the author is kept as a role. Each write checks the scope,
validates, and goes to the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from territories import audit
from territories.access import in_scope, reports_gaps
from territories.models import (
    AuditAction,
    GapStatus,
    Need,
    Sector,
    ServiceGap,
    Territory,
    User,
)
from territories.services.projects import check_scope

# What the audit keeps of a gap: never its description, free text that may say too much (a
# coordinator removes such a gap, and the trail must not keep the words).
GAP_FIELDS = ("territory", "population", "need", "sectors", "noticed_on", "status")


GAP_YEARS_BACK = 5  # a gap noticed before January 1st, five years ago, is refused


def check_reporter_scope(*, actor: User, territory: Territory) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` records gaps on ``territory``."""
    if not (reports_gaps(actor) and in_scope(actor, territory)):
        raise PermissionDenied


def record_gap(
    *,
    actor: User,
    territory: Territory,
    need: str,
    noticed_on: date,
    today: date,
    population: str = "",
    description: str = "",
    sectors: Iterable[Sector] = (),
) -> ServiceGap:
    """A new gap of ``territory``, status « new »; :class:`ValidationError` when a value is
    refused (an unknown need or population, a date after ``today``, a description too long)."""
    check_reporter_scope(actor=actor, territory=territory)
    earliest = date(today.year - GAP_YEARS_BACK, 1, 1)
    if noticed_on > today:
        raise ValidationError({"noticed_on": _("The date cannot be after today.")})
    if noticed_on < earliest:
        raise ValidationError(
            {
                "noticed_on": _("Give a date from %(date)s on: older gaps are not recorded.")
                % {"date": f"{earliest:%Y-%m-%d}"}
            }
        )
    gap = ServiceGap(
        territory=territory,
        population=population,
        need=need,
        description=description.strip(),
        noticed_on=noticed_on,
        reported_by_role=actor.role,
    )
    with transaction.atomic():
        gap.full_clean()
        gap.save()
        gap.sectors.set(list(sectors))
        audit.record(
            actor=actor,
            instance=gap,
            action=AuditAction.CREATE,
            changes=audit.changes_between({}, audit.snapshot(gap, GAP_FIELDS)),
            territory=territory,
        )
    return gap


def triage_gap(*, actor: User, gap: ServiceGap, status: str) -> ServiceGap:
    """Move ``gap`` to ``status`` (coordinators of its territory, administrators); audited."""
    check_scope(actor=actor, territory=gap.territory)
    if status not in GapStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    with transaction.atomic():
        stored = ServiceGap.objects.select_for_update().get(pk=gap.pk)
        before = audit.snapshot(stored, GAP_FIELDS)
        stored.status = status
        stored.save(update_fields=["status"])
        audit.record(
            actor=actor,
            instance=stored,
            action=AuditAction.UPDATE,
            changes=audit.changes_between(before, audit.snapshot(stored, GAP_FIELDS)),
            territory=stored.territory,
        )
    gap.status = status
    return gap


@dataclass(frozen=True)
class GapCount:
    """How many gaps of one need, in each status: what advisors see of the gaps."""

    need: str
    by_status: dict[str, int]

    @property
    def label(self) -> str:
        return str(Need(self.need).label)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def still_open(self) -> int:
        return self.total - self.by_status.get(GapStatus.RESOLVED, 0)

    @property
    def in_order(self) -> list[int]:
        """The counts in :class:`GapStatus`'s order (0 where none)."""
        return [self.by_status.get(status, 0) for status in GapStatus.values]


def gap_counts(gaps: QuerySet[ServiceGap]) -> list[GapCount]:
    """The counts of ``gaps`` (already scoped) per need and status, most open first. One
    query, whatever the number of gaps or territories."""
    by_need: dict[str, dict[str, int]] = {}
    for need, status, count in (
        gaps.order_by().values_list("need", "status").annotate(count=Count("pk"))
    ):
        by_need.setdefault(need, {})[status] = count
    counts = [GapCount(need, by_status) for need, by_status in by_need.items()]
    return sorted(counts, key=lambda c: (-c.still_open, -c.total, Need.values.index(c.need)))


def remove_gap(*, actor: User, gap: ServiceGap) -> None:
    """Delete ``gap`` (coordinators of its territory, administrators): a gap recorded twice,
    or one whose description says too much. The audit keeps what it was about, never its
    description (:data:`GAP_FIELDS`), which may be the reason it is removed."""
    check_scope(actor=actor, territory=gap.territory)
    with transaction.atomic():
        audit.record(
            actor=actor,
            instance=gap,
            action=AuditAction.DELETE,
            changes=audit.changes_between(audit.snapshot(gap, GAP_FIELDS), {}),
            territory=gap.territory,
        )
        gap.delete()
