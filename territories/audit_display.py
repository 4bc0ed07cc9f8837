"""How the audit trail reads on its pages: French names of the objects and fields, values in
Quebec formats (« ancien → nouveau »).

Entries name their object by its model label (``referrals.referral``). The names are looked up
in Django's app registry (``apps.get_model``), not imported: this app sits below ``referrals``
and ``indicators`` (DESIGN.md section 3), yet its pages show their entries. A label no longer
installed shows as it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from territories.models import AuditAction, AuditEntry

# The objects whose changes the trail keeps, in the order the filter offers them.
AUDITED_TYPES = (
    "referrals.referral",
    "referrals.family",
    "referrals.corridor",
    "territories.organization",
    "territories.position",
    "territories.assignment",
    "territories.journalentry",
    "territories.project",
    "territories.sociohealthprofile",
    "indicators.indicatortarget",
    "territories.user",
    "territories.territory",
)


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def type_label(label: str) -> str:
    """The French name of the objects of ``label`` (« orientation »), else the label."""
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else label


def type_choices() -> list[tuple[str, str]]:
    return [(label, type_label(label).capitalize()) for label in AUDITED_TYPES]


def field_label(label: str, name: str) -> str:
    model = _model(label)
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def show_value(value: Any) -> str:
    """A stored value as people read it: « — » for none, « oui » / « non », lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, int | float):
        return str(value)
    return str(value).replace(".", ",") if _is_decimal(value) else str(value)


def _is_decimal(text: str) -> bool:
    head, dot, tail = text.partition(".")
    return bool(dot) and head.lstrip("-").isdigit() and tail.isdigit()


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class EntryRow:
    entry: AuditEntry
    type_label: str
    changes: list[Change]
    import_summary: dict[str, Any] | None


def entry_rows(entries: list[AuditEntry]) -> list[EntryRow]:
    """Each entry with its object's French name and its changes, field by field."""
    rows = []
    for entry in entries:
        summary = None
        changes: list[Change] = []
        if entry.action == AuditAction.IMPORT:
            summary = entry.changes
        else:
            for name, pair in sorted(entry.changes.items()):
                old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
                changes.append(
                    Change(field_label(entry.object_type, name), show_value(old), show_value(new))
                )
        rows.append(EntryRow(entry, type_label(entry.object_type), changes, summary))
    return rows
