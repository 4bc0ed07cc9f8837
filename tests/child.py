"""The environment of a child Django process on a database of its own (tests that cannot use
the test database: a migration from an earlier schema, a missing SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection


def child_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        "ARRIMAGE_PSEUDONYM_KEY": "test-only-pseudonym-key",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "ARRIMAGE_STATIC_MANIFEST": "0",
        "PYTHONPATH": str(settings.BASE_DIR),
    }


def run_child(
    program: list[str], database_url: str, *, env: dict[str, str] | None = None, timeout=300
) -> str:
    """Run ``program`` (arguments after the Python interpreter) in a child Django process on
    ``database_url``; assert it succeeded and return its standard output."""
    done = subprocess.run(
        [sys.executable, *program],
        cwd=settings.BASE_DIR,
        env={**child_env(database_url), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def last_json(output: str) -> dict:
    """The JSON object a child printed on its last line."""
    return json.loads(output.strip().splitlines()[-1])


def server_login() -> dict:
    """How the test database's server is reached (host, port, user, password)."""
    params = connection.get_connection_params()
    return {key: params[key] for key in ("host", "port", "user", "password") if key in params}


def postgres_server():
    """A connection to the test database's server, outside any database of the test's."""
    return psycopg.connect(dbname="postgres", autocommit=True, **server_login())


@contextmanager
def scratch_postgresql(suffix: str) -> Iterator[tuple[str, str]]:
    """An empty PostgreSQL database beside the test database, dropped after: (URL, name)."""
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    with postgres_server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    login = server_login()
    user, password = login.get("user", ""), login.get("password", "")
    host, port = login.get("host", "localhost"), login.get("port", 5432)
    try:
        yield f"postgres://{user}:{password}@{host}:{port}/{name}", name
    finally:
        with postgres_server() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
