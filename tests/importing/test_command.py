"""``manage.py import_data KIND FILE``: summary and exit 0, or every problem and exit 1."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from importing.csv_templates import template_csv
from importing.problems import ImportReport, Problem
from importing.registry import KINDS, get_spec
from importing.services import import_file
from territories.models import Territory
from tests.importing.helpers import write_csv

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "static" / "modeles"


def import_data(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_success_prints_a_summary(tmp_path):
    path = write_csv(tmp_path, ["code;nom;milieu;région", "E;Un;rural;05", "F;Deux;urbain;06"])
    out, _err = import_data("territories", str(path))
    assert out.strip() == ImportReport(kind="territories", rows=2, created=2).summary()
    assert Territory.objects.count() == 2


def test_an_invalid_file_exits_with_status_1_and_lists_each_problem(tmp_path):
    path = write_csv(
        tmp_path, ["code;nom;milieu;région", "E;Un;rural;05", "F;Deux;banlieue;06", "QC;Q;rural;03"]
    )
    with pytest.raises(CommandError) as raised:
        import_data("territories", str(path))
    assert raised.value.returncode == 1
    assert not Territory.objects.exists()


def test_problems_are_written_as_line_column_message(tmp_path):
    path = write_csv(tmp_path, ["code;nom;milieu;région", "E;Un;banlieue;05"])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "territories", str(path), stdout=StringIO(), stderr=err)
    line = err.getvalue().strip()
    expected_start = _("line %(line)d, column %(column)s: %(message)s") % {
        "line": 2,
        "column": "milieu",
        "message": "",
    }
    assert line.startswith(expected_start.strip())
    assert "banlieue" in line


def test_problem_format():
    problem = Problem(50, "statut", "message")
    assert str(problem) == _("line %(line)d, column %(column)s: %(message)s") % {
        "line": 50,
        "column": "statut",
        "message": "message",
    }


def test_an_unknown_kind_exits_with_status_1(tmp_path):
    path = write_csv(tmp_path, ["code"])
    with pytest.raises(CommandError) as raised:
        import_data("families", str(path))
    assert raised.value.returncode == 1
    assert "families" in str(raised.value)


def test_a_missing_file_exits_with_status_1(tmp_path):
    with pytest.raises(CommandError) as raised:
        import_data("territories", str(tmp_path / "absent.csv"))
    assert raised.value.returncode == 1
    assert "absent.csv" in str(raised.value)


@pytest.mark.parametrize("kind", list(KINDS))
def test_committed_templates_match_the_specs(kind):
    committed = (TEMPLATES / f"{kind}.csv").read_bytes()
    assert committed == template_csv(kind).encode("utf-8")
    assert committed.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the accents


def test_every_template_imports_into_the_demo(settings, tmp_path):
    from demo.builder import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(password="x")
    for kind in KINDS:
        report = import_file(kind, TEMPLATES / f"{kind}.csv")
        assert report.ok, (kind, report.error_lines())
        assert report.rows == 2, kind
        # The templates use the French headers; each binds to a column of the kind.
        assert template_csv(kind).splitlines()[0].count(";") + 1 == len(get_spec(kind).all_columns)
