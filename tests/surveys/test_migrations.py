"""Migration ``surveys`` 0004 gives participation records a random key on a database that
already holds some (issue 13 review): the records stay, with UUID4 keys, and the table's
``data_version`` triggers still fire — SQLite loses them when it copies the table, and
``indicators`` 0005 creates them again. Run in a child process on a database of its own, SQLite
and PostgreSQL, since the test database is already migrated to the end."""

import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.child import last_json, run_child, scratch_postgresql

CHILD = Path(__file__).with_name("migration_child.py")


def migrate_in_a_child(database_url: str) -> dict:
    return last_json(run_child([str(CHILD)], database_url))


def check(found: dict) -> None:
    assert found["users"] == ["pap0", "pap1", "pap9"]
    assert len(found["keys"]) == 3
    assert all(uuid.UUID(key).version == 4 for key in found["keys"])
    assert found["version_raised"]


def test_participation_keys_become_random_on_sqlite(tmp_path):
    check(migrate_in_a_child(f"sqlite:///{tmp_path / 'before.sqlite3'}"))


@pytest.mark.django_db
def test_participation_keys_become_random_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite here; CI runs it on PostgreSQL")
    with scratch_postgresql("migration") as (url, _name):
        check(migrate_in_a_child(url))
