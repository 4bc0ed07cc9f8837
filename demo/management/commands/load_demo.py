"""``manage.py load_demo``: the report's territories A–D with two fiscal years of activity."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.builder import load_demo
from demo.data import DEFAULT_PASSWORD, USERS


class Command(BaseCommand):
    # Plain strings, as in Django's own commands: argparse cannot format a lazy translation.
    help = (
        "Load the demonstration data (territories A–D of the evaluation report, two fiscal "
        "years of activity) and the demo users. Development only: refuses when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="Password of every demo user (default: %(default)s).",
        )

    def handle(self, *args, password: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "load_demo only runs in development (DJANGO_DEBUG=1): it would write "
                    "fictitious data into a real database."
                )
            )
        summary = load_demo(password=password)
        self.stdout.write(self.style.SUCCESS(_("Demo loaded.")))
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(_("Logins (password: %(password)s):") % {"password": password})
        for user in USERS:
            self.stdout.write(f"  {user.username} ({user.role})")
        if summary.survey_codes:
            self.stdout.write(_("One-time codes of the open family survey (answer at /sondage/):"))
            self.stdout.write("  " + "  ".join(summary.survey_codes[:5]))
