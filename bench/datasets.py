"""The data sets ``make bench`` generates, and when it generates them again.

A data set is generated again only when its arguments or the generator's code changed (the
table ``bench_generation`` of each database records a fingerprint of both), or with
``--regenerate``. Generation runs with DEBUG on in its own process, then ``VACUUM (ANALYZE)``.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass

import psycopg

from bench.environment import ROOT, SETUP_ENV, log, manage

GENERATOR_FILES = sorted(
    [*(ROOT / "demo").glob("*.py")]
    + [ROOT / "demo" / "management" / "commands" / "generate_demo.py"]
)


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


def generate(data_set: DataSet, url: str, options) -> dict:
    fingerprint = _fingerprint(data_set)
    manage("migrate", "-v", "0", url=url, env=SETUP_ENV)
    recorded = None if options.regenerate else _recorded_generation(url, fingerprint)
    if recorded is not None:
        log(f"{data_set.database} : données réutilisées ({recorded['arguments']})")
        return {**recorded, "reused": True}
    log(f"{data_set.database} : generate_demo {' '.join(data_set.arguments)}")
    started = time.perf_counter()
    manage("generate_demo", *data_set.arguments, url=url, env=SETUP_ENV, stdout=sys.stderr)
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
