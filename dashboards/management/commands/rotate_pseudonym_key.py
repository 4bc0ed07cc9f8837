"""``ARRIMAGE_NEW_PSEUDONYM_KEY=… python manage.py rotate_pseudonym_key [--dry-run]``: put a new
pseudonym key in service (docs/incidents.md, « Rotation de la clé des pseudonymes »).

Every family's hash and every one-time survey code's hash is chained on under the new key
(:mod:`territories.keyed_hash`), and the database's key fingerprint follows, in one transaction.
The new key comes from the environment, never from the command line (which ``ps`` shows). Then
the operator moves the current key to the end of ``ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS``, sets
``ARRIMAGE_PSEUDONYM_KEY`` to the new one and starts the application again: until then, the
check of the keys (``territories.E001``) refuses to start it.

Refused, changing nothing: when the configured keys are not the database's (a rotation would
chain on wrong hashes), and when the new key is short or already used. Here, at the top of the
apps, because it reaches families (``referrals``) and codes (``surveys``).
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from referrals.pseudonyms import rehash_families
from surveys.codes import rehash_codes
from territories import audit
from territories.keyed_hash import configured_keys, fingerprint
from territories.models import AuditAction, KeyFingerprint

VARIABLE = "ARRIMAGE_NEW_PSEUDONYM_KEY"
MIN_LENGTH = 32


class Command(BaseCommand):
    help = "Met en service une nouvelle clé des pseudonymes (ARRIMAGE_NEW_PSEUDONYM_KEY)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier et compter, sans rien changer."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        new_key = os.environ.get(VARIABLE, "")
        keys = configured_keys()
        if len(new_key) < MIN_LENGTH or "," in new_key:
            raise CommandError(
                f"Donnez la nouvelle clé dans la variable d’environnement {VARIABLE} "
                f"({MIN_LENGTH} caractères au moins, tirés au hasard, sans virgule)."
            )
        if new_key in keys:
            raise CommandError(
                "Cette clé sert déjà : une rotation demande une clé jamais utilisée."
            )
        with transaction.atomic():
            stored = KeyFingerprint.objects.select_for_update().first()
            if stored is None or stored.value != fingerprint():
                raise CommandError(
                    "Les clés configurées ne sont pas celles de la base : rien n’a été changé. "
                    "Remettez ARRIMAGE_PSEUDONYM_KEY et ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS."
                )
            families = rehash_families(new_key)
            codes = rehash_codes(new_key)
            stored.value = fingerprint([*keys, new_key])
            stored.save()
            audit.record_summary(
                object_type="territories.keyfingerprint",
                label="rotate_pseudonym_key",
                action=AuditAction.UPDATE,
                changes={"rotate_pseudonym_key": [None, {"families": families, "codes": codes}]},
            )
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            self.stdout.write(
                f"Essai : {families} familles et {codes} codes de sondage seraient hachés de "
                "nouveau. Rien n’a été changé."
            )
            return
        self.stdout.write(
            f"{families} familles et {codes} codes de sondage hachés de nouveau ; leurs "
            "pseudonymes changent.\n"
            "Maintenant : ajoutez la clé actuelle à la fin de ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS "
            f"(séparées par des virgules), mettez la valeur de {VARIABLE} dans "
            "ARRIMAGE_PSEUDONYM_KEY, puis redémarrez l’application."
        )
