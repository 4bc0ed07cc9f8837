"""``manage.py import_data KIND FILE [--user USERNAME]``: import a CSV or XLSX file, whole or
not at all; the audit entry of the import names USERNAME (none without it)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from importing.problems import ImportFileError
from importing.registry import KINDS
from importing.services import import_file


class Command(BaseCommand):
    # Plain strings, as in Django's own commands: argparse cannot format a lazy translation.
    help = (
        "Import a CSV (UTF-8 or Windows-1252, separated by , or ;) or XLSX file of KIND: "
        + ", ".join(KINDS)
        + ". Any invalid row: nothing is written, every problem is listed, exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="What the file holds: " + ", ".join(KINDS) + ".")
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--user", help="The username the audit trail records for this import (default: none)."
        )

    def handle(self, *args, kind: str, file: str, user: str | None = None, **options):
        actor = None
        if user is not None:
            User = get_user_model()
            actor = User.objects.filter(**{User.USERNAME_FIELD: user}).first()
            if actor is None:
                raise CommandError(
                    _("No user is named “%(username)s”.") % {"username": user}, returncode=1
                )
        try:
            report = import_file(kind, file, actor=actor)
        except ImportFileError as error:
            raise CommandError(str(error), returncode=1) from None
        if not report.ok:
            for line in report.error_lines():
                self.stderr.write(line)
            count = len(report.problems) + report.more_problems
            raise CommandError(
                ngettext(
                    "Nothing was imported: the file has %(count)d problem.",
                    "Nothing was imported: the file has %(count)d problems.",
                    count,
                )
                % {"count": count},
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
