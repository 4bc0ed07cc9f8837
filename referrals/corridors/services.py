"""Writes of corridors (DESIGN.md section 4): create, change and end a corridor, each checked
(``full_clean``), within the actor's territories, in one transaction with its audit entry.

Shared by the corridor pages and the tests; the import writes corridors through the engine
(``referrals/imports/corridors.py``), which records its own audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from referrals.models import Corridor
from territories.access import enters_data
from territories.audit import changes_between, record, snapshot
from territories.models import AuditAction, Sector, Territory
from territories.validation import full_clean_or_raise

if TYPE_CHECKING:
    from territories.models import User

# What the audit trail keeps of a corridor, old → new.
AUDITED_FIELDS = (
    "code",
    "territory",
    "from_sector",
    "to_sector",
    "entry_point",
    "target_delay_days",
    "consent_languages",
    "transfer_template",
    "priorities",
    "active_from",
    "active_to",
)

# What update_corridor may change: a corridor stays on its territory.
EDITABLE_FIELDS = frozenset(AUDITED_FIELDS) - {"territory"}


def _check_scope(actor: User, territory: Territory) -> None:
    """Only coordinators of ``territory`` and administrators write its corridors."""
    if not enters_data(actor) or not Territory.objects.for_user(actor).filter(pk=territory.pk):
        raise PermissionDenied


def _validate(corridor: Corridor) -> None:
    """The corridor's rules, the two a user most often trips on named by their field."""
    errors = {}
    if corridor.from_sector_id and corridor.from_sector_id == corridor.to_sector_id:
        errors["to_sector"] = _("A corridor links two different sectors.")
    if corridor.active_to and corridor.active_from and corridor.active_to < corridor.active_from:
        errors["active_to"] = _("A corridor cannot end before it starts.")
    full_clean_or_raise(corridor, errors)


def create_corridor(
    *,
    actor: User,
    territory: Territory,
    code: str,
    from_sector: Sector,
    to_sector: Sector,
    active_from: date,
    entry_point: str = "",
    target_delay_days: int | None = None,
    consent_languages: Sequence[str] = (),
    transfer_template: bool = False,
    priorities: Sequence[str] = (),
    active_to: date | None = None,
) -> Corridor:
    """A new corridor of ``territory``; ``ValidationError`` (French messages by field) when a
    value breaks a rule, ``PermissionDenied`` outside the actor's territories."""
    _check_scope(actor, territory)
    corridor = Corridor(
        territory=territory,
        code=code.strip(),
        from_sector=from_sector,
        to_sector=to_sector,
        entry_point=entry_point.strip(),
        target_delay_days=target_delay_days,
        consent_languages=list(consent_languages),
        transfer_template=transfer_template,
        priorities=list(priorities),
        active_from=active_from,
        active_to=active_to,
    )
    _validate(corridor)
    with transaction.atomic():
        corridor.save()
        record(
            actor=actor,
            instance=corridor,
            action=AuditAction.CREATE,
            changes=changes_between({}, snapshot(corridor, AUDITED_FIELDS)),
            territory=territory,
        )
    return corridor


def update_corridor(*, actor: User, corridor: Corridor, **changes: Any) -> Corridor:
    """Change ``corridor``'s fields named in ``changes`` (any of :data:`EDITABLE_FIELDS`).

    Its sectors cannot change once referrals go along it (they would no longer match). The
    audit entry keeps each changed field's old and new value; nothing changed, no entry.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable on a corridor: {', '.join(sorted(unknown))}")
    _check_scope(actor, corridor.territory)
    before = snapshot(corridor, AUDITED_FIELDS)
    for name, value in changes.items():
        if name in ("code", "entry_point") and isinstance(value, str):
            value = value.strip()
        elif name in ("consent_languages", "priorities"):
            value = list(value)
        setattr(corridor, name, value)
    moved = (corridor.from_sector_id, corridor.to_sector_id) != (
        before["from_sector"],
        before["to_sector"],
    )
    try:
        if moved and corridor.referrals.exists():
            raise ValidationError(
                {"to_sector": _("Referrals go along this corridor: its sectors cannot change.")}
            )
        _validate(corridor)
    except ValidationError:
        corridor.refresh_from_db()  # the caller's object stays as it is stored
        raise
    after = snapshot(corridor, AUDITED_FIELDS)
    with transaction.atomic():
        corridor.save()
        record(
            actor=actor,
            instance=corridor,
            action=AuditAction.UPDATE,
            changes=changes_between(before, after),
            territory=corridor.territory,
        )
    return corridor


def end_corridor(*, actor: User, corridor: Corridor, active_to: date) -> Corridor:
    """The corridor is no longer active after ``active_to`` (not before its start)."""
    return update_corridor(actor=actor, corridor=corridor, active_to=active_to)
