"""``manage.py refresh_indicators``: compute and store what the day's pages will read, so that
the first page of the morning is as fast as the next ones (run it nightly, see README).

The periods: the current and the previous fiscal year, and the fiscal year of the latest
activity with the one before (the pages' default period when data stops earlier), each with
its quarters and months begun by the day and the eight quarters of its trend. For each: every
territory's tallies and the province's (``indicators.store``) and the breakdowns' group
tallies (``indicators.breakdowns.tallies``). A period that settled earlier and whose data did not
change is read back, not computed again (``indicators.storage_days``).
"""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import store
from indicators.breakdowns.tallies import group_tallies
from indicators.periods import Period, covered_periods, trend_quarters
from indicators.selectors import data_date_range
from territories.models import Territory

USAGE_ERROR = 2


def periods_to_refresh(as_of: date) -> list[Period]:
    """The fiscal years the day's pages default to or sit beside, with their quarters and
    months begun by ``as_of`` and the quarters of their trends."""
    bounds = data_date_range(as_of=as_of)
    years = {Period.fiscal_year_of(as_of).fiscal_year}
    if bounds:
        years.add(Period.fiscal_year_of(bounds[1]).fiscal_year)
    years |= {year - 1 for year in years}
    periods: dict[str, Period] = {}
    for year in sorted(years, reverse=True):
        fiscal_year = Period.for_fiscal_year(year)
        if fiscal_year.start > as_of:
            continue
        for period in covered_periods(first=fiscal_year.start, last=min(fiscal_year.end, as_of)):
            periods.setdefault(period.key, period)
        for quarter in trend_quarters(fiscal_year, as_of=as_of):  # its pages' trends
            periods.setdefault(quarter.key, quarter)
    return list(periods.values())


class Command(BaseCommand):
    help = (
        "Compute and store the indicator results the day's pages read: the current and "
        "previous fiscal years (and the latest activity's), their quarters and months."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="The day the pages will show, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(
                _("« %(value)s » is not a date: write YYYY-MM-DD.") % {"value": as_of},
                returncode=USAGE_ERROR,
            ) from None
        territory_ids = sorted(Territory.objects.values_list("id", flat=True))
        periods = periods_to_refresh(day)
        started = time.perf_counter()
        for period in periods:
            began = time.perf_counter()
            store.results(period, as_of=day)
            group_tallies(period, as_of=day, territory_ids=territory_ids)
            self.stdout.write(f"{period.key}: {time.perf_counter() - began:.2f} s")
        self.stdout.write(
            _("%(count)s periods ready for %(day)s in %(seconds).1f s.")
            % {
                "count": len(periods),
                "day": day.isoformat(),
                "seconds": time.perf_counter() - started,
            }
        )
