"""BENCHMARKS.md, section "The first page of the morning" (:mod:`bench.mornings`)."""

from __future__ import annotations

from bench.report.formats import ms
from bench.report.pages import GOAL_TERRITORY

GOAL_ANY_PAGE = 1.0
PAGES = (
    ("overview", "province overview (advisor)"),
    ("overview_coordinator", "province overview (coordinator of {code})"),
    ("territory", "territory page of {code}"),
    ("indicator", "indicator page"),
)


def mornings_section(results: dict) -> list[str]:
    big = results["sets"][-1]
    mornings = big.get("mornings")
    lines = ["## The first page of the morning", ""]
    if not mornings:
        return [*lines, "Not measured in this run.", ""]
    days = [(key, found) for key, found in mornings.items() if "error" not in found]
    failed = [f"{key}: `{found['error']}`" for key, found in mornings.items() if "error" in found]
    if not days:
        return [*lines, "Not measured: " + "; ".join(failed), ""]
    period, code = days[0][1]["period"], days[0][1]["territory"]
    lines += [
        f"`python -m bench.mornings --period {period} [--as-of DAY]` on the "
        f"{big['territories']}-territory set ({big['referrals']:,} referrals), `?periode="
        f"{period}`. Stored results are made the day before (rows kept per day move back a day, "
        "every row's `computed_on` too; what the process remembers is forgotten, as on a new "
        "day), then each page is loaded once: **without the refresh**, "
        "and **after** `refresh_indicators` ran for the day (medians of 3 mornings; the "
        "refresh's time is a night's, and, apart, that of its first run on an empty store). "
        "A period is stored once when settled (its end plus `ESCAPE_DAYS` and `LOOP_DAYS` "
        "passed), per day before that. Two days: "
        "today (the period settled long ago) and the day after the period's end (it still "
        "settles: the morning recomputes it). Goals: after the refresh, the territory page as "
        f"fast as warm (≤ {ms(GOAL_TERRITORY)}); no page over {GOAL_ANY_PAGE:.0f} s even "
        "without the refresh.",
        "",
        "| page | " + " | ".join(_day_header(found) for _key, found in days) + " |",
        "| --- | " + " | ".join("---" for _day in days) + " |",
    ]
    for key, label in PAGES:
        cells = []
        for _day, found in days:
            without, after = found["without_refresh"][key], found["after_refresh"][key]
            goal = GOAL_TERRITORY if key == "territory" else None
            cells.append(f"{_timed(without, GOAL_ANY_PAGE)} without / {_timed(after, goal)} after")
        lines.append(f"| {label.format(code=code)} | " + " | ".join(cells) + " |")
    lines.append(
        "| `refresh_indicators`: a night (periods) / from an empty store | "
        + " | ".join(
            f"{found['refresh_seconds']:.1f} s ({found['periods']}) / "
            f"{found['refresh_from_nothing_seconds']:.1f} s"
            for _day, found in days
        )
        + " |"
    )
    if failed:
        lines += ["", "Failed: " + "; ".join(failed)]
    return [*lines, ""]


def _day_header(found: dict) -> str:
    return f"as of {found['as_of']}"


def _timed(seconds: float, goal: float | None) -> str:
    if goal is None:
        return ms(seconds)
    return f"{ms(seconds)} {'met' if seconds <= goal else '**missed**'}"
