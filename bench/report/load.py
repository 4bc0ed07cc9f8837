"""BENCHMARKS.md, the load line of section "Pages": people of the three roles at once on
gunicorn, browsing and writing (:mod:`bench.load`)."""

from __future__ import annotations

from bench.report.formats import NOT_MEASURED, ms, number

GOAL_LOAD_USERS = 50
GOAL_LOAD_P95 = 0.5
LOAD_ROW = f"{GOAL_LOAD_USERS} concurrent users of the three roles on gunicorn, pages and writes"
ROLES = (("advisor", "advisors"), ("coordinator", "coordinators"), ("pap", "PAPs"))


def load_cell(load: dict | None) -> str:
    if not load:
        return NOT_MEASURED
    if "error" in load:
        return "not measured: " + load["error"][:200]
    if load["p95"] is None:
        return f"no request answered ({load['errors']} errors) (MISSED)"
    met = load["errors"] == 0 and load["p95"] <= GOAL_LOAD_P95
    return (
        f"{load['errors']} errors in {number(load['requests'])} requests, median "
        f"{ms(load['median'])}, p95 {ms(load['p95'])} ({'met' if met else 'MISSED'})"
    )


def load_lines(load: dict | None) -> list[str]:
    """How the load was made (who did what), and its figures by page, write and role."""
    if not load or "error" in load or load["p95"] is None:
        return []
    if "by_write" not in load:  # a run from before the writes: everyone browsed
        return ["", _setting(load) + "every person browsed (no write). " + _totals(load)]
    low, high = load["think"]
    written = ", ".join(load["territories_written"])
    both = ", ".join(load["written_and_visited"]) or "none"
    lines = [
        "",
        _setting(load)
        + f"each working for {load['seconds']:.0f} s with a pause drawn between {low:.0f} and "
        f"{high:.0f} s after each request (reading a page)" + _typing(load) + _quiet(load) + ":",
        "",
        f"- **{load['advisors']} advisors** browse: a page among the overview, "
        f"{load['territories_visited']} territories' case pages and 3 indicator pages.",
        f"- **{load['coordinators']} coordinators**, one territory each ({written}; also among "
        f"the territories the advisors visit: {both}), one action at a time, weighted 2 : 2 : 1: "
        "a page of theirs (their overview, their territory's page, the referral list "
        "`/orientations/`); a new referral, the form `/orientations/nouvelle/` then its POST "
        "(a new family, or one they already referred; two sectors or one of the territory's "
        "corridors; dates within the last two weeks; pending, taken in charge or declined); or "
        "the journal grid of the month "
        f"({load['month']}), `/territoires/<code>/journal/{load['month']}/` then its POST (every "
        "cell sent back as shown, one to three changed: hours with a decimal comma, counts).",
        f"- **{load['paps']} PAPs** of those territories answer the quarterly survey: the list "
        "`/sondages/`, the questionnaire of their territory's open campaign "
        "`/sondages/<id>/repondre/`, then its POST (a score from 1 to 5 per item). A PAP answers a "
        f"campaign once, so each simulated PAP answers from the next of its accounts: "
        f"{number(load['pap_accounts'])} PAP accounts logged in (those that have not answered "
        "yet, made when too few), and a campaign opened by the coordinator where none is open.",
        "",
        "Each person has a session of their own (logged in once, `force_login`), and posts as a "
        "browser does: the CSRF cookie and token from the form's page, an `Origin` header. The "
        "advisors' pages and each coordinator's had been loaded once before (stored results "
        "present). Every write raises its territory's `data_version`, so the next page showing "
        "that territory recomputes its stored results and makes its values again (never a stale "
        "number; each server process remembers the other territories' values between requests): "
        "the load measures that too. A page succeeds with 200, a write with a redirect; an "
        "error is anything else (a form shown again with errors is one) or no answer. "
        + _totals(load),
        "",
        "| requests of | requests | errors | median | p95 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, figures in [*load["by_page"].items(), *load["by_write"].items()]:
        lines.append(_row(f"{kind}: `{figures.get('url', '/' + kind + '/')}`", figures))
    for role, label in ROLES:
        if role in load.get("by_role", {}):
            lines.append(_row(f"all the {label}", load["by_role"][role]))
    lines.append(_row("everyone", load))
    if load.get("error_samples"):
        lines += ["", "First errors: " + "; ".join(f"`{e}`" for e in load["error_samples"][:5])]
    return lines


def _setting(load: dict) -> str:
    return (
        f"Load (`python -m bench.load --period … --users {load['users']} --seconds "
        f"{load['seconds']:.0f}`, in `make bench`, on the 50-territory set): "
        f"`gunicorn config.wsgi:application` with {load['workers']} sync workers on this "
        f"machine, DEBUG off; {load['users']} people logged in at once, "
    )


def _totals(load: dict) -> str:
    """The throughput, the slowest request, the machine's load and the server's errors."""
    by_page = ""
    if "by_write" not in load:
        by_page = "; ".join(
            f"`/{kind}/` {number(page['requests'])} requests, p95 {ms(page['p95'])}"
            for kind, page in load["by_page"].items()
        )
        by_page = f" ({by_page})"
    text = (
        "Times are whole HTTP exchanges measured by the client, on the same 2-core machine as the "
        f"server and PostgreSQL. {load['throughput']:.1f} requests/s in all{by_page}; slowest "
        f"{ms(load['max'])}. Load average (1 minute) before and after: "
        f"{load['load_average_before'][0]:.2f} and {load['load_average_after'][0]:.2f}."
    )
    if load.get("server_errors"):
        return (
            text + f" The server logged {len(load['server_errors'])} error lines, the first: "
            f"`{load['server_errors'][0]}`."
        )
    return text + " The server logged no error."


def _row(label: str, figures: dict) -> str:
    median, p95 = figures.get("median"), figures["p95"]
    return (
        f"| {label} | {number(figures['requests'])} | {figures.get('errors', 0)} | "
        f"{ms(median) if median is not None else '–'} | {ms(p95) if p95 is not None else '–'} |"
    )


def _typing(load: dict) -> str:
    if "typing" not in load:
        return ""
    low, high = load["typing"]
    return f", and between {low:.0f} and {high:.0f} s while a form is filled in"


def _quiet(load: dict) -> str:
    if "quiet_wait" not in load:
        return ""
    return (
        f"; the run starts once the machine is quiet (1-minute load average under 1, "
        f"waited {load['quiet_wait']:.0f} s)"
    )
