"""``manage.py generate_demo``: the large deterministic data set for benchmarks."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.data import DEFAULT_PASSWORD, USERS
from demo.scale import MIN_TERRITORIES, generate_demo


class Command(BaseCommand):
    # Plain strings, as in Django's own commands: argparse cannot format a lazy translation.
    help = (
        "Replace every territory's data with a large deterministic data set for benchmarks: "
        "territories A–D of the report plus generated ones, two fiscal years of activity and "
        "the requested number of referrals, and the demo users. Development only: refuses "
        "when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--territories",
            type=int,
            default=50,
            help="Number of territories, A–D included (at least 4; default: %(default)s).",
        )
        parser.add_argument(
            "--referrals",
            type=int,
            default=1_000_000,
            help="Number of referrals over the two fiscal years (default: %(default)s).",
        )
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed (default: %(default)s)."
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="Password of every demo user (default: %(default)s).",
        )

    def handle(self, *args, territories: int, referrals: int, seed: int, password: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "generate_demo only runs in development (DJANGO_DEBUG=1): it deletes every "
                    "territory's data and writes fictitious data in its place."
                )
            )
        if territories < MIN_TERRITORIES:
            raise CommandError(
                _(
                    "Give at least %(minimum)d territories: the data set always holds the "
                    "report's territories A, B, C and D (--territories %(given)d)."
                )
                % {"minimum": MIN_TERRITORIES, "given": territories}
            )
        if referrals < 0:
            raise CommandError(_("The number of referrals cannot be negative."))
        summary = generate_demo(
            territories=territories, referrals=referrals, seed=seed, password=password
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Benchmark data set generated in %(seconds).1f s (seed %(seed)d).")
                % {"seconds": summary.seconds, "seed": seed}
            )
        )
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(_("Logins (password: %(password)s):") % {"password": password})
        for user in USERS:
            self.stdout.write(f"  {user.username} ({user.role})")
