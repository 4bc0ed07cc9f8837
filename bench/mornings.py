"""The first page of a morning (issue 14): stored results made the day before, then one load.

Run by :mod:`bench` in a child process with the measured settings (DEBUG off)::

    python -m bench.mornings --period 2024-2025 [--as-of 2025-04-01] [--territory A]

and prints one JSON object on stdout. ``--as-of`` makes it that day for the pages and the
command (``django.utils.timezone.localdate`` answers it): the default is today, when the bench
period has long settled; 2025-04-01 is the day after the period's end, when it still settles.

1. **Refresh, from nothing**: every stored row deleted, ``refresh_indicators`` timed (what its
   first night costs).
2. **Morning without the refresh**: the rows turned into the previous day's (rows kept per day
   move back a day; every row's ``computed_on`` too), then the first load of a page, timed;
   the median of ``ROUNDS`` mornings per page.
3. **Morning after the refresh**: the rows turned into the previous day's again,
   ``refresh_indicators`` timed (a night's cost), then the first load of each page, timed;
   medians of ``ROUNDS`` nights and mornings.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta

from bench.pages import ADVISOR, COORDINATOR, INDICATOR, _describe, _get, _users

ROUNDS = 3  # each figure is the median of this many mornings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", required=True)
    parser.add_argument("--as-of", dest="as_of", help="the day the pages are read, YYYY-MM-DD")
    parser.add_argument("--territory", default="A")
    options = parser.parse_args()

    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    if options.as_of:
        day = date.fromisoformat(options.as_of)
        timezone.localdate = lambda *args, **kwargs: day  # the pages' and the command's day
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    as_of = timezone.localdate()
    code = options.territory
    clients = {}
    for user in _users(code):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    query = f"?periode={options.period}"
    pages = {
        "overview": (ADVISOR, f"/tableau-de-bord/{query}"),
        "overview_coordinator": (COORDINATOR, f"/tableau-de-bord/{query}"),
        "territory": (ADVISOR, f"/territoires/{code}/{query}"),
        "indicator": (ADVISOR, f"/indicateurs/{INDICATOR}/{query}"),
    }
    report: dict = {"period": options.period, "as_of": as_of.isoformat(), "territory": code}
    try:
        _forget_everything()
        report["refresh_from_nothing_seconds"], report["periods"] = _refresh()
        for username, url in pages.values():
            _get(clients[username], url)  # the page's own reads are stored too
        report["without_refresh"] = {}
        for page, (username, url) in pages.items():
            times = []
            for _round in range(ROUNDS):
                _as_yesterday()
                times.append(_get(clients[username], url)[0])
            report["without_refresh"][page] = statistics.median(times)
        refreshes, loads = [], {page: [] for page in pages}
        for _round in range(ROUNDS):
            _as_yesterday()
            refreshes.append(_refresh()[0])
            for page, (username, url) in pages.items():
                loads[page].append(_get(clients[username], url)[0])
        report["refresh_seconds"] = statistics.median(refreshes)
        report["after_refresh"] = {page: statistics.median(times) for page, times in loads.items()}
    except Exception as error:
        report["error"] = _describe(error)
    json.dump(report, sys.stdout, default=str)


def _stored_models():
    from indicators.models import StoredBreakdown, StoredProvinceTally, StoredTally

    return (StoredTally, StoredProvinceTally, StoredBreakdown)


def _forget_everything() -> None:
    for model in _stored_models():
        model.objects.all().delete()


def _as_yesterday() -> None:
    """Make every stored row look made the day before: rows kept per day move back a day,
    settled periods' rows keep their key but were made a day earlier."""
    from django.db import transaction
    from django.db.models import F

    from indicators.compute.remembered import forget_all

    forget_all()  # a new day: nothing remembered holds for it
    day = timedelta(days=1)
    with transaction.atomic():
        for model in _stored_models():
            model.objects.filter(computed_on=F("as_of")).update(
                as_of=F("as_of") - day, computed_on=F("computed_on") - day
            )
            model.objects.filter(computed_on__gt=F("as_of")).update(
                computed_on=F("computed_on") - day
            )


def _refresh() -> tuple[float, int]:
    """``refresh_indicators`` at the day: its seconds and the number of periods."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from indicators.management.commands.refresh_indicators import periods_to_refresh

    started = time.perf_counter()
    call_command("refresh_indicators", stdout=StringIO())
    return time.perf_counter() - started, len(periods_to_refresh(timezone.localdate()))


if __name__ == "__main__":
    main()
