"""In-process timings on one database: the engine, the SQL floor, EXPLAIN ANALYZE, indexes.

Run by :mod:`bench` in a child process with the measured settings (DEBUG off)::

    python -m bench.measure --period 2024-2025 --as-of 2025-04-01 [--runs 7] [--indexes]

and prints one JSON object on stdout. Every timing is the median of ``--runs`` warm runs (one
run first, untimed, warms the caches).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from fractions import Fraction


def _median_seconds(function, runs: int) -> tuple[float, list[float]]:
    function()  # warm-up
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--indexes", action="store_true")
    options = parser.parse_args()

    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from bench import floor
    from indicators.compute import compute
    from indicators.periods import Period
    from territories.models import ReferenceFramework

    period = Period.parse(options.period)
    as_of = date.fromisoformat(options.as_of)
    params = {
        "start": period.start,
        "end": period.cut_at(as_of),
        "as_of": as_of,
        "escape_days": settings.ESCAPE_DAYS,
        "loop_days": settings.LOOP_DAYS,
        "required": json.dumps(sorted(ReferenceFramework.current().required_components)),
        "fiscal_year": period.fiscal_year,
        "margin": str(settings.PRIORITY_MARGIN),
    }

    def run_engine():
        return compute(period, as_of=as_of)

    def run_statement(sql: str):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    report: dict = {"period": period.key, "as_of": as_of.isoformat(), "runs": options.runs}
    report["engine_seconds"], report["engine_times"] = _median_seconds(run_engine, options.runs)
    with CaptureQueriesContext(connection) as captured:
        run_engine()
    report["engine_queries"] = len(captured.captured_queries)
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))

    report["floor"] = []
    fastest: dict[str, str] = {}
    for name, spellings in floor.STATEMENTS:
        timed = [(*_median_seconds(run_statement(sql), options.runs), sql) for sql in spellings]
        seconds, times, fastest[name] = min(timed, key=lambda item: item[0])
        report["floor"].append(
            {
                "name": name,
                "seconds": seconds,
                "times": times,
                "spelling": [item[2] for item in timed].index(fastest[name]) + 1,
                "spellings": [item[0] for item in timed],
            }
        )
    report["floor_seconds"] = sum(item["seconds"] for item in report["floor"])
    report["check"] = _check_against_engine(connection, floor, params, period, as_of)

    report["explain"] = {}
    with connection.cursor() as cursor:
        for name in floor.EXPLAINED:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + fastest[name], params)
            report["explain"][name] = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        report["explain"]["engine: slowest query"] = "\n".join(row[0] for row in cursor.fetchall())
    report["engine_slowest_query_seconds"] = float(slowest["time"])

    if options.indexes:
        report["indexes"] = []
        spellings = dict(floor.STATEMENTS)
        # The first run adds no index: the baseline, measured the same way.
        for ddl in (None, *floor.CANDIDATE_INDEXES):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    if ddl:
                        cursor.execute(ddl)
                    cursor.execute("ANALYZE referrals_referral")
                    built = time.perf_counter() - started
                result = {"index": ddl, "build_seconds": built}
                result["engine_seconds"], _times = _median_seconds(run_engine, 5)
                for name in floor.EXPLAINED:
                    result[name] = min(
                        _median_seconds(run_statement(sql), 5)[0] for sql in spellings[name]
                    )
                report["indexes"].append(result)
                transaction.set_rollback(True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE referrals_referral")  # the rolled-back statistics
    json.dump(report, sys.stdout, default=str)


def _check_against_engine(connection, floor, params, period, as_of) -> dict:
    """Compare every floor column named like an engine tally with the engine's tallies."""
    try:
        from indicators.compute import Tally, gather_tallies
    except ImportError as error:  # the engine's internals moved: say so, measure anyway
        return {"checked": 0, "mismatches": [f"not checked: {error}"]}
    tallies = gather_tallies(period, as_of=as_of)
    names = set(Tally.__dataclass_fields__)
    checked, mismatches = 0, []
    with connection.cursor() as cursor:
        for statement, sql in (
            (name, sql) for name, spellings in floor.STATEMENTS for sql in spellings
        ):
            cursor.execute(sql, params)
            columns = [column.name for column in cursor.description]
            for row in cursor.fetchall():
                values = dict(zip(columns, row, strict=True))
                tally = tallies.get(values["territory_id"], Tally())
                for column in columns:
                    if column not in names:
                        continue
                    mine, theirs = values[column], getattr(tally, column)
                    checked += 1
                    if not _same(mine, theirs):
                        mismatches.append(
                            f"{statement}: territory {values['territory_id']} {column}: "
                            f"floor {mine}, engine {theirs}"
                        )
    return {"checked": checked, "mismatches": mismatches[:20]}


def _same(mine, theirs) -> bool:
    if mine is None or theirs is None:
        return mine is None and theirs is None
    if isinstance(mine, Decimal) or isinstance(theirs, Fraction | Decimal):
        return abs(Fraction(mine) - Fraction(theirs)) < Fraction(1, 10**9)
    return mine == theirs


if __name__ == "__main__":
    main()
