"""``make bench`` (``uv run python -m bench``): the benchmarks of DESIGN.md section 10.

On a local PostgreSQL (``scripts/ensure-postgres.sh``), with databases of its own:

- ``arrimage_bench5``: ``generate_demo --territories 5 --referrals 100000 --seed 42``;
- ``arrimage_bench``: ``generate_demo --territories 50 --referrals 1000000 --seed 42``;
- ``arrimage_bench_import``: the demo's A–D structure (``load_demo``), into which a
  1,000,000-row referrals CSV written from ``arrimage_bench`` is imported.

Generation runs with ``DJANGO_DEBUG=1`` (``generate_demo`` refuses otherwise) in its own process;
everything measured runs with DEBUG off. A data set is generated again only when its arguments
or the generator's code changed (the table ``bench_generation`` of each database records them),
or with ``--regenerate`` (``make bench BENCH_ARGS=--regenerate``). Writes ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg

from bench import report

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2024-2025"  # the demo's last fiscal year
AS_OF = "2025-04-01"  # the day after it: nothing is cut
IMPORT_DATABASE = "arrimage_bench_import"
IMPORT_ROWS = 1_000_000
RAW = ROOT / "bench" / "last-run.json"  # every number of the last run; --render rewrites from it
GENERATOR_FILES = sorted(
    [*(ROOT / "demo").glob("*.py")]
    + [ROOT / "demo" / "management" / "commands" / "generate_demo.py"]
)
MEASURED_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench",
    "ARRIMAGE_PSEUDONYM_KEY": "bench",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}
# Generation and set-up: DEBUG on (load_demo and generate_demo refuse otherwise), same key.
SETUP_ENV = {**MEASURED_ENV, "DJANGO_DEBUG": "1"}


@dataclass(frozen=True)
class DataSet:
    database: str
    territories: int
    referrals: int
    seed: int = 42

    @property
    def arguments(self) -> list[str]:
        return [
            "--territories",
            str(self.territories),
            "--referrals",
            str(self.referrals),
            "--seed",
            str(self.seed),
        ]


DATA_SETS = (
    DataSet("arrimage_bench5", territories=5, referrals=100_000),
    DataSet("arrimage_bench", territories=50, referrals=1_000_000),
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true", help="generate the data sets again")
    parser.add_argument("--runs", type=int, default=7, help="timed warm runs (median; >= 5)")
    parser.add_argument("--skip-import", action="store_true", help="leave the import out")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--page-runs", type=int, default=30, help="timed warm page loads")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help=f"measure the pages again, keep the rest of the last run ({RAW.name})",
    )
    parser.add_argument("--load-users", type=int, default=50, help="concurrent users (load)")
    parser.add_argument("--load-seconds", type=int, default=90, help="how long they browse")
    parser.add_argument("--render", metavar="JSON", help="only rewrite the report from a run")
    options = parser.parse_args()
    if options.render:
        results = json.loads(Path(options.render).read_text(encoding="utf-8"))
        Path(options.output).write_text(report.render(results), encoding="utf-8")
        return
    started = time.perf_counter()

    server = _postgres_url()
    if options.pages_only:
        results = json.loads(RAW.read_text(encoding="utf-8"))
        for data_set, result in zip(DATA_SETS, results["sets"], strict=True):
            url = _database(server, data_set.database)
            _manage("migrate", "-v", "0", url=url, env=SETUP_ENV)
            result["pages"] = _bench_pages(data_set, url, options)
            if data_set is DATA_SETS[-1]:
                result["load"] = _bench_load(data_set, url, options)
        results["pages_date"] = datetime.now().astimezone().date().isoformat()
        results["pages_seconds"] = time.perf_counter() - started
        _write(results, options)
        return
    results: dict = {
        "machine": _machine(server),
        "date": datetime.now().astimezone().date().isoformat(),
    }
    results["period"], results["as_of"], results["runs"] = PERIOD, AS_OF, options.runs
    results["sets"] = []
    for data_set in DATA_SETS:
        url = _database(server, data_set.database)
        results["sets"].append(_bench_set(data_set, url, options))
    if options.skip_import:
        results["import"] = {"skipped": "--skip-import"}
    else:
        results["import"] = _bench_import(server, _database(server, DATA_SETS[-1].database))
    results["seconds"] = time.perf_counter() - started
    _write(results, options)


def _write(results: dict, options) -> None:
    Path(options.output).write_text(report.render(results), encoding="utf-8")
    RAW.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    seconds = results.get("pages_seconds", results["seconds"])
    log(f"{options.output} written ({seconds:.0f} s; raw results: {RAW}).")


# PostgreSQL: the server, the databases, the generation records


def _postgres_url() -> str:
    """postgres://…/ of the local server (started when needed), without a database name."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        output = subprocess.run(
            ["bash", str(ROOT / "scripts" / "ensure-postgres.sh")],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not output:
            sys.exit("PostgreSQL indisponible : make bench tourne sur PostgreSQL seulement.")
        url = output.splitlines()[-1]
    return url.rsplit("/", 1)[0] + "/"


def _database(server: str, name: str) -> str:
    """The URL of database ``name``, created (owned by the role) when missing."""
    url = server + name
    with psycopg.connect(server + "postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"Création de la base {name}")
            user = psycopg.conninfo.conninfo_to_dict(server + "postgres")["user"]
            if os.geteuid() == 0:
                subprocess.run(["runuser", "-u", "postgres", "--", "createdb", "-O", user, name])
            else:  # the role has CREATEDB (scripts/ensure-postgres.sh)
                connection.execute(f'CREATE DATABASE "{name}"')
    return url


def _manage(*arguments: str, url: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, **env, "DATABASE_URL": url},
        check=True,
        **kwargs,
    )


def _fingerprint(data_set: DataSet) -> str:
    digest = hashlib.sha256(" ".join(data_set.arguments).encode())
    for path in GENERATOR_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _recorded_generation(url: str, fingerprint: str) -> dict | None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_generation (arguments text, fingerprint text, "
            "seconds double precision, generated_at timestamptz DEFAULT now())"
        )
        row = connection.execute(
            "SELECT arguments, seconds, generated_at FROM bench_generation "
            "WHERE fingerprint = %s ORDER BY generated_at DESC LIMIT 1",
            [fingerprint],
        ).fetchone()
    if row is None:
        return None
    return {"arguments": row[0], "seconds": row[1], "generated_at": row[2].isoformat()}


def _generate(data_set: DataSet, url: str, options) -> dict:
    fingerprint = _fingerprint(data_set)
    _manage("migrate", "-v", "0", url=url, env=SETUP_ENV)
    recorded = None if options.regenerate else _recorded_generation(url, fingerprint)
    if recorded is not None:
        log(f"{data_set.database} : données réutilisées ({recorded['arguments']})")
        return {**recorded, "reused": True}
    log(f"{data_set.database} : generate_demo {' '.join(data_set.arguments)}")
    started = time.perf_counter()
    _manage("generate_demo", *data_set.arguments, url=url, env=SETUP_ENV, stdout=sys.stderr)
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as connection:
        # Hint bits and the visibility map, as autovacuum would leave them.
        connection.execute("VACUUM (ANALYZE)")
        connection.execute("DELETE FROM bench_generation")
        connection.execute(
            "INSERT INTO bench_generation (arguments, fingerprint, seconds) VALUES (%s, %s, %s)",
            [" ".join(data_set.arguments), fingerprint, seconds],
        )
    return {"arguments": " ".join(data_set.arguments), "seconds": seconds, "reused": False}


# Measures


def _bench_set(data_set: DataSet, url: str, options) -> dict:
    result = {"database": data_set.database, "territories": data_set.territories}
    result["referrals"] = data_set.referrals
    result["generation"] = _generate(data_set, url, options)
    log(f"{data_set.database} : moteur et plancher SQL ({options.runs} exécutions)")
    measure = [sys.executable, "-m", "bench.measure", "--period", PERIOD, "--as-of", AS_OF]
    measure += ["--runs", str(options.runs)]
    if data_set is DATA_SETS[-1]:
        measure.append("--indexes")
    output = subprocess.run(
        measure,
        cwd=ROOT,
        env={**os.environ, **MEASURED_ENV, "DATABASE_URL": url},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result["measure"] = json.loads(output)
    log(f"{data_set.database} : export_indicators (commande entière)")
    with tempfile.TemporaryDirectory() as directory:
        target = str(Path(directory) / "indicators.csv")
        command = ["export_indicators", "--period", PERIOD, "--as-of", AS_OF, "--output", target]
        times = []
        for _run in range(options.runs + 1):
            started = time.perf_counter()
            _manage(*command, url=url, env=MEASURED_ENV)
            times.append(time.perf_counter() - started)
        result["export_rows"] = len(Path(target).read_text(encoding="utf-8").splitlines()) - 1
    result["export_seconds"] = statistics.median(times[1:])
    result["export_times"] = times[1:]
    result["pages"] = _bench_pages(data_set, url, options)
    if data_set is DATA_SETS[-1]:
        result["load"] = _bench_load(data_set, url, options)
    return result


def _bench_pages(data_set: DataSet, url: str, options) -> dict:
    """bench.pages in a child process with the measured settings (its JSON)."""
    log(f"{data_set.database} : pages ({options.page_runs} chargements)")
    command = [sys.executable, "-m", "bench.pages", "--period", PERIOD]
    command += ["--runs", str(options.page_runs)]
    process = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **MEASURED_ENV, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    if process.returncode != 0:
        return {"error": f"bench.pages exited with {process.returncode}: {process.stderr[-800:]}"}
    return json.loads(process.stdout)


def _bench_load(data_set: DataSet, url: str, options) -> dict:
    """bench.load (gunicorn, concurrent users) in a child process with the measured settings."""
    log(f"{data_set.database} : charge ({options.load_users} personnes, {options.load_seconds} s)")
    command = [sys.executable, "-m", "bench.load", "--period", PERIOD]
    command += ["--users", str(options.load_users), "--seconds", str(options.load_seconds)]
    process = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **MEASURED_ENV, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    if process.returncode != 0:
        return {"error": f"bench.load exited with {process.returncode}: {process.stderr[-800:]}"}
    return json.loads(process.stdout)


CSV_QUERY = """
COPY (
    SELECT m.code AS territory, 'IMP-' || r.id AS ref, 'F-' || r.family_id AS family,
           CASE WHEN f.immigrant THEN 'oui' ELSE 'non' END AS immigrant_family,
           r.from_sector_id AS from_sector, r.to_sector_id AS to_sector,
           coalesce(corridor.code, '') AS corridor,
           r.first_contact_on, r.referred_on, r.taken_in_charge_on, r.status, r.closed_on,
           CASE r.consent WHEN true THEN 'oui' WHEN false THEN 'non' END AS consent,
           r.consent_language,
           CASE WHEN r.interpreter THEN 'oui' ELSE 'non' END AS interpreter
    FROM referrals_referral r
    JOIN referrals_family f ON f.id = r.family_id
    CROSS JOIN LATERAL (SELECT (ARRAY['A', 'B', 'C', 'D'])[1 + r.territory_id %% 4] AS code) m
    LEFT JOIN LATERAL (
        SELECT c.code FROM referrals_corridor c
        JOIN territories_territory t ON t.id = c.territory_id
        WHERE r.corridor_id IS NOT NULL AND t.code = m.code
          AND c.from_sector_id = r.from_sector_id AND c.to_sector_id = r.to_sector_id
          AND c.active_from <= r.referred_on
          AND (c.active_to IS NULL OR c.active_to >= r.referred_on)
        ORDER BY c.code LIMIT 1) corridor ON true
    ORDER BY r.id
    LIMIT %s
) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def _bench_import(server: str, source_url: str) -> dict:
    """Import a 1,000,000-row referrals CSV into a database holding A–D (load_demo).

    Twice, from the same state: as shipped, then with the ``data_version`` triggers (indicators
    migration 0002) disabled, to show what they cost in the same run."""
    command = ROOT / "importing" / "management" / "commands" / "import_data.py"
    if not command.exists():
        return {"skipped": "import_data does not exist yet"}
    url = _database(server, IMPORT_DATABASE)
    _manage("migrate", "-v", "0", url=url, env=SETUP_ENV)

    directory = Path(tempfile.gettempdir()) / "arrimage-bench"
    directory.mkdir(exist_ok=True)
    path = directory / f"referrals-{IMPORT_ROWS}.csv"
    log(f"Fichier {path} ({IMPORT_ROWS} lignes, depuis {source_url.rsplit('/', 1)[-1]})")
    with psycopg.connect(source_url) as connection, path.open("wb") as file:
        with connection.cursor().copy(CSV_QUERY, [IMPORT_ROWS]) as copy:
            for chunk in copy:
                file.write(chunk)
    try:
        result = _import_once(url, path, triggers=True)
        result["without_triggers"] = _import_once(url, path, triggers=False)
    finally:
        path.unlink()
    return result


def _import_once(url: str, path: Path, *, triggers: bool) -> dict:
    log(f"{IMPORT_DATABASE} : structure A–D (load_demo)")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("TRUNCATE referrals_referral, referrals_family CASCADE")
    _manage("load_demo", url=url, env=SETUP_ENV, stdout=subprocess.DEVNULL)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
        before = connection.execute("SELECT count(*) FROM referrals_referral").fetchone()[0]
        watched = [
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger "
                "WHERE tgname LIKE 'arrimage_touch%' ORDER BY 1"
            )
        ]
        versions = connection.execute(
            "SELECT coalesce(sum(data_version), 0) FROM territories_territory"
        ).fetchone()[0]
        if not triggers:
            for table in watched:
                connection.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')

    log(
        f"{IMPORT_DATABASE} : import_data referrals ({IMPORT_ROWS} lignes, "
        f"déclencheurs {'actifs' if triggers else 'désactivés'})"
    )
    arguments = [sys.executable, "manage.py", "import_data", "referrals", str(path)]
    env = {**os.environ, **MEASURED_ENV, "DATABASE_URL": url}
    try:
        with tempfile.TemporaryFile() as output:
            started = time.perf_counter()
            process = subprocess.Popen(arguments, cwd=ROOT, env=env, stdout=output, stderr=output)
            # wait4: this child's own peak resident memory (ru_maxrss, in KiB on Linux).
            _pid, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            output.seek(0)
            text = output.read().decode(errors="replace")
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            for table in watched if not triggers else []:
                connection.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            after = connection.execute("SELECT count(*) FROM referrals_referral").fetchone()[0]
            raised = connection.execute(
                "SELECT coalesce(sum(data_version), 0) FROM territories_territory"
            ).fetchone()[0]
    return {
        "rows": IMPORT_ROWS,
        "file_mb": path.stat().st_size / 2**20,
        "seconds": seconds,
        "rate": IMPORT_ROWS / seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit_status": process.returncode,
        "imported": after - before,
        "triggers": triggers,
        "watched_tables": len(watched),
        "versions_raised": int(raised - versions),
        "output": text[-2000:],
    }


def _machine(server: str) -> dict:
    cpu = "?"
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    with psycopg.connect(server + "postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
        shared_buffers = connection.execute("SHOW shared_buffers").fetchone()[0]
        work_mem = connection.execute("SHOW work_mem").fetchone()[0]
    import django

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "postgres": postgres,
        "postgres_settings": f"shared_buffers {shared_buffers}, work_mem {work_mem}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "psycopg": psycopg.__version__,
        "started": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


if __name__ == "__main__":
    main()
