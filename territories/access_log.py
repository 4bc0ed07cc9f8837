"""The access log: who consulted family-level data, when, and what (Quebec's Law 25 asks to
know who consulted personal information). Pages showing a referral, a family or the referral
list call :func:`log_view` once per view."""

from __future__ import annotations

from django.db import models

from territories.models import AccessLogEntry, Territory, User


def log_view(
    *,
    user: User,
    what: str,
    instance: models.Model | None = None,
    territory: Territory | int | None = None,
) -> AccessLogEntry:
    """Record that ``user`` viewed ``what`` (a short label: "referral list", a referral's
    ``territory/ref``), naming ``instance`` and its territory when there is one."""
    territory_id = territory.pk if isinstance(territory, Territory) else territory
    return AccessLogEntry.objects.create(
        user=user if user.is_authenticated else None,
        what=str(what)[:200],
        object_type=instance._meta.label_lower if instance is not None else "",
        object_id=str(instance.pk) if instance is not None else "",
        territory_id=territory_id,
    )
