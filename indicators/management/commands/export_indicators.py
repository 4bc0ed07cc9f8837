"""``manage.py export_indicators``: every indicator of a period as CSV or XLSX (DESIGN.md §7)."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.compute import UnknownTerritories, compute
from indicators.export import FORMATS, export_rows, write_csv, write_xlsx
from indicators.periods import InvalidPeriod, Period

USAGE_ERROR = 2
WRITE_ERROR = 1
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


class Command(BaseCommand):
    # Plain strings, as in Django's own commands: argparse cannot format a lazy translation.
    help = (
        "Export every indicator of a period, per territory then for the province (QC), "
        "as CSV (default) or XLSX."
    )

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so that every bad argument gets the same
        # French message and exit status 2, from the command line and from call_command.
        parser.add_argument("--period", help="Period key: 2024-2025, 2024-2025-T3 or 2024-11.")
        parser.add_argument(
            "--as-of", dest="as_of", help="What is known at this date, YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--territory",
            dest="territories",
            nargs="+",
            action="extend",
            metavar="CODE",
            help="Only these territories (the QC rows still cover every territory).",
        )
        parser.add_argument("--format", dest="file_format", default="csv", help="csv or xlsx.")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, period, as_of, territories, file_format, output, **options):
        if not period:
            raise _usage_error(_("Give the period with --period (e.g. 2024-2025)."))
        try:
            chosen = Period.parse(period)
        except InvalidPeriod as error:
            raise _usage_error(str(error)) from error
        if file_format not in FORMATS:
            raise _usage_error(
                _("Unknown format “%(format)s”: use csv or xlsx.") % {"format": file_format}
            )
        day = self._as_of(as_of)
        try:
            results = compute(chosen, as_of=day, territories=territories)
        except UnknownTerritories as error:
            raise _usage_error(
                _("Unknown territory: %(codes)s.") % {"codes": ", ".join(error.codes)}
            ) from error

        if file_format == "xlsx":
            buffer = io.BytesIO()
            write_xlsx(export_rows(results), buffer, sheet=results.period.key)
            content = buffer.getvalue()
            if output:
                self._write(output, content)
            else:
                binary = getattr(self.stdout._out, "buffer", sys.stdout.buffer)
                binary.write(content)
                binary.flush()
            return
        text = io.StringIO()
        write_csv(export_rows(results), text)
        if output:
            self._write(output, text.getvalue().encode("utf-8"))
        else:
            self.stdout.write(text.getvalue(), ending="")

    def _as_of(self, text: str | None) -> date:
        if not text:
            return timezone.localdate()
        try:
            if not ISO_DATE.fullmatch(text.strip()):
                raise ValueError(text)
            return date.fromisoformat(text.strip())
        except ValueError as error:
            raise _usage_error(
                _("The date “%(date)s” is not valid: use YYYY-MM-DD.") % {"date": text}
            ) from error

    def _write(self, output: str, content: bytes) -> None:
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": output, "error": error.strerror},
                returncode=WRITE_ERROR,
            ) from error
