"""BENCHMARKS.md, section "Referral import": the import, with the triggers on and off."""

from __future__ import annotations

from bench.report.formats import change, number

GOAL_IMPORT_RATE = 20_000
GOAL_IMPORT_MB = 500
# The import as measured before the data_version triggers existed (BENCHMARKS.md of
# 2026-11-24, commit 05d2858), for comparison.
IMPORT_BEFORE_TRIGGERS = "11 683 rows/s, 279 MB (run of 2026-11-24, commit 05d2858)"


def import_section(result: dict) -> list[str]:
    if "skipped" in result:
        return [f"Not measured: {result['skipped']}."]
    ok = result["exit_status"] == 0 and result["imported"] == result["rows"]
    rate_ok = "met" if result["rate"] >= GOAL_IMPORT_RATE else "missed"
    memory_ok = "met" if result["peak_mb"] <= GOAL_IMPORT_MB else "missed"
    lines = [
        f"`import_data referrals` of a {number(result['rows'])}-row CSV "
        f"({result['file_mb']:.0f} MB) into a database holding the demo's territories A–D; the "
        "rows are the 50-territory set's referrals moved onto A–D (territory by id modulo 4), "
        "with new `ref`s (`IMP-…`), family codes `F-<id>` and the A–D corridor of the same "
        "direction active on the referral's date where the original had a corridor.",
        "",
        "| | measured | goal |",
        "| --- | --- | --- |",
        f"| wall time | {result['seconds']:.1f} s | |",
        f"| rate | {number(result['rate'])} rows/s | ≥ {number(GOAL_IMPORT_RATE)} ({rate_ok}) |",
        f"| peak memory (max RSS of the command) | {result['peak_mb']:.0f} MB | "
        f"≤ {GOAL_IMPORT_MB} ({memory_ok}) |",
        f"| exit status, referrals added | {result['exit_status']}, "
        f"{number(result['imported'])} | 0, {number(result['rows'])} |",
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
        f"| rate | {number(result['rate'])} rows/s | {number(other['rate'])} rows/s |",
        f"| peak memory (max RSS of the command) | {result['peak_mb']:.0f} MB | "
        f"{other['peak_mb']:.0f} MB |",
        f"| exit status, referrals added | {result['exit_status']}, "
        f"{number(result['imported'])} | {other['exit_status']}, {number(other['imported'])} |",
        f"| sum of the territories' `data_version` raised by | {result['versions_raised']} | "
        f"{other['versions_raised']} |",
        "",
        f"Triggers on against off: {change(result['seconds'], other['seconds'])} wall time. "
        f"Before the triggers existed, the same import measured {IMPORT_BEFORE_TRIGGERS}.",
    ]
    return lines
