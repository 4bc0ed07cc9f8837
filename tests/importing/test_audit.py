"""An import is one audit entry (who, when, kind, file name and SHA-256, rows created, updated
and unchanged), written in the import's transaction: a failed import leaves none."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from territories.models import AuditAction, AuditEntry, Territory
from tests.conftest import make_user
from tests.importing.helpers import HEADER, referral_lines, write_csv

pytestmark = pytest.mark.django_db

LINES = ["code;nom;milieu;région", "E;Un;rural;05", "F;Deux;urbain;06"]


def import_data(*args: str) -> None:
    call_command("import_data", *args, stdout=StringIO(), stderr=StringIO())


def test_an_import_is_one_entry_naming_the_user_the_file_and_the_counts(tmp_path):
    user = make_user("coord", "coordination")
    path = write_csv(tmp_path, LINES, name="territoires.csv")
    import_data("territories", str(path), "--user", "coord")
    entry = AuditEntry.objects.get()
    assert entry.actor == user
    assert entry.action == AuditAction.IMPORT
    assert entry.at is not None
    assert entry.object_type == "territories.territory"
    assert entry.object_repr == "territoires.csv"
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry.object_id == sha256
    assert entry.changes == {
        "kind": "territories",
        "file": "territoires.csv",
        "sha256": sha256,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }


def test_without_user_the_entry_names_nobody_and_a_second_import_counts_unchanged(tmp_path):
    path = write_csv(tmp_path, LINES)
    import_data("territories", str(path))
    import_data("territories", str(path))
    first, second = AuditEntry.objects.order_by("pk")
    assert first.actor is None and second.actor is None
    assert (second.changes["created"], second.changes["unchanged"]) == (0, 2)


def test_a_staged_referrals_import_is_one_entry(tmp_path, territory_a, territory_b):
    path = write_csv(tmp_path, [HEADER, *referral_lines(30)])
    import_data("referrals", str(path))
    entry = AuditEntry.objects.get()
    assert entry.object_type == "referrals.referral"
    assert (entry.changes["kind"], entry.changes["created"]) == ("referrals", 30)


def test_a_failed_import_writes_no_entry(tmp_path):
    make_user("coord", "coordination")
    path = write_csv(tmp_path, [*LINES, "G;Trois;banlieue;07"])
    with pytest.raises(CommandError):
        import_data("territories", str(path), "--user", "coord")
    assert not AuditEntry.objects.exists()
    assert not Territory.objects.exists()


def test_an_unknown_user_stops_before_anything_is_written(tmp_path):
    path = write_csv(tmp_path, LINES)
    with pytest.raises(CommandError) as raised:
        import_data("territories", str(path), "--user", "nobody")
    assert raised.value.returncode == 1
    assert not Territory.objects.exists()
    assert not AuditEntry.objects.exists()
