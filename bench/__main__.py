"""``make bench`` (``uv run python -m bench``): the benchmarks of DESIGN.md section 10.

On a local PostgreSQL (``scripts/ensure-postgres.sh``), with databases of its own:

- ``arrimage_bench5``: ``generate_demo --territories 5 --referrals 100000 --seed 42``;
- ``arrimage_bench``: ``generate_demo --territories 50 --referrals 1000000 --seed 42``;
- ``arrimage_bench_import``: the demo's A–D structure (``load_demo``), into which a
  1,000,000-row referrals CSV written from ``arrimage_bench`` is imported.

Generation runs with ``DJANGO_DEBUG=1`` (``generate_demo`` refuses otherwise) in its own process;
everything measured runs with DEBUG off. A data set is generated again only when its arguments
or the generator's code changed (the table ``bench_generation`` of each database records them),
or with ``--regenerate`` (``make bench BENCH_ARGS=--regenerate``). Writes ``BENCHMARKS.md``.

This module reads the options and strings the steps together: :mod:`bench.environment` (the
server, the databases, the machine), :mod:`bench.datasets` (generation),
:mod:`bench.set_measures` (what is measured on each data set), :mod:`bench.referral_import`
and :mod:`bench.report` (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from datetime import datetime
from pathlib import Path

from bench import report
from bench.datasets import DATA_SETS
from bench.environment import (
    AS_OF,
    PERIOD,
    ROOT,
    SETUP_ENV,
    database_url,
    describe_machine,
    log,
    manage,
    postgres_url,
)
from bench.referral_import import measure_import
from bench.set_measures import measure_load, measure_mornings, measure_pages, measure_set

RAW = ROOT / "bench" / "last-run.json"  # every number of the last run; --render rewrites from it


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true", help="generate the data sets again")
    parser.add_argument("--runs", type=int, default=7, help="timed warm runs (median; >= 5)")
    parser.add_argument("--skip-import", action="store_true", help="leave the import out")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--page-runs", type=int, default=30, help="timed warm page loads")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help=f"measure the pages again, keep the rest of the last run ({RAW.name})",
    )
    parser.add_argument("--load-users", type=int, default=50, help="concurrent users (load)")
    parser.add_argument("--load-seconds", type=int, default=90, help="how long they browse")
    parser.add_argument("--render", metavar="JSON", help="only rewrite the report from a run")
    options = parser.parse_args()
    if options.render:
        results = json.loads(Path(options.render).read_text(encoding="utf-8"))
        Path(options.output).write_text(report.render(results), encoding="utf-8")
        return
    started = time.perf_counter()

    server = postgres_url()
    if options.pages_only:
        results = json.loads(RAW.read_text(encoding="utf-8"))
        for data_set, result in zip(DATA_SETS, results["sets"], strict=True):
            url = database_url(server, data_set.database)
            manage("migrate", "-v", "0", url=url, env=SETUP_ENV)
            result["pages"] = measure_pages(data_set, url, options)
            if data_set is DATA_SETS[-1]:
                result["mornings"] = measure_mornings(data_set, url)
                result["load"] = measure_load(data_set, url, options)
        results["pages_date"] = datetime.now().astimezone().date().isoformat()
        results["pages_commit"] = _commit()
        results["pages_seconds"] = time.perf_counter() - started
        _write(results, options)
        return
    results: dict = {
        "machine": describe_machine(server),
        "date": datetime.now().astimezone().date().isoformat(),
        "commit": _commit(),
    }
    results["period"], results["as_of"], results["runs"] = PERIOD, AS_OF, options.runs
    results["sets"] = []
    for data_set in DATA_SETS:
        url = database_url(server, data_set.database)
        results["sets"].append(measure_set(data_set, url, options))
    if options.skip_import:
        results["import"] = {"skipped": "--skip-import"}
    else:
        results["import"] = measure_import(server, database_url(server, DATA_SETS[-1].database))
    results["seconds"] = time.perf_counter() - started
    _write(results, options)


def _commit() -> str:
    """The commit measured (with « + » when the work tree has changes), or « ? »."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "?"
    return (head or "?") + ("+" if dirty else "")


def _write(results: dict, options) -> None:
    Path(options.output).write_text(report.render(results), encoding="utf-8")
    RAW.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    seconds = results.get("pages_seconds", results["seconds"])
    log(f"{options.output} written ({seconds:.0f} s; raw results: {RAW}).")


if __name__ == "__main__":
    main()
