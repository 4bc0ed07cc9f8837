"""BENCHMARKS.md from the results of one ``make bench`` run (:mod:`bench.__main__`).

:func:`render` writes the document: the machine, the commands, the generation and the engine
against the SQL floor here; the other sections come from :mod:`~bench.report.import_section`,
:mod:`~bench.report.explain` and :mod:`~bench.report.pages` (with :mod:`~bench.report.load`).
"""

from __future__ import annotations

from bench.report.explain import explain_section
from bench.report.formats import ms
from bench.report.import_section import import_section
from bench.report.mornings import mornings_section
from bench.report.pages import pages_section

GOAL_RATIO = 1.5


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
        f"Run of {results['date']} at commit {results.get('commit', '?')}, "
        f"{results['seconds'] / 60:.1f} minutes in all.",
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
    lines += import_section(results["import"])
    lines += [
        "",
        "## Indicators: engine against the hand-written SQL floor",
        "",
        f"Goal: full recomputation of one period ≤ {GOAL_RATIO} × the SQL floor.",
        "",
        "| | 5 territories, 100 000 referrals | 50 territories, 1 000 000 referrals |",
        "| --- | --- | --- |",
        f"| engine, `compute()` in-process | {ms(small['measure']['engine_seconds'])} | "
        f"{ms(big['measure']['engine_seconds'])} |",
        f"| `export_indicators` command, wall time | {ms(small['export_seconds'])} | "
        f"{ms(big['export_seconds'])} |",
        f"| engine SQL queries | {small['measure']['engine_queries']} | "
        f"{big['measure']['engine_queries']} |",
        f"| SQL floor (sum below) | {ms(small['measure']['floor_seconds'])} | "
        f"{ms(big['measure']['floor_seconds'])} |",
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
            f"| {mine['name']} | {ms(mine['seconds'])} ({mine['spelling']}) | "
            f"{ms(theirs['seconds'])} ({theirs['spelling']}) |"
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
                f"({number}) {ms(seconds)}"
                for number, seconds in enumerate(item["spellings"], start=1)
            )
            lines.append(f"- {item['name']}: {tried}")
    lines += ["", "## EXPLAIN ANALYZE (50 territories) and indexes", ""]
    lines += explain_section(big["measure"])
    lines += ["", "## Pages", ""]
    lines += pages_section(results)
    lines += mornings_section(results)
    return "\n".join(lines)


def _ratio(data_set: dict) -> str:
    measure = data_set["measure"]
    ratio = measure["engine_seconds"] / measure["floor_seconds"]
    verdict = "goal met" if ratio <= GOAL_RATIO else "goal missed"
    return f"{ratio:.2f} ({verdict})"
