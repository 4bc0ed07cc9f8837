"""Where the benchmarks run: the project, the settings, the PostgreSQL server, the machine.

Everything measured runs with DEBUG off (:data:`MEASURED_ENV`); generation and set-up with DEBUG
on (:data:`SETUP_ENV`: ``load_demo`` and ``generate_demo`` refuse otherwise). The databases live
on the local PostgreSQL (``scripts/ensure-postgres.sh``), each created when missing.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2024-2025"  # the demo's last fiscal year
AS_OF = "2025-04-01"  # the day after it: nothing is cut
MEASURED_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench",
    "ARRIMAGE_PSEUDONYM_KEY": "bench",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "ARRIMAGE_STATIC_MANIFEST": "0",  # pages only: no collectstatic before measuring
}
# Generation and set-up: DEBUG on (load_demo and generate_demo refuse otherwise), same key.
SETUP_ENV = {**MEASURED_ENV, "DJANGO_DEBUG": "1"}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def postgres_url() -> str:
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


def database_url(server: str, name: str) -> str:
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


def manage(*arguments: str, url: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, **env, "DATABASE_URL": url},
        check=True,
        **kwargs,
    )


def describe_machine(server: str) -> dict:
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
