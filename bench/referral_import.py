"""The referral import benchmark: ``import_data referrals`` of a 1,000,000-row CSV.

The file is written from the 50-territory set's referrals, moved onto A–D, then imported into a
database holding the demo's A–D structure (``load_demo``): twice from the same state, with the
``data_version`` triggers as shipped, then disabled.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from bench.environment import MEASURED_ENV, ROOT, SETUP_ENV, database_url, log, manage

IMPORT_DATABASE = "arrimage_bench_import"
IMPORT_ROWS = 1_000_000

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


def measure_import(server: str, source_url: str) -> dict:
    """Import a 1,000,000-row referrals CSV into a database holding A–D (load_demo).

    Twice, from the same state: as shipped, then with the ``data_version`` triggers (indicators
    migration 0002) disabled, to show what they cost in the same run."""
    command = ROOT / "importing" / "management" / "commands" / "import_data.py"
    if not command.exists():
        return {"skipped": "import_data does not exist yet"}
    url = database_url(server, IMPORT_DATABASE)
    manage("migrate", "-v", "0", url=url, env=SETUP_ENV)

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
    manage("load_demo", url=url, env=SETUP_ENV, stdout=subprocess.DEVNULL)
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
