"""``python manage.py purge_expired [--dry-run] [--today YYYY-MM-DD]``: delete what Arrimage no
longer needs to keep (Law 25, issue 16) and say what was deleted.

- families whose last referral is older than ``ARRIMAGE_RETENTION_YEARS`` (7), with their
  referrals and the audit entries about them (:mod:`referrals.retention`);
- one-time survey codes of closed campaigns (:mod:`surveys.retention`);
- consultation-log lines older than ``ARRIMAGE_ACCESS_LOG_DAYS`` (365)
  (:mod:`territories.retention`);
- failed-login counts whose lockout window has passed (django-axes: a typed name, an address).

Everything in one transaction; the run itself goes to the audit trail (counts only). Here, at
the top of the apps, because it reaches all three; run it nightly (docs/deploy.md).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from referrals.retention import purge_families
from surveys.retention import purge_codes
from territories import audit
from territories.retention import access_log_cutoff, purge_access_log, purge_login_attempts


class Command(BaseCommand):
    help = "Supprime les données dont la durée de conservation est échue, et dit lesquelles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui serait supprimé, sans supprimer."
        )
        parser.add_argument("--today", help="Le jour du calcul (AAAA-MM-JJ; défaut : aujourd’hui).")

    def handle(self, *args, dry_run: bool = False, today: str | None = None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"« {today} » n’est pas une date AAAA-MM-JJ.") from error
        with transaction.atomic():
            families = purge_families(today=day, dry_run=dry_run)
            codes = purge_codes(today=day, dry_run=dry_run)
            log_lines = purge_access_log(today=day, dry_run=dry_run)
            attempts = purge_login_attempts(dry_run=dry_run)
            if not dry_run:
                audit.record_summary(
                    object_type="referrals.family",
                    label="purge_expired",
                    changes={
                        "purge_expired": [
                            None,
                            {
                                "families": families.families,
                                "referrals": families.referrals,
                                "audit_entries": families.audit_entries,
                                "codes": codes,
                                "access_log": log_lines,
                                "login_attempts": attempts,
                            },
                        ]
                    },
                )
        verb = "seraient supprimés" if dry_run else "supprimés"
        cutoff = access_log_cutoff(day).date()
        self.stdout.write(
            f"Familles dont la dernière orientation précède le {families.cutoff:%Y-%m-%d} : "
            f"{families.families} ({families.referrals} orientations) {verb}, avec les "
            f"{families.audit_entries} entrées de la piste de vérification qui les concernent."
        )
        self.stdout.write(f"Codes à usage unique de sondages fermés : {codes} {verb}.")
        self.stdout.write(
            f"Lignes du journal des consultations d’avant le {cutoff:%Y-%m-%d} : "
            f"{log_lines} {verb}."
        )
        self.stdout.write(f"Tentatives de connexion échouées expirées : {attempts} {verb}.")
