"""``/sante/`` tells load balancers whether our database is there (issue 11): it reads a table
of ours, so an SQLite file that is gone — or empty, as connecting to a missing file makes it —
answers 503. Each case runs in a fresh process on its own SQLite file, the embedded default
(DESIGN.md section 2), since the test database cannot lose its file."""

from pathlib import Path

import pytest

from territories.models import Territory
from tests.child import last_json, run_child

# Run in a child process: the health answer before and after something happens to the file.
CHILD = """
import json, os, sys
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
path = Path(sys.argv[1])
if sys.argv[2] == "migrate":
    call_command("migrate", verbosity=0)
answers = [Client().get("/sante/").status_code]
if sys.argv[3] == "remove":
    path.unlink()
    answers.append(Client().get("/sante/").status_code)
print(json.dumps({"answers": answers, "exists": path.exists()}))
"""


def health_in_a_child(path: Path, *, migrate: bool, remove: bool) -> dict:
    arguments = [str(path), "migrate" if migrate else "-", "remove" if remove else "-"]
    return last_json(run_child(["-c", CHILD, *arguments], f"sqlite:///{path}", timeout=120))


def test_health_is_ok_on_a_migrated_sqlite_file_then_503_once_it_is_gone(tmp_path):
    found = health_in_a_child(tmp_path / "arrimage.sqlite3", migrate=True, remove=True)

    assert found["answers"] == [200, 503]
    assert not found["exists"], "the health check must not create an empty database file"


def test_health_is_503_on_an_empty_sqlite_file(tmp_path):
    path = tmp_path / "arrimage.sqlite3"
    path.touch()

    assert health_in_a_child(path, migrate=False, remove=False)["answers"] == [503]


def test_health_is_503_without_the_sqlite_file_and_does_not_create_it(tmp_path):
    found = health_in_a_child(tmp_path / "missing.sqlite3", migrate=False, remove=False)

    assert found == {"answers": [503], "exists": False}


@pytest.mark.django_db
def test_health_reads_a_table_of_ours(client, django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        response = client.get("/sante/")

    assert response.status_code == 200
    assert Territory._meta.db_table in queries.captured_queries[0]["sql"]
