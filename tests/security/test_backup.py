"""Backup → wipe → restore (issue 16), on PostgreSQL with the demo: ``make backup`` and
``make restore`` (scripts/backup.sh, scripts/restore.sh) give back the same indicators export
and the same audit trail. On a database of its own (child processes), since pg_dump reads
committed rows; CI runs the suite on PostgreSQL."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.child import last_json, postgres_server, run_child, scratch_postgresql

CHILD = Path(__file__).with_name("backup_child.py")


@pytest.fixture
def scratch(db) -> Iterator[tuple[str, str]]:
    """An empty database beside the test database: (its URL, its name)."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore: PostgreSQL only (CI runs the suite on PostgreSQL)")
    with scratch_postgresql("backup") as made:
        yield made


def child(url: str, step: str) -> str:
    return run_child([str(CHILD), step], url)


def make(url: str, target: str, backup: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", target, f"BACKUP_FILE={backup}"],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )


def test_backup_wipe_restore_gives_the_same_export_and_audit_trail(scratch, tmp_path):
    url, name = scratch
    child(url, "prepare")
    before = last_json(child(url, "state"))
    assert before["export"].count("\n") > 40 and before["trail"]

    backup = tmp_path / "arrimage.dump"
    made = make(url, "backup", backup)
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_size > 10_000

    with postgres_server() as db_server:  # the wipe: the database itself, gone and made anew
        db_server.execute(f'DROP DATABASE "{name}"')
        db_server.execute(f'CREATE DATABASE "{name}"')
    restored = make(url, "restore", backup)
    assert restored.returncode == 0, restored.stderr

    after = last_json(child(url, "state"))
    assert after["export"] == before["export"]
    assert after["trail"] == before["trail"]


def test_restore_refuses_a_missing_file_and_changes_nothing(scratch, tmp_path):
    url, name = scratch
    refused = make(url, "restore", tmp_path / "absent.dump")
    assert refused.returncode != 0
    assert "Indiquez le fichier de sauvegarde" in refused.stderr
    bad = make("sqlite:///tmp/x.sqlite3", "backup", tmp_path / "x.dump")
    assert bad.returncode != 0
    assert "PostgreSQL" in bad.stderr
    assert not list(tmp_path.glob("*.partial"))
