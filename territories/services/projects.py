"""Territorial projects and socio-health profiles: creating and changing them.

Each write checks that the actor enters data on the territory (coordinators: their own;
administrators: all; the province's ``QC`` reference profile: administrators only), validates
the row (``full_clean``: date order, unique codes, value ranges), writes it in a transaction and
records it in the audit trail (old → new).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from territories import audit
from territories.access import enters_data, in_scope, is_administrator
from territories.models import AuditAction, Project, SocioHealthProfile, Territory, User

PROJECT_FIELDS = ("code", "territory", "name", "started_on", "ended_on", "supported")
PROFILE_FIELDS = (
    "territory",
    "fiscal_year",
    *SocioHealthProfile.VALUE_FIELDS,
    "illustrative",
    "source",
)
PROFILE_EDITABLE = (*SocioHealthProfile.VALUE_FIELDS, "illustrative", "source")


def check_scope(*, actor: User, territory: Territory | None) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` enters data on ``territory`` (``None``:
    the province, for administrators only)."""
    if territory is None:
        allowed = is_administrator(actor)
    else:
        allowed = enters_data(actor) and in_scope(actor, territory)
    if not allowed:
        raise PermissionDenied


def create_project(
    *,
    actor: User,
    territory: Territory,
    code: str,
    name: str,
    started_on: date,
    ended_on: date | None = None,
    supported: bool = False,
) -> Project:
    """A new project of ``territory``; :class:`~django.core.exceptions.ValidationError` when a
    value is refused (code taken or malformed, end before start)."""
    check_scope(actor=actor, territory=territory)
    project = Project(
        territory=territory,
        code=code,
        name=name,
        started_on=started_on,
        ended_on=ended_on,
        supported=supported,
    )
    with transaction.atomic():
        project.full_clean()
        project.save()
        audit.record(
            actor=actor,
            instance=project,
            action=AuditAction.CREATE,
            changes=audit.changes_between({}, audit.snapshot(project, PROJECT_FIELDS)),
            territory=territory,
        )
    return project


def update_project(
    *,
    actor: User,
    project: Project,
    code: str,
    name: str,
    started_on: date,
    ended_on: date | None = None,
    supported: bool = False,
) -> Project:
    """Change ``project`` (its territory stays); audited field by field."""
    check_scope(actor=actor, territory=project.territory)
    with transaction.atomic():
        stored = Project.objects.select_for_update().get(pk=project.pk)
        before = audit.snapshot(stored, PROJECT_FIELDS)
        project.code, project.name = code, name
        project.started_on, project.ended_on, project.supported = started_on, ended_on, supported
        project.full_clean()
        project.save()
        audit.record(
            actor=actor,
            instance=project,
            action=AuditAction.UPDATE,
            changes=audit.changes_between(before, audit.snapshot(project, PROJECT_FIELDS)),
            territory=project.territory,
        )
    return project


def save_profile(
    *,
    actor: User,
    territory: Territory | None,
    fiscal_year: int,
    values: dict[str, Decimal | int | bool | str | None],
) -> SocioHealthProfile:
    """Record the profile of ``territory`` (``None``: the province's reference profile) for
    ``fiscal_year`` (2023 for 2023-2024): created, or changed when one exists. ``values`` gives
    the five values (``None``: unknown), ``illustrative`` and ``source``; fields left out keep
    what is stored."""
    check_scope(actor=actor, territory=territory)
    unknown = set(values) - set(PROFILE_EDITABLE)
    if unknown:
        raise ValueError(f"Not a profile value: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        profile = (
            SocioHealthProfile.objects.select_for_update()
            .filter(territory=territory, fiscal_year=fiscal_year)
            .order_by("pk")  # the default ordering joins the territory: no FOR UPDATE there
            .first()
        )
        created = profile is None
        if created:
            profile = SocioHealthProfile(territory=territory, fiscal_year=fiscal_year)
        before = {} if created else audit.snapshot(profile, PROFILE_FIELDS)
        for name, value in values.items():
            setattr(profile, name, "" if name == "source" and value is None else value)
        profile.full_clean()
        profile.save()
        audit.record(
            actor=actor,
            instance=profile,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            changes=audit.changes_between(before, audit.snapshot(profile, PROFILE_FIELDS)),
            territory=territory,
        )
    return profile
