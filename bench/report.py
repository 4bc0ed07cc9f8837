"""BENCHMARKS.md from the results of one ``make bench`` run (:mod:`bench.__main__`)."""

from __future__ import annotations

GOAL_RATIO = 2
GOAL_IMPORT_RATE = 10_000
GOAL_IMPORT_MB = 500
NOT_MEASURED = "not measured yet (issue 5)"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", " ")


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def render(results: dict) -> str:
    machine = results["machine"]
    period, as_of, runs = results["period"], results["as_of"], results["runs"]
    small, big = results["sets"][0], results["sets"][-1]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/`, DESIGN.md section 10). Do not edit by hand: run "
        "`make bench` again. It reuses the generated databases when the generator and its "
        "arguments are unchanged; `make bench BENCH_ARGS=--regenerate` generates them again.",
        "",
        f"Run of {results['date']}, {results['seconds'] / 60:.1f} minutes in all.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        f"| CPU | {machine['cpu']}, {machine['cores']} cores |",
        f"| RAM | {machine['memory']} |",
        f"| OS | {machine['os']} |",
        f"| PostgreSQL | {machine['postgres']} ({machine['postgres_settings']}, JIT off "
        "as in `config/settings.py`) |",
        f"| Python, Django, psycopg | {machine['python']}, {machine['django']}, "
        f"{machine['psycopg']} |",
        "",
        "## Commands",
        "",
        "Generation runs with `DJANGO_DEBUG=1` (`generate_demo` refuses otherwise); everything "
        "measured runs with `DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench ARRIMAGE_PSEUDONYM_KEY=bench "
        "DJANGO_SECURE_SSL_REDIRECT=0` and `DATABASE_URL=postgres://…/<database>`.",
        "",
        "```sh",
    ]
    for data_set in results["sets"]:
        lines.append(
            f"python manage.py generate_demo {data_set['generation']['arguments']}"
            f"   # database {data_set['database']}, then VACUUM (ANALYZE)"
        )
    lines += [
        f"python -m bench.measure --period {period} --as-of {as_of} --runs {runs} [--indexes]"
        "   # engine and SQL floor, in-process",
        f"python manage.py export_indicators --period {period} --as-of {as_of} "
        "--output FILE   # whole command",
        "python manage.py load_demo   # database arrimage_bench_import: the A–D structure",
        "python manage.py import_data referrals referrals-1000000.csv",
        "```",
        "",
        f"Period: fiscal year {period}, as of {as_of} (the day after it: nothing is cut). "
        f"Every time below is the median of {runs} warm runs (one untimed run first). On a "
        "2-core machine that other work shares, runs of the same command have differed by "
        "about 20 %: compare numbers measured in the same run (ratios, the index table).",
        "",
        "## Generation",
        "",
        "| data set | database | time | note |",
        "| --- | --- | --- | --- |",
    ]
    for data_set in results["sets"]:
        generation = data_set["generation"]
        note = (
            f"reused: generated {generation['generated_at'][:16]}"
            if generation["reused"]
            else "generated in this run"
        )
        lines.append(
            f"| `{generation['arguments']}` | {data_set['database']} | "
            f"{generation['seconds']:.0f} s | {note} |"
        )
    lines += ["", "## Referral import", ""]
    lines += _import_section(results["import"])
    lines += [
        "",
        "## Indicators: engine against the hand-written SQL floor",
        "",
        f"Goal: full recomputation of one period ≤ {GOAL_RATIO} × the SQL floor.",
        "",
        "| | 5 territories, 100 000 referrals | 50 territories, 1 000 000 referrals |",
        "| --- | --- | --- |",
        f"| engine, `compute()` in-process | {_ms(small['measure']['engine_seconds'])} | "
        f"{_ms(big['measure']['engine_seconds'])} |",
        f"| `export_indicators` command, wall time | {_ms(small['export_seconds'])} | "
        f"{_ms(big['export_seconds'])} |",
        f"| engine SQL queries | {small['measure']['engine_queries']} | "
        f"{big['measure']['engine_queries']} |",
        f"| SQL floor (sum below) | {_ms(small['measure']['floor_seconds'])} | "
        f"{_ms(big['measure']['floor_seconds'])} |",
        f"| **engine ÷ floor** | **{_ratio(small)}** | **{_ratio(big)}** |",
        f"| rows exported | {small['export_rows']} | {big['export_rows']} |",
        "",
        "The floor is one hand-written PostgreSQL statement per indicator family, all "
        "territories at once (`bench/floor.py`); where several spellings were tried, the "
        "fastest on that data set counts (spelling number in brackets).",
        "",
        "| statement | 5 territories | 50 territories |",
        "| --- | --- | --- |",
    ]
    for mine, theirs in zip(small["measure"]["floor"], big["measure"]["floor"], strict=True):
        lines.append(
            f"| {mine['name']} | {_ms(mine['seconds'])} ({mine['spelling']}) | "
            f"{_ms(theirs['seconds'])} ({theirs['spelling']}) |"
        )
    lines += [""]
    for data_set in (small, big):
        check = data_set["measure"]["check"]
        verdict = (
            "the floor and the engine agree on every one"
            if not check["mismatches"]
            else "MISMATCHES: " + "; ".join(check["mismatches"])
        )
        lines.append(
            f"- {data_set['territories']} territories: {check['checked']} numerators and "
            f"denominators compared with the engine's tallies; {verdict}."
        )
    lines += ["", "Spellings tried (median, 50 territories):", ""]
    for item in big["measure"]["floor"]:
        if len(item["spellings"]) > 1:
            tried = ", ".join(
                f"({number}) {_ms(seconds)}"
                for number, seconds in enumerate(item["spellings"], start=1)
            )
            lines.append(f"- {item['name']}: {tried}")
    lines += ["", "## EXPLAIN ANALYZE (50 territories) and indexes", ""]
    lines += _explain_section(big["measure"])
    lines += [
        "",
        "## Pages",
        "",
        "| what | goal | 5 territories | 50 territories |",
        "| --- | --- | --- | --- |",
        f"| province overview, server time (median) | ≤ 300 ms | {NOT_MEASURED} | {NOT_MEASURED} |",
        f"| territory page with 8-quarter trends (median) | ≤ 200 ms | {NOT_MEASURED} | "
        f"{NOT_MEASURED} |",
        f"| SQL queries per page | same at 5 and 50 | {NOT_MEASURED} | {NOT_MEASURED} |",
        f"| freshness after one referral changes | ≤ 1 s | {NOT_MEASURED} | {NOT_MEASURED} |",
        f"| 50 concurrent users on gunicorn, p95 | ≤ 1 s | {NOT_MEASURED} | {NOT_MEASURED} |",
        "",
    ]
    return "\n".join(lines)


def _ratio(data_set: dict) -> str:
    measure = data_set["measure"]
    ratio = measure["engine_seconds"] / measure["floor_seconds"]
    verdict = "goal met" if ratio <= GOAL_RATIO else "goal missed"
    return f"{ratio:.2f} ({verdict})"


def _import_section(result: dict) -> list[str]:
    if "skipped" in result:
        return [f"Not measured: {result['skipped']}."]
    ok = result["exit_status"] == 0 and result["imported"] == result["rows"]
    rate_ok = "met" if result["rate"] >= GOAL_IMPORT_RATE else "missed"
    memory_ok = "met" if result["peak_mb"] <= GOAL_IMPORT_MB else "missed"
    lines = [
        f"`import_data referrals` of a {_number(result['rows'])}-row CSV "
        f"({result['file_mb']:.0f} MB) into a database holding the demo's territories A–D; the "
        "rows are the 50-territory set's referrals moved onto A–D (territory by id modulo 4), "
        "with new `ref`s (`IMP-…`), family codes `F-<id>` and the A–D corridor of the same "
        "direction active on the referral's date where the original had a corridor.",
        "",
        "| | measured | goal |",
        "| --- | --- | --- |",
        f"| wall time | {result['seconds']:.1f} s | |",
        f"| rate | {_number(result['rate'])} rows/s | ≥ {_number(GOAL_IMPORT_RATE)} ({rate_ok}) |",
        f"| peak memory (max RSS of the command) | {result['peak_mb']:.0f} MB | "
        f"≤ {GOAL_IMPORT_MB} ({memory_ok}) |",
        f"| exit status, referrals added | {result['exit_status']}, "
        f"{_number(result['imported'])} | 0, {_number(result['rows'])} |",
    ]
    if not ok:
        lines += ["", "The import did not complete; its last output:", "", "```"]
        lines += [result["output"], "```"]
    return lines


def _explain_section(measure: dict) -> list[str]:
    lines = [
        f"The engine's slowest query took {_ms(measure['engine_slowest_query_seconds'])} "
        "of the engine's time (lever 2: one statement with two correlated `EXISTS`).",
        "",
    ]
    for name, plan in measure["explain"].items():
        lines += [f"### {name}", "", "```", plan, "```", ""]
    indexes = measure.get("indexes") or []
    if indexes:
        lines += [
            "Candidate indexes, each built in a transaction that is rolled back; the first row "
            "builds none and is the baseline measured the same way (medians of 5 warm runs):",
            "",
            "| index | build | engine | escape (floor) | loops (floor) |",
            "| --- | --- | --- | --- | --- |",
        ]
        baseline = indexes[0]
        for item in indexes:
            lines.append(
                f"| {_index_name(item['index'])} | {item['build_seconds']:.1f} s | "
                f"{_ms(item['engine_seconds'])} | {_ms(item['lever 2: escape'])} | "
                f"{_ms(item['lever 2: loops'])} |"
            )
        best = min(indexes[1:], key=lambda item: item["engine_seconds"])
        lines += [
            "",
            f"Best candidate for the engine: {_index_name(best['index'])}: engine "
            f"{_change(best['engine_seconds'], baseline['engine_seconds'])}, escape floor "
            f"{_change(best['lever 2: escape'], baseline['lever 2: escape'])}, loops floor "
            f"{_change(best['lever 2: loops'], baseline['lever 2: loops'])} against the "
            "baseline row.",
        ]
    lines += [
        "",
        "Reading the plans: the engine's lever-2 statement reads the cohort through the "
        "territory index and runs its two `EXISTS` as correlated subplans. The escape one runs "
        "only for the old pending or declined referrals and probes `(family, referred_on)`. "
        "The loop one runs for every referral of the cohort and probes the family index, "
        "then reads the heap to filter on sectors and dates; most of the engine's time goes "
        "there. The floor's loop statement instead finds the looping referrals with one "
        "(parallel) hash join of the cohort with the referrals of the 90 days before it. With "
        "the covering index `(family_id, referred_on) INCLUDE (taken_in_charge_on, "
        "from_sector_id, to_sector_id)`, both subplans become index-only scans, which needs "
        "a vacuumed table: autovacuum keeps it so.",
    ]
    return lines


def _change(value: float, baseline: float) -> str:
    return f"{(value - baseline) / baseline * 100:+.0f} %"


def _index_name(ddl: str | None) -> str:
    if not ddl:
        return "none (the existing indexes)"
    return f"`{ddl.split(' ON ', 1)[1]}`"
