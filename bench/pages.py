"""Page timings on one database: server time of the pages, their queries, freshness.

Run by :mod:`bench` in a child process with the measured settings (DEBUG off)::

    python -m bench.pages --period 2024-2025 [--runs 30] [--territory A]

and prints one JSON object on stdout. Each page is requested in-process with Django's test
``Client`` (the whole middleware stack, the view and the template; no network, no WSGI server),
logged in with ``force_login``. Pages read the stored results (:mod:`indicators.store`) at the
day's date, as in production:

- **cold**: the first load after every stored tally is deleted, i.e. a full recomputation of
  the periods the page shows, for every territory;
- **warm**: ``--runs`` loads after that (one more, untimed, first): median and p95 (nearest
  rank); their SQL queries counted (and timed) on one more load;
- **where the time goes**: ``--runs`` more loads timing SQL (``execute_wrapper``) and the
  template rendering (outside its own SQL) apart; the rest is the view's Python.

A slow page gets fewer loads: each series stops after ``--budget`` seconds, with at least
``MIN_RUNS`` loads (the JSON says how many).
- **freshness**: in a transaction rolled back at the end (the data set stays as generated), one
  referral of ``--territory`` taken in charge in the period becomes lost, through the ORM (the
  database triggers raise the territory's ``data_version``); the next overview load is timed,
  and the territory's line on the page is compared, cell by cell (value and n), with the engine
  (:func:`indicators.compute.compute`) after the change.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import re
import statistics
import sys
import time
import traceback
from contextlib import contextmanager

ADVISOR = "conseiller"
COORDINATOR = "coordination-a"
INDICATOR = "L2_ESCAPE_RATE_PCT"
MIN_RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--budget", type=float, default=60, help="seconds per series of loads")
    parser.add_argument("--territory", default="A", help="the territory page's and freshness'")
    options = parser.parse_args()

    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test Client's host
    as_of = timezone.localdate()
    code = options.territory
    advisor, coordinator = _users(code)
    clients = {}
    for user in (advisor, coordinator):
        clients[user.username] = Client()
        clients[user.username].force_login(user)

    query = f"?periode={options.period}"
    pages = [
        ("overview", ADVISOR, f"/tableau-de-bord/{query}"),
        ("overview_coordinator", COORDINATOR, f"/tableau-de-bord/{query}"),
        ("territory", ADVISOR, f"/territoires/{code}/{query}"),
        ("indicator", ADVISOR, f"/indicateurs/{INDICATOR}/{query}"),
    ]
    report: dict = {
        "period": options.period,
        "as_of": as_of.isoformat(),
        "runs": options.runs,
        "budget": options.budget,
        "territory": code,
        "users": {"advisor": advisor.username, "coordinator": coordinator.username},
        "pages": {},
    }
    report["load_average_before"] = os.getloadavg()  # other work on the machine, 1/5/15 min
    for name, username, url in pages:
        report["pages"][name] = _measure_page(clients[username], url, options.runs, options.budget)
        report["pages"][name]["user"] = username
    try:
        report["freshness"] = _freshness(clients[ADVISOR], options.period, code, as_of)
    except Exception as error:  # report it, measure the rest
        report["freshness"] = {"error": _describe(error)}
    report["load_average_after"] = os.getloadavg()
    json.dump(report, sys.stdout, default=str)


def _users(code: str):
    """The advisor and the coordinator of ``code`` (generate_demo's; created when missing)."""
    from territories.models import Role, Territory, User

    advisor, _created = User.objects.get_or_create(
        username=ADVISOR, defaults={"role": Role.ADVISOR, "first_name": "Conseiller"}
    )
    coordinator, created = User.objects.get_or_create(
        username=COORDINATOR, defaults={"role": Role.COORDINATION}
    )
    if created:
        coordinator.territories.add(Territory.objects.get(code=code))
    for user, role in ((advisor, Role.ADVISOR), (coordinator, Role.COORDINATION)):
        if user.role != role or not user.is_active:
            raise SystemExit(f"{user.username}: role {user.role}, active {user.is_active}")
    return advisor, coordinator


# One page


class PageError(Exception):
    pass


def _get(client, url: str):
    """(seconds, response) of one GET; PageError unless the page answers 200."""
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        body = response.content.decode(errors="replace")
        raise PageError(f"HTTP {response.status_code}: {_text(body)[:300]}")
    return seconds, response


def _series(runs: int, budget: float, load) -> list:
    """``load()`` ``runs`` times, or fewer (at least MIN_RUNS) once ``budget`` s have gone."""
    started, values = time.perf_counter(), []
    while len(values) < runs:
        values.append(load())
        if len(values) >= MIN_RUNS and time.perf_counter() - started > budget:
            break
    return values


def _measure_page(client, url: str, runs: int, budget: float) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.compute.remembered import forget_all
    from indicators.models import StoredBreakdown, StoredProvinceTally, StoredTally

    result: dict = {"url": url}
    try:
        for stored in (StoredTally, StoredProvinceTally, StoredBreakdown):
            stored.objects.all().delete()
        forget_all()  # nor anything this process remembers: a full recomputation
        with CaptureQueriesContext(connection) as captured:
            result["cold_seconds"], response = _get(client, url)
        result["cold_queries"] = len(captured.captured_queries)
        result["bytes"] = len(response.content)

        _get(client, url)  # untimed
        times = _series(runs, budget, lambda: _get(client, url)[0])
        result["warm_runs"] = len(times)
        result["warm_times"] = times
        result["warm_median"] = statistics.median(times)
        result["warm_p95"] = _p95(times)
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        result["queries"] = len(captured.captured_queries)
        result["query_list"] = [
            {"ms": float(query["time"]) * 1000, "sql": query["sql"][:200]}
            for query in captured.captured_queries
        ]
        result["profile"] = _profile(client, url, runs, budget)
    except Exception as error:
        result["error"] = _describe(error)
    return result


def _p95(times: list[float]) -> float:
    """Nearest rank: the smallest time that at least 95 % of the runs do not exceed."""
    ordered = sorted(times)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def _profile(client, url: str, runs: int, budget: float) -> dict:
    """Median split of a warm load: SQL, template rendering (outside its SQL), the rest."""
    from django.db import connection
    from django.template.backends.django import Template

    spent = {"sql": 0.0, "sql_in_template": 0.0, "template": 0.0}
    rendering = [False]

    def timed_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            spent["sql"] += seconds
            if rendering[0]:
                spent["sql_in_template"] += seconds

    original = Template.render

    def timed_render(self, *args, **kwargs):
        if rendering[0]:
            return original(self, *args, **kwargs)
        rendering[0] = True
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent["template"] += time.perf_counter() - started
            rendering[0] = False

    def load():
        for key in spent:
            spent[key] = 0.0
        total = _get(client, url)[0]
        template = spent["template"] - spent["sql_in_template"]
        return {
            "total": total,
            "sql": spent["sql"],
            "template": template,
            "view": total - spent["sql"] - template,
        }

    Template.render = timed_render
    try:
        with connection.execute_wrapper(timed_sql):
            samples = _series(runs, budget, load)
    finally:
        Template.render = original
    profile = {key: statistics.median(sample[key] for sample in samples) for key in samples[0]}
    return {**profile, "runs": len(samples)}


# Freshness


class Rollback(Exception):
    pass


@contextmanager
def _rolled_back():
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


def _freshness(client, period_key: str, code: str, as_of) -> dict:
    from django.conf import settings
    from django.utils import translation

    from indicators.compute import compute
    from indicators.periods import Period
    from referrals.models import Referral, ReferralStatus
    from territories.models import Territory

    period = Period.parse(period_key)
    url = f"/tableau-de-bord/?periode={period_key}"
    _get(client, url)  # every stored tally current
    referral = (
        Referral.objects.filter(
            territory__code=code,
            referred_on__gte=period.start,
            referred_on__lte=period.end,
            status=ReferralStatus.TAKEN_IN_CHARGE,
        )
        .order_by("id")
        .first()
    )
    if referral is None:
        return {"error": f"no referral of {code} taken in charge in {period_key}"}
    with translation.override(settings.LANGUAGE_CODE):
        before = _expected_line(compute(period, as_of=as_of), code)
    version = Territory.objects.get(code=code).data_version
    result: dict = {"territory": code, "referral": referral.pk, "url": url}
    with _rolled_back():
        started = time.perf_counter()
        referral.status = ReferralStatus.LOST
        referral.taken_in_charge_on = None
        referral.save()
        result["save_seconds"] = time.perf_counter() - started
        result["version_raised"] = Territory.objects.get(code=code).data_version > version
        result["first_load_seconds"], response = _get(client, url)
        result["second_load_seconds"] = _get(client, url)[0]
        with translation.override(settings.LANGUAGE_CODE):
            after = _expected_line(compute(period, as_of=as_of), code)
        shown = _page_line(response.content.decode(), code)
    changed = [
        (indicator, before[indicator], after[indicator])
        for indicator in after
        if before[indicator] != after[indicator]
    ]
    result["cells_changed"] = [
        f"{indicator}: {old[0]} (n {old[1]}) → {new[0]} (n {new[1]})"
        for indicator, old, new in changed
    ]
    result["page_matches_engine"] = shown == list(after.values())
    result["mismatches"] = [
        f"{indicator}: page {mine}, engine {theirs}"
        for (indicator, theirs), mine in zip(after.items(), shown, strict=False)
        if mine != theirs
    ][:10]
    if len(shown) != len(after):
        result["mismatches"].append(f"{len(shown)} cells on the page, {len(after)} indicators")
    result["shows_change"] = bool(changed) and result["page_matches_engine"]
    return result


def _expected_line(results, code: str) -> dict[str, tuple[str, str]]:
    """(value as written, n) of each overview column of ``code``, in the page's order."""
    from dashboards import display
    from dashboards import overview as table

    line = {}
    for lever in table.lever_columns():
        for column in lever.columns:
            row = results.get(code, column.indicator.code)
            line[column.indicator.code] = (display.format_value(row), _n(row.n))
    return line


def _n(n) -> str:
    return "" if n is None else str(n)


def _page_line(page: str, code: str) -> list[tuple[str, str]]:
    """(value, n) of each cell of the overview's line of ``code``."""
    start = re.search(rf'<th scope="row"[^>]*>\s*<a href="[^"]*">{re.escape(code)}</a>', page)
    if start is None:
        raise PageError(f"no line for {code} on the overview")
    end = page.index("</tr>", start.end())
    cells = []
    # The indicators' cells (a territory's line starts with its targets missed).
    for cell in re.findall(
        r'<td class="status-cell[^"]*">(.*?)</td>', page[start.end() : end], flags=re.S
    ):
        value = re.search(r'class="status-cell__value">(.*?)</span>', cell, flags=re.S)
        n = re.search(r"n = ([^<]*)", cell)  # digits, perhaps grouped by spaces
        cells.append(
            (
                html.unescape(value.group(1)).strip() if value else "",
                re.sub(r"\D", "", html.unescape(n.group(1))) if n else "",
            )
        )
    return cells


def _text(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _describe(error: Exception) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}: {error}{where}"[:500]


if __name__ == "__main__":
    main()
