"""Files that are not CSV in UTF-8 or Windows-1252: one clear message, exit status 1, nothing
written (no traceback, no report blaming the header)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from territories.models import Territory
from tests.importing.helpers import write_csv

pytestmark = pytest.mark.django_db

NOT_TEXT = "The file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8."
LINES = ["code;nom;milieu;région", "E;Rivière-Éloïse;rural;05", "F;Lévis;urbain;12"]


def import_error(path) -> CommandError:
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "territories", str(path), stdout=StringIO(), stderr=StringIO())
    return raised.value


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 64,  # NUL bytes: a binary file
        b"code;nom\r\n" + bytes(range(1, 256)) * 64,  # no NUL, bytes Windows-1252 leaves undefined
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    ],
)
def test_a_binary_file_is_refused_with_one_message(tmp_path, content):
    path = tmp_path / "image.csv"
    path.write_bytes(content)
    error = import_error(path)
    assert error.returncode == 1
    assert str(error) == _(NOT_TEXT)
    assert not Territory.objects.exists()


def test_a_utf8_file_with_one_bad_byte_names_its_line(tmp_path):
    path = write_csv(tmp_path, LINES)
    content = path.read_bytes()
    path.write_bytes(content.replace("Lévis".encode(), b"L\xe9vis"))  # line 3: a lone é byte
    error = import_error(path)
    assert error.returncode == 1
    expected = _(
        "The file is in UTF-8 but line %(line)d holds a byte that is not UTF-8: save it again "
        "as CSV UTF-8."
    ) % {"line": 3}
    assert str(error) == expected
    assert not Territory.objects.exists()


def test_a_utf8_file_with_a_bom_and_one_bad_byte_is_refused_too(tmp_path):
    path = write_csv(tmp_path, ["code;nom;milieu;region", "E;Un;rural;05", "F;D\x80;urbain;06"])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace("D\x80".encode(), b"D\x81"))
    error = import_error(path)
    assert error.returncode == 1
    assert "3" in str(error)
    assert not Territory.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_refused_with_one_message(tmp_path, encoding):
    path = write_csv(tmp_path, LINES, encoding=encoding)
    error = import_error(path)
    assert error.returncode == 1
    assert str(error) in {
        _("The file is in UTF-16, which is not read: save it as CSV UTF-8."),
        _(NOT_TEXT),  # without a byte-order mark: NUL bytes
    }
    assert not Territory.objects.exists()


def test_windows_1252_with_accents_is_still_read(tmp_path):
    path = write_csv(tmp_path, LINES, encoding="cp1252")
    call_command("import_data", "territories", str(path), stdout=StringIO(), stderr=StringIO())
    assert Territory.objects.get(code="F").name == "Lévis"
