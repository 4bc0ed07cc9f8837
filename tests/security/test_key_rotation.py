"""The pseudonym key's rotation (issue 16, docs/incidents.md): ``manage.py rotate_pseudonym_key``
chains every stored hash on under a new key; with the old key moved to
``ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS``, the same typed codes find the same families and the same
survey codes still open the survey. Keys that do not match the database's fingerprint are
refused, by the command and by the check of the keys."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from referrals.models import Family
from referrals.pseudonyms import hash_family_code
from surveys.models import OneTimeCode
from territories.checks import WRONG_KEYS, pseudonym_keys_match
from territories.keyed_hash import fingerprint
from territories.models import AuditEntry, KeyFingerprint
from tests.surveys.conftest import open_family_codes

pytestmark = pytest.mark.django_db

OLD, NEW, THIRD = "ancienne-" + "o" * 32, "nouvelle-" + "n" * 32, "troisieme-" + "t" * 32


@pytest.fixture
def keys(settings):
    """The database's hashes and fingerprint made under ``OLD``."""
    settings.ARRIMAGE_PSEUDONYM_KEY = OLD
    settings.ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS = []
    KeyFingerprint.objects.all().delete()
    KeyFingerprint.objects.create(value=fingerprint())
    return settings


@pytest.fixture
def stored(keys, admin, territory_a):
    """A family typed as « ab 12 » and three one-time codes of an open family survey."""
    family = Family.objects.create(territory=territory_a, code_hash=hash_family_code("ab 12"))
    _campaign, plain = open_family_codes(admin, territory_a)
    return family, plain


def rotate(monkeypatch, new_key: str = NEW, *args: str) -> str:
    monkeypatch.setenv("ARRIMAGE_NEW_PSEUDONYM_KEY", new_key)
    out = StringIO()
    call_command("rotate_pseudonym_key", *args, stdout=out)
    return out.getvalue()


def state() -> tuple:
    return (
        sorted(Family.objects.values_list("pk", "code_hash")),
        sorted(OneTimeCode.objects.values_list("digest", flat=True)),
        KeyFingerprint.objects.get().value,
        AuditEntry.objects.count(),
    )


def test_the_migration_recorded_the_configured_keys_fingerprint():
    assert KeyFingerprint.objects.get().value == fingerprint()


def test_after_a_rotation_the_same_codes_find_the_same_families_and_survey_codes(
    stored, keys, monkeypatch, client
):
    family, plain = stored
    pseudonym = family.pseudonym

    said = rotate(monkeypatch)

    assert "1 familles et 3 codes de sondage hachés de nouveau" in said
    family.refresh_from_db()
    assert family.code_hash != hash_family_code("AB 12")  # the old key alone: no longer
    assert pseudonym_keys_match(databases=["default"]) == [WRONG_KEYS]  # not moved yet
    keys.ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS = [OLD]
    keys.ARRIMAGE_PSEUDONYM_KEY = NEW
    assert pseudonym_keys_match(databases=["default"]) == []
    assert family.code_hash == hash_family_code("AB  12")
    assert family.pseudonym != pseudonym
    page = client.get(f"/sondage/{plain[0]}/")
    assert "Vos réponses sont anonymes" in page.content.decode()
    entry = AuditEntry.objects.get(object_id="rotate_pseudonym_key")
    assert entry.changes == {"rotate_pseudonym_key": [None, {"families": 1, "codes": 3}]}
    assert OLD not in str(entry.changes) and NEW not in str(entry.changes)


def test_a_second_rotation_chains_on_the_first(stored, keys, monkeypatch, client):
    family, plain = stored
    rotate(monkeypatch, NEW)
    keys.ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS, keys.ARRIMAGE_PSEUDONYM_KEY = [OLD], NEW
    rotate(monkeypatch, THIRD)
    keys.ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS, keys.ARRIMAGE_PSEUDONYM_KEY = [OLD, NEW], THIRD
    family.refresh_from_db()
    assert family.code_hash == hash_family_code("ab 12")
    assert "Vos réponses sont anonymes" in client.get(f"/sondage/{plain[1]}/").content.decode()
    keys.ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS = [NEW]  # a key forgotten: refused
    with pytest.raises(SystemCheckError, match="territories.E001"):
        call_command("check", databases=["default"])


def test_a_dry_run_counts_and_changes_nothing(stored, monkeypatch):
    before = state()
    said = rotate(monkeypatch, NEW, "--dry-run")
    assert "Essai : 1 familles et 3 codes" in said and "Rien n’a été changé" in said
    assert state() == before


def test_keys_that_are_not_the_databases_are_refused_and_change_nothing(stored, keys, monkeypatch):
    before = state()
    keys.ARRIMAGE_PSEUDONYM_KEY = "une-autre-cle-" + "x" * 32
    with pytest.raises(CommandError, match="ne sont pas celles de la base"):
        rotate(monkeypatch)
    assert state() == before
    assert pseudonym_keys_match(databases=["default"]) == [WRONG_KEYS]


@pytest.mark.parametrize(
    ("new_key", "message"),
    [
        ("", "32 caractères au moins"),
        ("courte", "32 caractères au moins"),
        ("avec,une,virgule-" + "v" * 32, "sans virgule"),
        (OLD, "sert déjà"),
    ],
)
def test_a_bad_new_key_is_refused_and_changes_nothing(stored, monkeypatch, new_key, message):
    before = state()
    with pytest.raises(CommandError, match=message):
        rotate(monkeypatch, new_key)
    assert state() == before
