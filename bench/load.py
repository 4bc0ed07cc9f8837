"""Load: ``--users`` people browsing the dashboards at once, against gunicorn (DESIGN.md §10).

Run by :mod:`bench` in a child process with the measured settings (DEBUG off)::

    python -m bench.load --period 2024-2025 [--users 50] [--seconds 60] [--workers 5]

and prints one JSON object on stdout. It starts ``gunicorn config.wsgi:application`` on a free
local port (sync workers, ``--workers``, the usual 2 × cores + 1), logs the users in once (a
session each: ``--users`` // 5 coordinators of their territory, the others advisors), loads
every page once so that the stored results exist, then lets each user browse for ``--seconds``:
a page, then a pause (think time, uniform between ``--think`` seconds), again. Advisors go from
the overview to a territory's case page or an indicator's page; coordinators between their
overview and their territory's page. Every response time is kept (the whole HTTP exchange,
measured by the client, on the same machine); an error is any answer but 200, or no answer.
"""

from __future__ import annotations

import argparse
import http.client
import json
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

SERVER_ERRORS = ("[ERROR]", "Traceback", "Internal Server Error")
INDICATORS = ("L2_ESCAPE_RATE_PCT", "L2_HANDOFF_DELAY_DAYS", "L3_SUPERVISION_HOURS_PER_PAP_MONTH")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument("--territories", type=int, default=10, help="case pages visited")
    options = parser.parse_args()

    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from territories.models import Role, Territory, User

    codes = list(Territory.objects.order_by("code").values_list("code", flat=True))
    visited = codes[: options.territories]
    query = f"?periode={options.period}"
    advisor_pages = [f"/tableau-de-bord/{query}"]
    advisor_pages += [f"/territoires/{code}/{query}" for code in visited]
    advisor_pages += [f"/indicateurs/{code}/{query}" for code in INDICATORS]

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    people = []
    for number in range(options.users):
        coordinator = number % 5 == 4
        username = f"charge-{number:02d}"
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"role": Role.COORDINATION if coordinator else Role.ADVISOR},
        )
        if coordinator:
            code = visited[number % len(visited)]
            user.territories.set([Territory.objects.get(code=code)])
            pages = [f"/tableau-de-bord/{query}", f"/territoires/{code}/{query}"]
        else:
            pages = advisor_pages
        client = Client()
        client.force_login(user)  # a session in the database, as a login would leave
        people.append((client.cookies[settings.SESSION_COOKIE_NAME].value, pages))

    port = _free_port()
    log = tempfile.TemporaryFile()  # the server's messages (a pipe nobody reads would fill)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--timeout",
            "120",
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    report: dict = {
        "users": options.users,
        "coordinators": sum(1 for number in range(options.users) if number % 5 == 4),
        "seconds": options.seconds,
        "workers": options.workers,
        "think": list(options.think),
        "territories_visited": len(visited),
    }
    try:
        _wait_for(port, server)
        cookie = settings.SESSION_COOKIE_NAME
        for session, pages in people[:5]:  # advisors' and a coordinator's pages: store results
            for page in pages:
                _get(port, page, cookie, session)
        report["load_average_before"] = os.getloadavg()
        report.update(_browse(port, cookie, people, options))
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (status {server.returncode})")
        try:
            if _get(port, "/sante/", "", "")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /sante/ within 60 s")


def _get(port: int, path: str, cookie: str, session: str) -> tuple[int, float]:
    """(status, seconds) of one GET on a new connection (gunicorn's sync workers close it)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Cookie": f"{cookie}={session}"} if cookie else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def _browse(port: int, cookie: str, people: list, options) -> dict:
    """Every user browses at once until ``options.seconds`` have gone."""
    results: list[tuple[str, int, float]] = []  # (page kind, status, seconds)
    lock = threading.Lock()
    start = time.monotonic()
    stop = start + options.seconds

    def browse(number: int, session: str, pages: list[str]) -> None:
        chance = random.Random(number)
        time.sleep(chance.uniform(0, options.think[1]))  # users do not all arrive at once
        while time.monotonic() < stop:
            page = chance.choice(pages)
            try:
                status, seconds = _get(port, page, cookie, session)
            except OSError:
                status, seconds = 0, float("nan")
            with lock:
                results.append((page.split("/")[1], status, seconds))
            time.sleep(chance.uniform(*options.think))

    threads = [
        threading.Thread(target=browse, args=(number, session, pages), daemon=True)
        for number, (session, pages) in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = options.seconds  # requests are started until then (the last pauses run past it)
    times = sorted(seconds for _kind, status, seconds in results if status == 200)
    by_kind: dict[str, list[float]] = {}
    for kind, status, seconds in results:
        if status == 200:
            by_kind.setdefault(kind, []).append(seconds)
    return {
        "requests": len(results),
        "errors": sum(1 for _kind, status, _seconds in results if status != 200),
        "statuses": sorted({status for _kind, status, _seconds in results}),
        "throughput": len(results) / elapsed,
        "median": statistics.median(times) if times else None,
        "p95": _percentile(times, 95),
        "max": times[-1] if times else None,
        "by_page": {
            kind: {"requests": len(values), "p95": _percentile(sorted(values), 95)}
            for kind, values in sorted(by_kind.items())
        },
    }


def _percentile(values: list[float], rank: float) -> float | None:
    """Nearest rank of sorted ``values``."""
    if not values:
        return None
    index = max(0, -(-len(values) * rank // 100) - 1)
    return values[int(index)]


if __name__ == "__main__":
    main()
