"""``manage.py import_data KIND FILE``: import a CSV or XLSX file, whole or not at all."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from importing.engine import KINDS, ImportFileError, import_file


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

    def handle(self, *args, kind: str, file: str, **options):
        try:
            report = import_file(kind, file)
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
