"""BENCHMARKS.md, the load line of section "Pages": concurrent users on gunicorn."""

from __future__ import annotations

from bench.report.formats import NOT_MEASURED, ms, number

GOAL_LOAD_USERS = 50
GOAL_LOAD_P95 = 0.5


def load_cell(load: dict | None) -> str:
    if not load:
        return NOT_MEASURED
    if "error" in load:
        return "not measured: " + load["error"][:200]
    if load["p95"] is None:
        return f"no page answered ({load['errors']} errors) (MISSED)"
    met = load["errors"] == 0 and load["p95"] <= GOAL_LOAD_P95
    return (
        f"{load['errors']} errors in {number(load['requests'])} requests, median "
        f"{ms(load['median'])}, p95 {ms(load['p95'])} ({'met' if met else 'MISSED'})"
    )


def load_lines(load: dict | None) -> list[str]:
    """How the load was made, and its figures by page."""
    if not load or "error" in load or load["p95"] is None:
        return []
    low, high = load["think"]
    by_page = ", ".join(
        f"`/{kind}/` {number(page['requests'])} requests, p95 {ms(page['p95'])}"
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
        f"slowest {ms(load['max'])}. Load average (1 minute) before and after: "
        f"{load['load_average_before'][0]:.2f} and {load['load_average_after'][0]:.2f}."
        + (
            f" The server logged {len(load['server_errors'])} error lines, the first: "
            f"`{load['server_errors'][0]}`."
            if load.get("server_errors")
            else " The server logged no error."
        ),
    ]
