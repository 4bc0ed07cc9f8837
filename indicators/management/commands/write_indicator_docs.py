"""``manage.py write_indicator_docs``: write docs/indicators.md from the registry (in French)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import docs


class Command(BaseCommand):
    # Plain strings, as in Django's own commands: argparse cannot format a lazy translation.
    help = (
        "Write docs/indicators.md, the description of every indicator by lever (in French), "
        "from the indicator registry and the formulas of the indicator pages."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=docs.PATH, help="File to write (docs/indicators.md)."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit with status 1 when the file differs from the registry.",
        )

    def handle(self, *args, output: Path, check: bool, **options):
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else None
            if current != docs.render():
                raise CommandError(
                    f"{output} ne correspond pas au registre des indicateurs : lancez "
                    "python manage.py write_indicator_docs.",
                    returncode=1,
                )
            self.stdout.write(f"{output} est à jour.")
            return
        changed = docs.write(output)
        self.stdout.write(f"{output} {'écrit' if changed else 'déjà à jour'}.")
