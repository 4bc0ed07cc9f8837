"""A family's id, and a referral's, is not a sequence (issue 16): it shows in addresses, so it
is drawn at random (territories.random_ids), by the ORM and by the database. Migrations
``referrals`` 0006 and 0007 give the rows already stored a random id that their referrals,
audit entries and access-log lines follow. They run in a child process on a database of its
own."""

from pathlib import Path

import pytest
from django.db import connection

from importing.services import import_file
from referrals.models import Family
from territories.random_ids import BITS, WITHIN_BITS, random_id
from tests.child import last_json, run_child, scratch_postgresql
from tests.importing.helpers import HEADER, referral_lines, write_csv

CHILD = Path(__file__).with_name("family_ids_child.py")
SEQUENTIAL = {1, 2, 3}


def check(found: dict) -> None:
    ids = set(found["ids"])
    assert len(ids) == 3
    assert not ids & SEQUENTIAL
    assert all(pk >> WITHIN_BITS == found["territory"] for pk in ids)  # random within it
    assert found["referral_family"] == found["second"]
    assert found["audit"] == found["access_log"] == str(found["second"])
    assert found["new"] >> WITHIN_BITS == found["territory"]
    old_referral, new_referral = found["referral"]
    assert new_referral > 1 << 20 and new_referral != old_referral
    assert found["referral_trail"] == [str(new_referral)] * 2


def test_stored_families_get_random_ids_on_sqlite(tmp_path):
    check(last_json(run_child([str(CHILD)], f"sqlite:///{tmp_path / 'before.sqlite3'}")))


@pytest.mark.django_db
def test_stored_families_get_random_ids_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite here; CI runs it on PostgreSQL")
    with scratch_postgresql("family_ids") as (url, _name):
        found = last_json(run_child([str(CHILD)], url))
    check(found)
    assert found["by_sql"] > 3  # the column's default, for families the import writes by SQL
    assert found["by_sql"] != found["new"]


def test_random_ids_stay_in_range_and_differ():
    drawn = {random_id() for _ in range(1000)}
    assert len(drawn) == 1000
    assert all(1 <= pk <= 1 << BITS for pk in drawn)


@pytest.mark.django_db
def test_a_new_family_is_not_numbered_after_the_last(territory_a):
    territory = territory_a
    first = Family.objects.create(territory=territory, code_hash="a" * 64)
    second = Family.objects.create(territory=territory, code_hash="b" * 64)
    assert abs(second.pk - first.pk) > 1000  # 1 chance in 2**30 of failing
    assert first.pk >> WITHIN_BITS == second.pk >> WITHIN_BITS == territory.pk


@pytest.mark.django_db
def test_imported_families_get_random_ids_within_their_territory(
    territory_a, territory_b, tmp_path
):
    """On PostgreSQL the import writes families by SQL, on SQLite through the ORM: both draw."""
    path = write_csv(tmp_path, [HEADER, *referral_lines(40)])
    assert import_file("referrals", path).ok
    families = list(Family.objects.values_list("pk", "territory_id"))
    assert len(families) > 10
    assert all(pk >> WITHIN_BITS == territory for pk, territory in families)
    assert len({pk & ((1 << WITHIN_BITS) - 1) for pk, _territory in families}) == len(families)
