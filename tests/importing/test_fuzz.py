"""Bad files and values for every kind of import (issue 16): empty files, 10 MB of junk, wrong
encodings, huge cells, texts a spreadsheet would run as formulas, cut files. Each gets a clear
French message and the import writes nothing — never a traceback, never a half-import."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from importing.registry import KINDS
from territories.models import AuditEntry, Territory
from tests.importing.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADER = "code;nom;milieu;région"


def import_it(path, kind="territories"):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_data", kind, str(path), stdout=out, stderr=err)
    except CommandError as error:
        return str(error) + err.getvalue() + out.getvalue()
    return err.getvalue() + out.getvalue()


def nothing_written(before: int) -> None:
    assert Territory.objects.count() == before
    assert not AuditEntry.objects.exists()


JUNK = random.Random(16).randbytes(10 * 1024 * 1024)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty", b""),
        ("blank lines", b"\r\n\r\n   \r\n"),
        ("junk", JUNK),
        ("utf-16", f"{HEADER}\r\nE;Un;rural;05\r\n".encode("utf-16")),
        ("cut in a quote", f'{HEADER}\r\nE;"Un;rural;05\r\n'.encode()),
        ("header only", f"{HEADER}\r\n".encode()),
        ("huge cell", f"{HEADER}\r\nE;{'x' * 1_000_000};rural;05\r\n".encode()),
    ],
)
def test_every_kind_refuses_a_bad_file_in_french_and_writes_nothing(tmp_path, name, content):
    path = tmp_path / "fichier.csv"
    path.write_bytes(content)
    for kind in KINDS:
        before = Territory.objects.count()
        said = import_it(path, kind)
        assert said, (name, kind)  # a message
        assert "Traceback" not in said
        assert not any(word in said for word in ("Error:", "Exception")), (name, kind, said)
        nothing_written(before)


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_text_a_spreadsheet_would_run_is_refused(tmp_path, formula):
    path = write_csv(tmp_path, [HEADER, f"E;{formula};rural;05", "F;Lévis;urbain;12"])
    said = import_it(path)
    assert "ne peut pas commencer par =, +, - ou @" in said
    assert "ligne 2" in said
    nothing_written(0)
