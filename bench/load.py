"""Load: ``--users`` people of the three roles at once, against gunicorn (DESIGN.md §10).

Run by :mod:`bench` in a child process with the measured settings (DEBUG off)::

    python -m bench.load --period 2024-2025 [--users 50] [--coordinators N] [--paps N]
        [--seconds 60] [--workers 5]

and prints one JSON object on stdout. It sets up the people in the database
(:mod:`bench.load_cast`: by default a fifth coordinators, one per territory, a fifth PAPs of
those territories, the others advisors; each logged in once, a session each), starts
``gunicorn config.wsgi:application`` on a free local port (sync workers, ``--workers``, the
usual 2 × cores + 1), loads every page once so that the stored results exist, then lets each
person work for ``--seconds`` (:mod:`bench.load_roles`: advisors browse, coordinators browse,
enter referrals and fill the month's journal grid, PAPs answer the quarterly survey), a pause
(think time, uniform between ``--think`` seconds) after each request, and while a form is
filled in (``--typing`` seconds) between showing it and sending it. Every response time is
kept (the whole HTTP exchange, measured by the client, on the same machine); an error is a page
answering anything but 200, a write anything but a redirect (a form shown again with errors is
one), or no answer.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from bench.browser import Browser
from bench.load_roles import KIND_URLS, WRITES, Site, Walk

SERVER_ERRORS = ("[ERROR]", "Traceback", "Internal Server Error")
INDICATORS = ("L2_ESCAPE_RATE_PCT", "L2_HANDOFF_DELAY_DAYS", "L3_SUPERVISION_HOURS_PER_PAP_MONTH")
ERROR_SAMPLES = 10


def main() -> None:
    options = _options()
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from bench.load_cast import cast
    from territories.models import Territory
    from territories.services.journal import HOURS_KINDS

    coordinators = options.users // 5 if options.coordinators is None else options.coordinators
    paps = options.users // 5 if options.paps is None else options.paps
    advisors = options.users - coordinators - paps
    codes = list(Territory.objects.order_by("code").values_list("code", flat=True))
    if advisors < 0 or coordinators > len(codes):
        raise SystemExit("--coordinators and --paps: at most --users, one territory each")
    visited = codes[: options.territories]
    # Coordinators' territories spread over all of them (one each: a month's grid has one
    # writer), so that some are among the territories the advisors visit and most are not.
    step = max(1, len(codes) // max(coordinators, 1))
    coordinated = codes[::step][: max(coordinators, 1)]
    today = timezone.localdate()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # A PAP's visit is 3 requests, each followed by a pause: an account of the pool per visit.
    accounts = math.ceil(options.seconds / (3 * max(options.think[0], 0.5))) + 1
    people = cast(
        advisors=advisors,
        coordinators=coordinated[:coordinators],
        paps=[coordinated[number % len(coordinated)] for number in range(paps)],
        accounts_per_pap=accounts,
        today=today,
    )
    query = f"?periode={options.period}"
    advisor_pages = [("overview", f"/tableau-de-bord/{query}")]
    advisor_pages += [("territory", f"/territoires/{code}/{query}") for code in visited]
    advisor_pages += [("indicator", f"/indicateurs/{code}/{query}") for code in INDICATORS]

    port = _free_port()
    log = tempfile.TemporaryFile()  # the server's messages (a pipe nobody reads would fill)
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(options.workers)),
            *("--timeout", "120"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    report: dict = {
        "users": options.users,
        "advisors": advisors,
        "coordinators": coordinators,
        "paps": paps,
        "pap_accounts": sum(len(person.sessions) for person in people if person.role == "pap"),
        "seconds": options.seconds,
        "workers": options.workers,
        "think": list(options.think),
        "typing": list(options.typing),
        "territories_visited": len(visited),
        "territories_written": sorted({p.territory for p in people if p.role != "advisor"}),
        "written_and_visited": sorted({p.territory for p in people} & set(visited)),
        "month": f"{today:%Y-%m}",
    }
    try:
        _wait_for(port, server)
        site = Site(
            port=port,
            period=options.period,
            advisor_pages=advisor_pages,
            today=today,
            hours_kinds=tuple(str(kind) for kind in HOURS_KINDS),
            session_cookie=settings.SESSION_COOKIE_NAME,
            think=tuple(options.think),
            typing=tuple(options.typing),
            stop=0.0,
        )
        _warm_up(site, people)
        report["quiet_wait"] = _wait_until_quiet()
        report["load_average_before"] = os.getloadavg()
        report.update(_run(site, people, options))
        report["load_average_after"] = os.getloadavg()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.seek(0)
        report["server_errors"] = [
            line
            for line in log.read().decode(errors="replace").splitlines()
            if any(mark in line for mark in SERVER_ERRORS)
        ][:20]
        log.close()
    json.dump(report, sys.stdout)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--coordinators", type=int, help="of them (default: a fifth)")
    parser.add_argument("--paps", type=int, help="of them (default: a fifth)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument(
        "--typing", type=float, nargs=2, default=(20.0, 60.0), metavar=("MIN", "MAX")
    )
    parser.add_argument("--territories", type=int, default=10, help="case pages visited")
    return parser.parse_args()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_quiet(limit: float = 120) -> float:
    """Wait (up to ``limit`` seconds) for the 1-minute load average to fall under 1: the
    measures before this one (a morning's refresh, autovacuum after them) still use the two
    cores for a while. The seconds waited."""
    started = time.monotonic()
    while os.getloadavg()[0] >= 1 and time.monotonic() - started < limit:
        time.sleep(5)
    return time.monotonic() - started


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (status {server.returncode})")
        try:
            if Browser(port).get("/sante/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /sante/ within 60 s")


def _warm_up(site: Site, people: list) -> None:
    """Every advisor page and each coordinator's once, so that the stored results exist."""
    query = f"?periode={site.period}"
    advisors = [person for person in people if person.role == "advisor"]
    coordinators = [person for person in people if person.role == "coordinator"]
    visits = [(advisors[0], path) for _kind, path in site.advisor_pages] if advisors else []
    visits += [
        (person, path)
        for person in coordinators
        for path in (f"/tableau-de-bord/{query}", f"/territoires/{person.territory}/{query}")
    ]
    for person, path in visits:
        Browser(site.port, {site.session_cookie: person.sessions[0]}).get(path)


def _run(site: Site, people: list, options: argparse.Namespace) -> dict:
    """Every person works at once until ``options.seconds`` have gone; the figures."""
    visits: list = []
    lock = threading.Lock()

    def record(visit) -> None:
        with lock:
            visits.append(visit)

    site.stop = time.monotonic() + options.seconds
    threads = [
        threading.Thread(target=Walk(person, site, random.Random(number), record).run, daemon=True)
        for number, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = options.seconds  # requests are started until then (the last pauses run past it)
    times = sorted(visit.seconds for visit in visits if visit.ok)
    return {
        "requests": len(visits),
        "errors": sum(1 for visit in visits if not visit.ok),
        "statuses": sorted({visit.status for visit in visits}),
        "throughput": len(visits) / elapsed,
        "median": statistics.median(times) if times else None,
        "p95": _percentile(times, 95),
        "max": times[-1] if times else None,
        "by_page": _by(visits, lambda v: v.kind, lambda kind: kind not in WRITES, KIND_URLS),
        "by_write": _by(visits, lambda v: v.kind, lambda kind: kind in WRITES, KIND_URLS),
        "by_role": _by(visits, lambda v: v.role, lambda _role: True, {}),
        "error_samples": [
            f"{visit.role} {visit.kind} {visit.status}: {visit.detail}"
            for visit in visits
            if not visit.ok
        ][:ERROR_SAMPLES],
    }


def _by(visits: list, key, keep, urls: dict) -> dict:
    """Requests, errors, median and p95 of the successful ones, per ``key`` kept."""
    groups: dict[str, list] = {}
    for visit in visits:
        if keep(key(visit)):
            groups.setdefault(key(visit), []).append(visit)
    figures = {}
    for name, group in sorted(groups.items()):
        times = sorted(visit.seconds for visit in group if visit.ok)
        figures[name] = {
            **({"url": urls[name]} if name in urls else {}),
            "requests": len(group),
            "errors": sum(1 for visit in group if not visit.ok),
            "median": statistics.median(times) if times else None,
            "p95": _percentile(times, 95),
        }
    return figures


def _percentile(values: list[float], rank: float) -> float | None:
    """Nearest rank of sorted ``values``."""
    if not values:
        return None
    index = max(0, -(-len(values) * rank // 100) - 1)
    return values[int(index)]


if __name__ == "__main__":
    main()
