"""The environment of a child Django process on a database of its own (tests that cannot use
the test database: a migration from an earlier schema, a missing SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings


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
