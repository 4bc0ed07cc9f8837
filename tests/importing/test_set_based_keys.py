"""A large staged import drops its table's foreign keys and adds them back, checked set-based."""

import pytest
from django.db import connection

from importing import staging
from importing.services import import_file
from referrals.imports.referrals import ReferralSpec
from referrals.models import Family, Referral
from tests.importing.helpers import HEADER, referral_lines, write_csv

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="rows are staged on PostgreSQL"),
]


def foreign_keys() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated"
            " FROM pg_constraint WHERE contype = 'f'"
            " AND conrelid IN ('referrals_referral'::regclass, 'referrals_family'::regclass)"
            " ORDER BY 1, 2"
        )
        return cursor.fetchall()


@pytest.fixture
def dropped(monkeypatch, settings):
    """The tables whose foreign keys an import dropped; large imports from 4 rows."""
    settings.IMPORTING_SET_BASED_FK_ROWS = 4
    tables = []
    drop = staging.drop_foreign_keys

    def spying_drop(table):
        tables.append(table)
        return drop(table)

    monkeypatch.setattr(staging, "drop_foreign_keys", spying_drop)
    return tables


def test_a_large_import_adds_back_the_same_foreign_keys(
    tmp_path, territory_a, territory_b, dropped
):
    before = foreign_keys()
    assert len(before) == 7  # referrals: 6, and the corridor route key (referrals.route_key)
    path = write_csv(tmp_path, [HEADER, *referral_lines(10)])
    first = import_file("referrals", path, chunk_size=4)
    assert (first.ok, first.created, first.updated) == (True, 10, 0), first.error_lines()
    assert dropped == ["referrals_referral", "referrals_family"]
    assert foreign_keys() == before
    stored = sorted(Referral.objects.values_list("pk", "ref", "family_id", "status"))
    second = import_file("referrals", path, chunk_size=4)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 10)
    assert sorted(Referral.objects.values_list("pk", "ref", "family_id", "status")) == stored
    assert foreign_keys() == before


def test_a_small_import_keeps_its_foreign_keys(tmp_path, territory_a, territory_b, dropped):
    path = write_csv(tmp_path, [HEADER, *referral_lines(3)])
    report = import_file("referrals", path, chunk_size=4)
    assert (report.ok, report.created) == (True, 3), report.error_lines()
    assert dropped == []


def test_a_key_broken_while_dropped_refuses_the_whole_import(
    tmp_path, territory_a, territory_b, dropped, monkeypatch
):
    before = foreign_keys()
    merge = ReferralSpec.merge

    def breaking_merge(self, stage, update_fields):
        merge(self, stage, update_fields)
        stage.execute("UPDATE referrals_referral SET family_id = -1 WHERE ref = 'R-1'")

    monkeypatch.setattr(ReferralSpec, "merge", breaking_merge)
    path = write_csv(tmp_path, [HEADER, *referral_lines(10)])
    report = import_file("referrals", path, chunk_size=4)
    assert not report.ok
    assert [problem.column for problem in report.problems] == ["-"]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert not Referral.objects.exists()
    assert not Family.objects.exists()
    assert foreign_keys() == before
