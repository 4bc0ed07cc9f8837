"""BENCHMARKS.md from the results of one ``make bench`` run (:mod:`bench.__main__`)."""

from __future__ import annotations

import re

GOAL_RATIO = 2
GOAL_IMPORT_RATE = 10_000
GOAL_IMPORT_MB = 500
GOAL_OVERVIEW = 0.300
GOAL_TERRITORY = 0.200
GOAL_FRESHNESS = 1.0
GOAL_LOAD_USERS = 50
GOAL_LOAD_P95 = 1.0
NOT_MEASURED = "not measured yet (issue 5)"
# The import as measured before the data_version triggers existed (BENCHMARKS.md of
# 2026-11-24, commit 05d2858), for comparison.
IMPORT_BEFORE_TRIGGERS = "11 683 rows/s, 279 MB (run of 2026-11-24, commit 05d2858)"


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
        "python -m bench.pages --period " + period + " --runs 30 --budget 60"
        "   # pages, in-process (test Client); on both data sets",
        "python manage.py load_demo   # database arrimage_bench_import: the A–D structure",
        "python manage.py import_data referrals referrals-1000000.csv   # twice: triggers on, off",
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
    lines += ["", "## Pages", ""]
    lines += _pages_section(results)
    return "\n".join(lines)


def _load_cell(load: dict | None) -> str:
    if not load:
        return NOT_MEASURED
    if "error" in load:
        return "not measured: " + load["error"][:200]
    if load["p95"] is None:
        return f"no page answered ({load['errors']} errors) (MISSED)"
    met = load["errors"] == 0 and load["p95"] <= GOAL_LOAD_P95
    return (
        f"{load['errors']} errors in {_number(load['requests'])} requests, median "
        f"{_ms(load['median'])}, p95 {_ms(load['p95'])} ({'met' if met else 'MISSED'})"
    )


def _load_lines(load: dict | None) -> list[str]:
    """How the load was made, and its figures by page."""
    if not load or "error" in load or load["p95"] is None:
        return []
    low, high = load["think"]
    by_page = ", ".join(
        f"`/{kind}/` {_number(page['requests'])} requests, p95 {_ms(page['p95'])}"
        for kind, page in load["by_page"].items()
    )
    return [
        "",
        f"Load (`python -m bench.load --period … --users {load['users']} --seconds "
        f"{load['seconds']:.0f}`, in `make bench`, on the 50-territory set): "
        f"`gunicorn config.wsgi:application` with {load['workers']} sync workers on this "
        f"machine, DEBUG off; {load['users']} people logged in at once "
        f"({load['users'] - load['coordinators']} advisors, {load['coordinators']} "
        "coordinators of one territory each), each browsing for "
        f"{load['seconds']:.0f} s: a page, then a pause drawn between {low:.0f} and {high:.0f} "
        "s (reading time), again. Advisors pick among the overview, "
        f"{load['territories_visited']} territories' case pages and 3 indicator pages; "
        "coordinators between their overview and their territory's page. Every page had been "
        "loaded once before (stored results present). Times are whole HTTP exchanges measured "
        "by the client, on the same 2-core machine as the server and PostgreSQL; an error is "
        f"any answer but 200 or none. {load['throughput']:.1f} requests/s in all; {by_page}; "
        f"slowest {_ms(load['max'])}. Load average (1 minute) before and after: "
        f"{load['load_average_before'][0]:.2f} and {load['load_average_after'][0]:.2f}."
        + (
            f" The server logged {len(load['server_errors'])} error lines, the first: "
            f"`{load['server_errors'][0]}`."
            if load.get("server_errors")
            else " The server logged no error."
        ),
    ]


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
    lines += ["", *_triggers_lines(result)]
    return lines


def _triggers_lines(result: dict) -> list[str]:
    """The same import with the data_version triggers disabled, measured in the same run."""
    other = result.get("without_triggers")
    if not other:
        return []
    lines = [
        "The database triggers that raise a territory's `data_version` on every write to the "
        f"tables the indicators read (indicators migration 0002, {result['watched_tables']} "
        "tables) fire on the import's writes. An import runs them in their deferred mode "
        "(indicators migration 0003, `indicators.freshness.versions_raised_once`): each "
        "statement only notes the territories it touched in a temporary table, and each "
        "territory's version is raised once at the end of the import's transaction, where it "
        "was raised once per statement before. To see what they cost, the same file is "
        "imported again into the same fresh A–D database with them disabled (`ALTER TABLE … "
        "DISABLE TRIGGER USER` on those tables, enabled again afterwards):",
        "",
        "| | triggers on (as shipped) | triggers disabled |",
        "| --- | --- | --- |",
        f"| wall time | {result['seconds']:.1f} s | {other['seconds']:.1f} s |",
        f"| rate | {_number(result['rate'])} rows/s | {_number(other['rate'])} rows/s |",
        f"| peak memory (max RSS of the command) | {result['peak_mb']:.0f} MB | "
        f"{other['peak_mb']:.0f} MB |",
        f"| exit status, referrals added | {result['exit_status']}, "
        f"{_number(result['imported'])} | {other['exit_status']}, {_number(other['imported'])} |",
        f"| sum of the territories' `data_version` raised by | {result['versions_raised']} | "
        f"{other['versions_raised']} |",
        "",
        f"Triggers on against off: {_change(result['seconds'], other['seconds'])} wall time. "
        f"Before the triggers existed, the same import measured {IMPORT_BEFORE_TRIGGERS}.",
    ]
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


# Pages

PAGE_ROWS = (
    ("overview", "province overview (advisor: every territory), warm", GOAL_OVERVIEW),
    ("overview_coordinator", "province overview as the coordinator of {code}, warm", None),
    ("territory", "territory page of {code} with 8-quarter trends, warm", GOAL_TERRITORY),
    ("indicator", "indicator page `{indicator}`, warm", None),
)


def _pages_section(results: dict) -> list[str]:
    sets = results["sets"]
    measured = [data_set.get("pages") for data_set in sets]
    if not all(measured):
        return [NOT_MEASURED + "."]
    broken = [pages["error"] for pages in measured if "error" in pages]
    if broken:
        return ["Not measured: " + "; ".join(broken)]
    first = measured[-1]
    code, runs, as_of = first["territory"], first["runs"], first["as_of"]
    indicator = first["pages"]["indicator"]["url"].split("/")[2]
    when = results.get("pages_date", results["date"])
    budget = first.get("budget", 0)
    lines = [
        f"Measured on {when} (`python -m bench.pages --period {results['period']} --runs "
        f"{runs} --budget {budget:.0f}`, in `make bench`): each page requested in-process with "
        "Django's test `Client` (middleware, view and template; no network, no WSGI server), "
        "DEBUG off, logged in "
        f"with `force_login` as generate_demo's users `{first['users']['advisor']}` (advisor: "
        f"every territory) and `{first['users']['coordinator']}` (territory {code}), "
        f"`?periode={results['period']}`. Pages read the stored results at the day's date "
        f"({as_of}). **Warm**: median and p95 (nearest rank) of {runs} loads after one untimed "
        f"load (a slow page gets fewer: a series stops after {budget:.0f} s, with "
        "at least 5 loads; then their number is given). **Cold**: the first load after every "
        "stored tally is deleted "
        "(`StoredTally`, `StoredProvinceTally`, `StoredBreakdown`), i.e. the full "
        "recomputation of the periods the page shows, for every territory, and of the "
        "breakdowns it shows. Queries: one more warm load under "
        "`CaptureQueriesContext`.",
    ]
    loads = [
        f"{data_set['territories']} territories {_load(pages)}"
        for data_set, pages in zip(sets, measured, strict=True)
        if "load_average_before" in pages
    ]
    if loads:
        lines[-1] += (
            " The machine's load average (1 minute; 2 cores, shared with other work) before and "
            "after the page measures: " + "; ".join(loads) + "."
        )
    lines += [
        "",
        "| what | goal | 5 territories | 50 territories |",
        "| --- | --- | --- | --- |",
    ]
    for key, label, goal in PAGE_ROWS:
        label = label.format(code=code, indicator=indicator)
        cells = [_warm_cell(pages["pages"][key], goal, runs) for pages in measured]
        goal_text = f"median ≤ {_ms(goal)}" if goal else "none set"
        lines.append(f"| {label}: median (p95) | {goal_text} | {cells[0]} | {cells[-1]} |")
        cold = [_cold_cell(pages["pages"][key]) for pages in measured]
        lines.append(
            f"| {label.removesuffix(', warm')}, cold: first load, stored results emptied | "
            f"none set | {cold[0]} | {cold[-1]} |"
        )
    counts = [_query_counts(pages) for pages in measured]
    same = counts[0] == counts[-1] and None not in counts[0]
    names = " / ".join(key for key, _label, _goal in PAGE_ROWS)
    lines.append(
        f"| SQL queries per warm load ({names}) | same at 5 and 50 | "
        f"{_counts(counts[0])} | {_counts(counts[-1])} ({'met' if same else 'MISSED'}) |"
    )
    fresh = [_freshness_cell(pages["freshness"]) for pages in measured]
    lines.append(
        f"| freshness: first overview load (advisor) after one referral of {code} changes | "
        f"≤ {GOAL_FRESHNESS:.0f} s, shows the change | {fresh[0]} | {fresh[-1]} |"
    )
    load = sets[-1].get("load")
    lines.append(
        f"| {GOAL_LOAD_USERS} concurrent users on gunicorn: errors, p95 | no error, p95 ≤ "
        f"{GOAL_LOAD_P95:.0f} s | measured at 50 only | {_load_cell(load)} |"
    )
    lines += _load_lines(load)
    lines += [
        "",
        f"Where a warm load's time goes (medians of up to {runs} more loads, timed apart: SQL "
        "through `connection.execute_wrapper`, template rendering without the SQL it runs, the "
        "rest in the view's Python; each column is its own median, so they need not add up "
        "exactly), and the slowest SQL query of the load whose queries were counted (its "
        "first table):",
        "",
        "| page | territories | total | SQL | template | view (Python) | slowest query |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, _label, _goal in PAGE_ROWS:
        for data_set, pages in zip(sets, measured, strict=True):
            profile = pages["pages"][key].get("profile")
            if not profile:
                continue
            lines.append(
                f"| {key.replace('_', ' ')} | {data_set['territories']} | "
                f"{_ms(profile['total'])} | {_ms(profile['sql'])} | "
                f"{_ms(profile['template'])} | {_ms(profile['view'])} | "
                f"{_slowest(pages['pages'][key].get('query_list') or [])} |"
            )
    lines += ["", "Freshness, in detail (the change is made in a transaction rolled back at the "]
    lines[-1] += (
        "end, so the data set stays as generated; the referral is the first of the territory "
        "taken in charge in the period, now `lost` without a taken-in-charge date, saved "
        "through the ORM):"
    )
    lines.append("")
    for data_set, pages in zip(sets, measured, strict=True):
        lines.append(f"- {data_set['territories']} territories: {_freshness_detail(pages)}")
    errors = [
        f"- {data_set['territories']} territories, {key}: `{pages['pages'][key]['error']}`"
        for data_set, pages in zip(sets, measured, strict=True)
        for key, _label, _goal in PAGE_ROWS
        if "error" in pages["pages"][key]
    ]
    if errors:
        lines += ["", "Pages that failed:", "", *errors]
    lines.append("")
    return lines


def _warm_cell(page: dict, goal: float | None, runs: int) -> str:
    if "warm_median" not in page:
        return "error (below)"
    text = f"{_ms(page['warm_median'])} ({_ms(page['warm_p95'])})"
    if page.get("warm_runs", runs) < runs:
        text += f" [{page['warm_runs']} loads]"
    if goal is not None:
        text += " met" if page["warm_median"] <= goal else " **missed**"
    return text


def _cold_cell(page: dict) -> str:
    if "cold_seconds" not in page:
        return "error (below)"
    return f"{_ms(page['cold_seconds'])}, {page['cold_queries']} queries"


def _query_counts(pages: dict) -> tuple:
    return tuple(pages["pages"][key].get("queries") for key, _label, _goal in PAGE_ROWS)


def _counts(counts: tuple) -> str:
    return " / ".join("?" if count is None else str(count) for count in counts)


def _freshness_cell(fresh: dict) -> str:
    if "first_load_seconds" not in fresh:
        return "error (below)"
    met = fresh["first_load_seconds"] <= GOAL_FRESHNESS and fresh["shows_change"]
    shown = "change shown" if fresh["shows_change"] else "**change NOT shown**"
    return f"{_ms(fresh['first_load_seconds'])}, {shown} ({'met' if met else '**missed**'})"


def _freshness_detail(pages: dict) -> str:
    fresh = pages["freshness"]
    if "error" in fresh:
        return f"error: `{fresh['error']}`"
    changed = "; ".join(fresh["cells_changed"]) or "no cell changed"
    check = (
        "every cell of the territory's line (value and n) equals the engine's "
        "(`indicators.compute.compute`) after the change"
        if fresh["page_matches_engine"]
        else "the page differs from the engine: " + "; ".join(fresh["mismatches"])
    )
    return (
        f"referral {fresh['referral']} of {fresh['territory']}; save {_ms(fresh['save_seconds'])}"
        f" (`data_version` raised: {'yes' if fresh['version_raised'] else 'NO'}); first load "
        f"{_ms(fresh['first_load_seconds'])}, the next {_ms(fresh['second_load_seconds'])}; "
        f"cells changed: {changed}; {check}."
    )


def _slowest(queries: list) -> str:
    """The slowest query's time and the first table it reads."""
    timed = [query for query in queries if isinstance(query, dict)]
    if not timed:
        return ""
    query = max(timed, key=lambda item: item["ms"])
    table = re.search(r'FROM "(\w+)"', query["sql"])
    name = table.group(1) if table else query["sql"][:40]
    return f"{_number(query['ms'])} ms, `{name}`"


def _load(pages: dict) -> str:
    return f"{pages['load_average_before'][0]:.1f} → {pages['load_average_after'][0]:.1f}"
