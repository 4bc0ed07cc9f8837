"""The audit trail: one call records who changed which object, and each field's old → new;
:func:`record_import` records a whole import as one entry."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from territories.models import AuditAction, AuditEntry, Territory, User

if TYPE_CHECKING:
    from importing.problems import ImportReport


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON-ready values of ``fields`` of ``instance`` (many-to-many: sorted codes)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(item) for item in getattr(instance, name).all())
        elif field.is_relation:
            values[name] = getattr(instance, field.attname)
        else:
            value = getattr(instance, name)
            if isinstance(field, models.DecimalField) and value is not None:
                # As the database gives it back: 2.5 typed in a form and 2.5000 read are equal.
                value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
            if isinstance(value, list):  # JSON lists of codes (components, languages…)
                values[name] = [item if isinstance(item, str) else str(item) for item in value]
            else:
                values[name] = value if isinstance(value, bool | int | str | None) else str(value)
    return values


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record(
    *,
    actor: User | None,
    instance: models.Model,
    action: str,
    changes: dict[str, list[Any]] | None = None,
    territory: Territory | None = None,
) -> AuditEntry | None:
    """Keep one entry; an update that changed nothing is not recorded."""
    if action == AuditAction.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        territory=territory,
        changes=changes or {},
    )


def record_summary(
    *,
    object_type: str,
    label: str,
    changes: dict[str, Any],
    action: AuditAction = AuditAction.DELETE,
) -> AuditEntry:
    """One entry for a run of the system itself (no actor, no single object): e.g.
    ``purge_expired``'s counts."""
    return AuditEntry.objects.create(
        actor=None,
        action=action,
        object_type=object_type,
        object_id=label[:64],
        object_repr=label[:200],
        changes=changes,
    )


def record_import(
    *,
    actor: User | None,
    model: type[models.Model],
    file_name: str,
    sha256: str,
    report: ImportReport,
) -> AuditEntry:
    """One entry for a whole import of ``model`` rows (``settings.IMPORTING_AUDIT``): who, when,
    the kind, the file's name and SHA-256 hash, and the rows created, updated and unchanged.
    Called by the engine in the import's transaction, so a failed import leaves none."""
    return AuditEntry.objects.create(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type=model._meta.label_lower,
        object_id=sha256,
        object_repr=file_name[:200],
        changes={
            "kind": report.kind,
            "file": file_name,
            "sha256": sha256,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )


def entries_about(model: type[models.Model], ids: Iterable[Any]) -> models.QuerySet:
    """The entries about these rows of ``model``: what :mod:`referrals.retention` deletes with
    the rows whose retention has ended (the trail keeps their values, a family's included)."""
    return AuditEntry.objects.filter(
        object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in ids]
    )
