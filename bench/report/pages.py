"""BENCHMARKS.md, section "Pages": warm and cold loads, queries, freshness, where time goes."""

from __future__ import annotations

import re

from bench.report.formats import NOT_MEASURED, ms, number
from bench.report.load import GOAL_LOAD_P95, LOAD_ROW, load_cell, load_lines

GOAL_OVERVIEW = 0.100
GOAL_TERRITORY = 0.150
GOAL_FRESHNESS = 1.0

PAGE_ROWS = (
    ("overview", "province overview (advisor: every territory), warm", GOAL_OVERVIEW),
    ("overview_coordinator", "province overview as the coordinator of {code}, warm", None),
    ("territory", "territory page of {code} with 8-quarter trends, warm", GOAL_TERRITORY),
    ("indicator", "indicator page `{indicator}`, warm", None),
)


def pages_section(results: dict) -> list[str]:
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
    commit = results.get("pages_commit", results.get("commit", "?"))
    budget = first.get("budget", 0)
    lines = [
        f"Measured on {when} at commit {commit} (`python -m bench.pages --period "
        f"{results['period']} --runs "
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
        "(`StoredTally`, `StoredProvinceTally`, `StoredBreakdown`) and what the process "
        "remembers is forgotten (`indicators.compute.remembered`), i.e. the full "
        "recomputation of the periods the page shows, for every territory, and of the "
        "breakdowns it shows. Queries: one more warm load under "
        "`CaptureQueriesContext`.",
    ]
    loads = [
        f"{data_set['territories']} territories {_load_average(pages)}"
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
        goal_text = f"median ≤ {ms(goal)}" if goal else "none set"
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
        f"| {LOAD_ROW}: errors, p95 | no error, p95 ≤ "
        f"{GOAL_LOAD_P95 * 1000:.0f} ms | measured at 50 only | {load_cell(load)} |"
    )
    lines += load_lines(load)
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
                f"{ms(profile['total'])} | {ms(profile['sql'])} | "
                f"{ms(profile['template'])} | {ms(profile['view'])} | "
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
    text = f"{ms(page['warm_median'])} ({ms(page['warm_p95'])})"
    if page.get("warm_runs", runs) < runs:
        text += f" [{page['warm_runs']} loads]"
    if goal is not None:
        text += " met" if page["warm_median"] <= goal else " **missed**"
    return text


def _cold_cell(page: dict) -> str:
    if "cold_seconds" not in page:
        return "error (below)"
    return f"{ms(page['cold_seconds'])}, {page['cold_queries']} queries"


def _query_counts(pages: dict) -> tuple:
    return tuple(pages["pages"][key].get("queries") for key, _label, _goal in PAGE_ROWS)


def _counts(counts: tuple) -> str:
    return " / ".join("?" if count is None else str(count) for count in counts)


def _freshness_cell(fresh: dict) -> str:
    if "first_load_seconds" not in fresh:
        return "error (below)"
    met = fresh["first_load_seconds"] <= GOAL_FRESHNESS and fresh["shows_change"]
    shown = "change shown" if fresh["shows_change"] else "**change NOT shown**"
    return f"{ms(fresh['first_load_seconds'])}, {shown} ({'met' if met else '**missed**'})"


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
        f"referral {fresh['referral']} of {fresh['territory']}; save {ms(fresh['save_seconds'])}"
        f" (`data_version` raised: {'yes' if fresh['version_raised'] else 'NO'}); first load "
        f"{ms(fresh['first_load_seconds'])}, the next {ms(fresh['second_load_seconds'])}; "
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
    return f"{number(query['ms'])} ms, `{name}`"


def _load_average(pages: dict) -> str:
    return f"{pages['load_average_before'][0]:.1f} → {pages['load_average_after'][0]:.1f}"
