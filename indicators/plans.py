"""Territorial action plans (issue 15): for a fiscal year, what the territory answers — each
priority its profile triggers (exactly the engine's, ``Results.priorities``) and each target it
misses — and the actions that answer them, with the plan's progress.

Writes go through :func:`save_action` (coordinators of the territory, administrators): scope,
validation (the lead organization, the corridor and the gaps belong to the territory), audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import registry, store
from indicators.compute import Results, Row
from indicators.models import INDICATOR, PRIORITY, ActionStatus, PlanAction, subject_key
from indicators.periods import Period
from referrals.models import Corridor, CorridorPriority
from territories import audit
from territories.models import AuditAction, Organization, Sector, ServiceGap, Territory, User
from territories.services.projects import check_scope

ACTION_FIELDS = (
    "territory",
    "fiscal_year",
    "priority",
    "indicator",
    "title",
    "sectors",
    "lead",
    "due_on",
    "status",
    "corridor",
    "gaps",
)
DUE_YEARS_AFTER = 3  # a due date falls in the plan's fiscal year or the three years after it
OPEN = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)  # an action still to carry out
PROGRESS_INDICATORS = ("L5_ADAPTED_CORRIDORS", "L2_FORMAL_CORRIDORS_PCT")


def parse_subject(key: str) -> tuple[str, str]:
    """``(priority, indicator)`` of a subject key, one of them empty; ValidationError else."""
    kind, _sep, code = (key or "").partition(":")
    if kind == PRIORITY and code in CorridorPriority.values:
        return code, ""
    if kind == INDICATOR and registry.exists(code):
        return "", code
    raise ValidationError({"subject": _("Choose what the action answers from the list.")})


def save_action(
    *,
    actor: User,
    territory: Territory,
    fiscal_year: int,
    subject: str,
    title: str,
    due_on: date,
    status: str = ActionStatus.PLANNED,
    sectors: Iterable[Sector] = (),
    lead: Organization | None = None,
    corridor: Corridor | None = None,
    gaps: Iterable[ServiceGap] = (),
    action: PlanAction | None = None,
    today: date,
) -> PlanAction:
    """Create (``action`` None) or change an action of ``territory``'s plan for
    ``fiscal_year``; audited field by field, links included."""
    check_scope(actor=actor, territory=territory)
    if action is not None and (
        action.territory_id != territory.pk or action.fiscal_year != fiscal_year
    ):
        raise PermissionDenied  # an action stays in its territory's plan of its year
    priority, indicator = parse_subject(subject)
    gaps, errors = list(gaps), {}
    plan_year = Period.for_fiscal_year(fiscal_year)
    latest = plan_year.end.replace(year=plan_year.end.year + DUE_YEARS_AFTER)
    if not plan_year.start <= due_on <= latest:
        errors["due_on"] = _("Choose a due date between %(start)s and %(end)s.") % {
            "start": f"{plan_year.start:%Y-%m-%d}",
            "end": f"{latest:%Y-%m-%d}",
        }
    if lead is not None and lead.territory_id != territory.pk:
        errors["lead"] = _("Choose an organization of the territory.")
    if corridor is not None and corridor.territory_id != territory.pk:
        errors["corridor"] = _("Choose a corridor of the territory.")
    if any(gap.territory_id != territory.pk for gap in gaps):
        errors["gaps"] = _("Choose service gaps of the territory.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if action is None:
            action, before = PlanAction(territory=territory, created_on=today), {}
        else:
            stored = PlanAction.objects.select_for_update().get(pk=action.pk)
            before = audit.snapshot(stored, ACTION_FIELDS)
        action.fiscal_year, action.priority, action.indicator = fiscal_year, priority, indicator
        action.title, action.due_on, action.status = title.strip(), due_on, status
        action.lead, action.corridor = lead, corridor
        action.full_clean()
        action.save()
        action.sectors.set(list(sectors))
        action.gaps.set(gaps)
        audit.record(
            actor=actor,
            instance=action,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            changes=audit.changes_between(before, audit.snapshot(action, ACTION_FIELDS)),
            territory=territory,
        )
    return action


def missed_targets(results: Results, code: str) -> list[Row]:
    """The rows of territory ``code`` that miss their target with a value behind it
    (:attr:`~indicators.compute.Row.misses_target`, as every page counts them), in the
    registry's order."""
    return [row for row in results.for_territory(code) if row.misses_target]


def actions_of(territories: Iterable[Territory] | None, fiscal_year: int):
    """The plans' actions for ``fiscal_year`` (None: every territory), with their links read
    in three queries whatever their number."""
    actions = PlanAction.objects.filter(fiscal_year=fiscal_year)
    if territories is not None:
        actions = actions.filter(territory__in=list(territories))
    return actions.select_related("lead__sector", "corridor", "territory").prefetch_related(
        "sectors", "gaps"
    )


@dataclass
class Subject:
    """A triggered priority or a missed target, and the plan's actions answering it."""

    kind: str  # PRIORITY or INDICATOR
    code: str
    row: Row | None  # the missed target's row (None for a priority)
    actions: list[PlanAction] = field(default_factory=list)

    @property
    def key(self) -> str:
        return subject_key(self.kind, self.code)

    @property
    def planned(self) -> bool:
        """Whether an action answers it (a dropped action answers nothing)."""
        return any(action.counts for action in self.actions)


@dataclass(frozen=True)
class Progress:
    """How far the plan has come: actions done, corridors it produced that are formal, and
    the corridor indicators at the plan's start and now."""

    done: int
    counted: int  # actions not dropped
    formal: int
    corridors: int  # distinct corridors the actions produced
    start: date | None  # the day of the plan's first action, within the fiscal year
    at_start: dict[str, Row]
    now: dict[str, Row]


@dataclass(frozen=True)
class Plan:
    territory: Territory
    period: Period  # the fiscal year
    subjects: list[Subject]  # triggered priorities first, then missed targets
    others: list[PlanAction]  # actions whose subject is no longer triggered nor missed
    progress: Progress


def subjects_of(results: Results, code: str) -> list[Subject]:
    """The priorities the engine triggered for ``code``, then its missed targets."""
    return [
        *(Subject(PRIORITY, priority, None) for priority in results.priorities.get(code, [])),
        *(Subject(INDICATOR, row.indicator, row) for row in missed_targets(results, code)),
    ]


def attach(subjects: list[Subject], actions: Iterable[PlanAction]) -> list[PlanAction]:
    """Give each subject the actions answering it; returns the others (their subject is no
    longer triggered nor missed)."""
    by_key = {subject.key: subject for subject in subjects}
    others = []
    for action in actions:
        subject = by_key.get(action.subject_key)
        if subject is None:
            others.append(action)
        else:
            subject.actions.append(action)
    return others


def plan_start(actions: list[PlanAction], period: Period, as_of: date) -> date | None:
    """The day of the plan's first action, moved within the fiscal year (and not after
    ``as_of``); None without an action."""
    if not actions:
        return None
    first = min(action.created_on for action in actions)
    return max(period.start, min(first, period.end, as_of))


def plan_of(territory: Territory, period: Period, *, as_of: date) -> Plan:
    """``territory``'s plan for the fiscal year ``period`` at ``as_of``."""
    results = store.results(period, as_of=as_of, territories=[territory.code])
    actions = list(actions_of([territory], period.fiscal_year))
    subjects = subjects_of(results, territory.code)
    others = attach(subjects, actions)
    start = plan_start(actions, period, as_of)
    at_start = store.results(period, as_of=start, territories=[territory.code]) if start else None
    counted = [action for action in actions if action.counts]
    produced = {action.corridor.pk: action.corridor for action in counted if action.corridor}
    progress = Progress(
        done=sum(action.status == ActionStatus.DONE for action in counted),
        counted=len(counted),
        formal=sum(corridor.is_formal for corridor in produced.values()),
        corridors=len(produced),
        start=start,
        at_start={code: at_start.get(territory.code, code) for code in PROGRESS_INDICATORS}
        if at_start
        else {},
        now={code: results.get(territory.code, code) for code in PROGRESS_INDICATORS},
    )
    return Plan(territory, period, subjects, others, progress)


def overdue(actions: Iterable[PlanAction], today: date) -> list[PlanAction]:
    """Actions still open whose due date has passed."""
    return [a for a in actions if a.status in OPEN and a.due_on < today]


def default_due(today: date) -> date:
    """What the form proposes: three months from ``today``."""
    return today + timedelta(days=91)
