"""System checks that need the database (``manage.py check --database default``, and ``migrate``
which runs them): the configured pseudonym keys are those the stored hashes were made with."""

from __future__ import annotations

from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from territories.keyed_hash import fingerprint

WRONG_KEYS = Error(
    "ARRIMAGE_PSEUDONYM_KEY et ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS ne sont pas les clés avec "
    "lesquelles les codes de cette base ont été hachés : chaque code tapé y deviendrait une "
    "nouvelle famille.",
    hint="Remettez les clés de la base (voir docs/incidents.md, « Rotation de la clé des "
    "pseudonymes »).",
    id="territories.E001",
)


@register(Tags.database)
def pseudonym_keys_match(app_configs=None, databases=None, **kwargs) -> list[Error]:
    from territories.models import KeyFingerprint

    errors = []
    for alias in databases or ():
        try:
            stored = KeyFingerprint.objects.using(alias).values_list("value", flat=True).first()
        except DatabaseError:  # not migrated yet
            continue
        if stored is not None and stored != fingerprint():
            errors.append(WRONG_KEYS)
    return errors
