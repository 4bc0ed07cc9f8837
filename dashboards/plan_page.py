"""What the action-plan pages show (issue 15): a territory's plan for a fiscal year in words
and numbers, and the province view of every plan the user may see.

The logic — subjects, actions, progress — is :mod:`indicators.plans`; here each subject gets
its name, value and target as the territory page writes them, and each corridor its formality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from dashboards import display
from dashboards.case_page import missing_formal_criteria
from indicators import plans, registry, store
from indicators.models import PlanAction
from indicators.periods import Period
from referrals.models import CorridorPriority
from territories.models import ServiceGap, Territory
from territories.services.gaps import GapCount, gap_counts


def subject_label(kind: str, code: str) -> str:
    """A priority's name, or an indicator's, in the active language."""
    if kind == plans.PRIORITY:
        return str(CorridorPriority(code).label)
    return display.indicator_name(registry.get(code))


def action_subject_label(action: PlanAction) -> str:
    return subject_label(action.subject_kind, action.subject)


@dataclass(frozen=True)
class ActionLine:
    """An action as the plan lists it: what it answers, whether it is late, and what keeps
    its corridor from being formal (None: no corridor yet; empty: formal)."""

    action: PlanAction
    subject: str
    late: bool
    missing: list[str] | None


def action_lines(actions: list[PlanAction], today: date) -> list[ActionLine]:
    late = {action.pk for action in plans.overdue(actions, today)}
    return [
        ActionLine(
            action=action,
            subject=action_subject_label(action),
            late=action.pk in late,
            missing=None if action.corridor is None else missing_formal_criteria(action.corridor),
        )
        for action in actions
    ]


@dataclass(frozen=True)
class SubjectSection:
    """A triggered priority or a missed target with its value, target and actions."""

    subject: plans.Subject
    label: str
    value: str
    target: str
    actions: list[ActionLine]


def subject_choices(
    subjects: list[plans.Subject], action: PlanAction | None
) -> list[tuple[str, str]]:
    """What an action may answer: the plan's subjects, and the action's own if it is no
    longer one of them."""
    choices = [(s.key, subject_label(s.kind, s.code)) for s in subjects]
    if action is not None and action.subject_key not in dict(choices):
        choices.append((action.subject_key, action_subject_label(action)))
    return choices


def subject_sections(plan: plans.Plan, today: date) -> list[SubjectSection]:
    sections = []
    for subject in plan.subjects:
        row = subject.row
        sections.append(
            SubjectSection(
                subject=subject,
                label=subject_label(subject.kind, subject.code),
                value=display.format_value(row) if row else "",
                target=display.format_target(row.target, row.definition) if row else "",
                actions=action_lines(subject.actions, today),
            )
        )
    return sections


@dataclass(frozen=True)
class ProgressLine:
    name: str
    at_start: str
    now: str


def progress_lines(progress: plans.Progress) -> list[ProgressLine]:
    """The two corridor indicators at the plan's start and now, formatted."""
    lines = []
    for code in plans.PROGRESS_INDICATORS:
        start = progress.at_start.get(code)
        lines.append(
            ProgressLine(
                name=display.indicator_name(registry.get(code)),
                at_start=display.format_value(start) if start is not None else "—",
                now=display.format_value(progress.now[code]),
            )
        )
    return lines


# The province view


@dataclass(frozen=True)
class Uncovered:
    """A territory's triggered priority or missed target that no action answers."""

    territory: str
    kind: str
    code: str

    @property
    def label(self) -> str:
        return subject_label(self.kind, self.code)


@dataclass(frozen=True)
class ProvincePlans:
    period: Period
    uncovered: list[Uncovered]
    overdue: list[PlanAction]
    gaps: list[tuple[GapCount, int]]  # counts by need, with the territories reporting it


def province_plans(
    *, territories: QuerySet[Territory], gaps: QuerySet[ServiceGap], period: Period, as_of: date
) -> ProvincePlans:
    """For the fiscal year ``period`` and the ``territories`` the user sees: what no action
    answers, the actions overdue, and the service gaps noticed during the year by need (counts
    only). A constant number of queries, whatever the number of territories."""
    known = list(territories.order_by("code"))
    results = store.results(period, as_of=as_of, territories=[t.code for t in known])
    actions = list(plans.actions_of(known, period.fiscal_year))
    uncovered = []
    for territory in known:
        subjects = plans.subjects_of(results, territory.code)
        plans.attach(subjects, (a for a in actions if a.territory_id == territory.pk))
        uncovered += [
            Uncovered(territory.code, subject.kind, subject.code)
            for subject in subjects
            if not subject.planned
        ]
    in_year = gaps.filter(noticed_on__range=(period.start, period.end))
    reporting = dict(
        in_year.order_by().values_list("need").annotate(n=Count("territory", distinct=True))
    )
    return ProvincePlans(
        period=period,
        uncovered=uncovered,
        overdue=plans.overdue(actions, as_of),
        gaps=[(count, reporting.get(count.need, 0)) for count in gap_counts(in_year)],
    )
