"""What ``make bench`` measures on each data set, each in a child process with DEBUG off.

The engine and the SQL floor (:mod:`bench.measure`), the whole ``export_indicators`` command,
the pages (:mod:`bench.pages`) and, on the largest set, the first page of a morning
(:mod:`bench.mornings`) and concurrent users (:mod:`bench.load`).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.datasets import DATA_SETS, DataSet, generate
from bench.environment import AS_OF, MEASURED_ENV, PERIOD, ROOT, log, manage


def measure_set(data_set: DataSet, url: str, options) -> dict:
    result = {"database": data_set.database, "territories": data_set.territories}
    result["referrals"] = data_set.referrals
    result["generation"] = generate(data_set, url, options)
    log(f"{data_set.database} : moteur et plancher SQL ({options.runs} exécutions)")
    measure = [sys.executable, "-m", "bench.measure", "--period", PERIOD, "--as-of", AS_OF]
    measure += ["--runs", str(options.runs)]
    if data_set is DATA_SETS[-1]:
        measure.append("--indexes")
    output = subprocess.run(
        measure,
        cwd=ROOT,
        env={**os.environ, **MEASURED_ENV, "DATABASE_URL": url},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result["measure"] = json.loads(output)
    log(f"{data_set.database} : export_indicators (commande entière)")
    with tempfile.TemporaryDirectory() as directory:
        target = str(Path(directory) / "indicators.csv")
        command = ["export_indicators", "--period", PERIOD, "--as-of", AS_OF, "--output", target]
        times = []
        for _run in range(options.runs + 1):
            started = time.perf_counter()
            manage(*command, url=url, env=MEASURED_ENV)
            times.append(time.perf_counter() - started)
        result["export_rows"] = len(Path(target).read_text(encoding="utf-8").splitlines()) - 1
    result["export_seconds"] = statistics.median(times[1:])
    result["export_times"] = times[1:]
    result["pages"] = measure_pages(data_set, url, options)
    if data_set is DATA_SETS[-1]:
        result["mornings"] = measure_mornings(data_set, url)
        result["load"] = measure_load(data_set, url, options)
    return result


def measure_mornings(data_set: DataSet, url: str) -> dict:
    """bench.mornings in child processes: today (the bench period settled long ago) and the day
    after the period (still settling), keyed by that day."""
    results = {}
    for day in (None, AS_OF):
        log(f"{data_set.database} : premier chargement du matin ({day or 'aujourd’hui'})")
        results[day or "today"] = _child(
            "bench.mornings", url, "--period", PERIOD, *(["--as-of", day] if day else [])
        )
    return results


def measure_pages(data_set: DataSet, url: str, options) -> dict:
    """bench.pages in a child process with the measured settings (its JSON)."""
    log(f"{data_set.database} : pages ({options.page_runs} chargements)")
    return _child("bench.pages", url, "--period", PERIOD, "--runs", str(options.page_runs))


def measure_load(data_set: DataSet, url: str, options) -> dict:
    """bench.load (gunicorn, concurrent users) in a child process with the measured settings."""
    log(f"{data_set.database} : charge ({options.load_users} personnes, {options.load_seconds} s)")
    return _child(
        "bench.load",
        url,
        "--period",
        PERIOD,
        "--users",
        str(options.load_users),
        "--seconds",
        str(options.load_seconds),
    )


def _child(module: str, url: str, *arguments: str) -> dict:
    """``python -m module arguments`` on the database ``url`` with the measured settings: the
    JSON it prints, or the error it ended with."""
    process = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT,
        env={**os.environ, **MEASURED_ENV, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    if process.returncode != 0:
        return {"error": f"{module} exited with {process.returncode}: {process.stderr[-800:]}"}
    return json.loads(process.stdout)
