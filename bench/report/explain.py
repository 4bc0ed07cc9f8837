"""BENCHMARKS.md, section "EXPLAIN ANALYZE and indexes": the plans and the candidate indexes."""

from __future__ import annotations

from bench.report.formats import change, ms


def explain_section(measure: dict) -> list[str]:
    lines = [
        f"The engine's slowest query took {ms(measure['engine_slowest_query_seconds'])} "
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
                f"{ms(item['engine_seconds'])} | {ms(item['lever 2: escape'])} | "
                f"{ms(item['lever 2: loops'])} |"
            )
        best = min(indexes[1:], key=lambda item: item["engine_seconds"])
        lines += [
            "",
            f"Best candidate for the engine: {_index_name(best['index'])}: engine "
            f"{change(best['engine_seconds'], baseline['engine_seconds'])}, escape floor "
            f"{change(best['lever 2: escape'], baseline['lever 2: escape'])}, loops floor "
            f"{change(best['lever 2: loops'], baseline['lever 2: loops'])} against the "
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


def _index_name(ddl: str | None) -> str:
    if not ddl:
        return "none (the existing indexes)"
    return f"`{ddl.split(' ON ', 1)[1]}`"
