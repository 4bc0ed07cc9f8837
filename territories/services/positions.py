"""Writes of organizations, PAP positions (their mandate) and assignments (DESIGN.md section 4).

Each function checks the row (``full_clean``, the rules a user trips on named by field), keeps it
within the actor's territories (coordinators: theirs; administrators: all), saves it in one
transaction with an audit entry of each changed field, old → new. Shared by the pages and the
tests; a departure is an assignment's end date (it feeds the turnover indicator).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from territories.access import enters_data
from territories.audit import changes_between, record, snapshot
from territories.formatting import format_date
from territories.models import (
    Assignment,
    AuditAction,
    Organization,
    Position,
    Sector,
    Territory,
)
from territories.validation import full_clean_or_raise

if TYPE_CHECKING:
    from territories.models import User

ORGANIZATION_FIELDS = ("code", "name", "territory", "sector", "entry_point")
POSITION_FIELDS = (
    "code",
    "organization",
    "title",
    "opened_on",
    "closed_on",
    "components",
    "populations",
    "limits",
    "limits_note",
)
ASSIGNMENT_FIELDS = ("position", "person", "user", "started_on", "ended_on")


def _check_scope(actor: User, territory: Territory) -> None:
    """Only coordinators of ``territory`` and administrators write its rows."""
    if not enters_data(actor) or not Territory.objects.for_user(actor).filter(pk=territory.pk):
        raise PermissionDenied


def _save(
    *,
    actor: User,
    instance: models.Model,
    fields: Sequence[str],
    before: dict[str, Any] | None,
    territory: Territory,
) -> None:
    """Save ``instance`` and its audit entry together (``before`` None: a creation)."""
    after = snapshot(instance, fields)
    with transaction.atomic():
        instance.save()
        record(
            actor=actor,
            instance=instance,
            action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
            changes=changes_between(before or {}, after),
            territory=territory,
        )


def _apply(instance: models.Model, changes: dict[str, Any], editable: frozenset[str]) -> None:
    unknown = set(changes) - editable
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        elif isinstance(value, list | tuple):
            value = list(value)
        setattr(instance, name, value)


def _ends_before_start(start: date | None, end: date | None) -> bool:
    return bool(start and end and end < start)


# Organizations


def _validate_organization(organization: Organization) -> None:
    full_clean_or_raise(organization, {})


def create_organization(
    *,
    actor: User,
    territory: Territory,
    code: str,
    name: str,
    sector: Sector,
    entry_point: str = "",
) -> Organization:
    """A new organization of ``sector`` on ``territory``; ``entry_point`` says how to reach it
    (a service, a desk, a general number; never a person)."""
    _check_scope(actor, territory)
    organization = Organization(
        territory=territory,
        code=code.strip(),
        name=name.strip(),
        sector=sector,
        entry_point=entry_point.strip(),
    )
    _validate_organization(organization)
    _save(
        actor=actor,
        instance=organization,
        fields=ORGANIZATION_FIELDS,
        before=None,
        territory=territory,
    )
    return organization


def update_organization(*, actor: User, organization: Organization, **changes: Any) -> Organization:
    """Change an organization's ``code``, ``name``, ``sector`` or ``entry_point`` (it stays on
    its territory)."""
    _check_scope(actor, organization.territory)
    before = snapshot(organization, ORGANIZATION_FIELDS)
    _apply(organization, changes, frozenset({"code", "name", "sector", "entry_point"}))
    try:
        _validate_organization(organization)
    except ValidationError:
        organization.refresh_from_db()
        raise
    _save(
        actor=actor,
        instance=organization,
        fields=ORGANIZATION_FIELDS,
        before=before,
        territory=organization.territory,
    )
    return organization


# Positions and their mandate


def _validate_position(position: Position, actor: User) -> None:
    errors = {}
    if _ends_before_start(position.opened_on, position.closed_on):
        errors["closed_on"] = _("A position cannot close before it opens.")
    organization = position.organization
    if not Organization.objects.for_user(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied
    full_clean_or_raise(position, errors)


def create_position(
    *,
    actor: User,
    organization: Organization,
    code: str,
    title: str,
    opened_on: date,
    closed_on: date | None = None,
    components: Sequence[str] = (),
    populations: Sequence[str] = (),
    limits: Sequence[str] = (),
    limits_note: str = "",
) -> Position:
    """A new PAP position of ``organization`` with its mandate: ``components`` (values of
    ``MandateComponent``), ``populations`` (values of ``TargetPopulation``), and its limits:
    ``limits`` (values of ``Need`` it does not take on) and ``limits_note`` (a short text)."""
    _check_scope(actor, organization.territory)
    position = Position(
        organization=organization,
        code=code.strip(),
        title=title.strip(),
        opened_on=opened_on,
        closed_on=closed_on,
        components=list(components),
        populations=list(populations),
        limits=list(limits),
        limits_note=limits_note.strip(),
    )
    _validate_position(position, actor)
    _save(
        actor=actor,
        instance=position,
        fields=POSITION_FIELDS,
        before=None,
        territory=organization.territory,
    )
    return position


def update_position(*, actor: User, position: Position, **changes: Any) -> Position:
    """Change a position's organization (one of the actor's), title, dates or mandate."""
    _check_scope(actor, position.organization.territory)
    before = snapshot(position, POSITION_FIELDS)
    editable = frozenset(POSITION_FIELDS) - {"code"}
    _apply(position, changes, editable)
    try:
        _validate_position(position, actor)
    except (ValidationError, PermissionDenied):
        position.refresh_from_db()
        raise
    _save(
        actor=actor,
        instance=position,
        fields=POSITION_FIELDS,
        before=before,
        territory=position.organization.territory,
    )
    return position


# Assignments: who holds a position, from when to when


def _validate_assignment(assignment: Assignment) -> None:
    errors = {}
    position = assignment.position
    if _ends_before_start(assignment.started_on, assignment.ended_on):
        errors["ended_on"] = _("A departure cannot come before the start.")
    if assignment.started_on and assignment.started_on < position.opened_on:
        errors["started_on"] = _("The position opens on %(date)s: nobody can hold it before.") % {
            "date": format_date(position.opened_on)
        }
    elif (
        position.closed_on and assignment.started_on and assignment.started_on > position.closed_on
    ):
        errors["started_on"] = _(
            "The position closed on %(date)s: nobody can start holding it after."
        ) % {"date": format_date(position.closed_on)}
    territory_id = position.organization.territory_id
    if assignment.user_id and not assignment.user.territories.filter(pk=territory_id).exists():
        errors["user"] = _("This account is not attached to the position's territory.")
    full_clean_or_raise(assignment, errors)


def create_assignment(
    *,
    actor: User,
    position: Position,
    person: str,
    started_on: date,
    ended_on: date | None = None,
    user: User | None = None,
) -> Assignment:
    """``person`` (a pseudonymous label, never a name; optionally a user account) holds
    ``position`` from ``started_on`` to ``ended_on`` (None: still there)."""
    _check_scope(actor, position.organization.territory)
    assignment = Assignment(
        position=position,
        person=person.strip(),
        user=user,
        started_on=started_on,
        ended_on=ended_on,
    )
    _validate_assignment(assignment)
    _save(
        actor=actor,
        instance=assignment,
        fields=ASSIGNMENT_FIELDS,
        before=None,
        territory=position.organization.territory,
    )
    return assignment


def update_assignment(*, actor: User, assignment: Assignment, **changes: Any) -> Assignment:
    """Change an assignment's person, account or dates; a departure is its ``ended_on``."""
    territory = assignment.position.organization.territory
    _check_scope(actor, territory)
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    _apply(assignment, changes, frozenset({"person", "user", "started_on", "ended_on"}))
    try:
        _validate_assignment(assignment)
    except ValidationError:
        assignment.refresh_from_db()
        raise
    _save(
        actor=actor,
        instance=assignment,
        fields=ASSIGNMENT_FIELDS,
        before=before,
        territory=territory,
    )
    return assignment
