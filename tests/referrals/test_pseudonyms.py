"""Families: the code a coordinator types is only ever stored as a keyed hash."""

import hashlib
import hmac

import pytest

from referrals.models import Family
from referrals.pseudonyms import hash_family_code, pseudonym_of
from referrals.selectors import find_family
from referrals.services import register_family
from tests import factories

pytestmark = pytest.mark.django_db


def test_hash_is_hmac_sha256_of_the_code_under_the_configured_key(settings):
    settings.ARRIMAGE_PSEUDONYM_KEY = "clé-de-test"
    expected = hmac.new(b"cl\xc3\xa9-de-test", b"DOSSIER-042", hashlib.sha256).hexdigest()
    assert hash_family_code("DOSSIER-042") == expected


def test_another_key_gives_another_hash(settings):
    settings.ARRIMAGE_PSEUDONYM_KEY = "premiere"
    first = hash_family_code("DOSSIER-042")
    settings.ARRIMAGE_PSEUDONYM_KEY = "seconde"
    assert hash_family_code("DOSSIER-042") != first


def test_spacing_and_case_do_not_change_the_family():
    assert hash_family_code("  ab  12 ") == hash_family_code("AB 12")


def test_empty_code_is_refused():
    with pytest.raises(ValueError):
        hash_family_code("   ")


def test_same_code_same_family_and_code_never_stored():
    territory = factories.territory("A")
    first = register_family(territory=territory, code="DOSSIER-042")
    again = register_family(territory=territory, code="dossier-042")
    assert first.pk == again.pk
    assert Family.objects.count() == 1
    stored = Family.objects.values().get()
    assert not any("042" in str(value) and key != "code_hash" for key, value in stored.items())
    assert "DOSSIER" not in stored["code_hash"]


def test_same_code_on_two_territories_is_two_families():
    a, b = factories.territory("A"), factories.territory("B")
    assert register_family(territory=a, code="X-1") != register_family(territory=b, code="X-1")


def test_typing_the_code_finds_the_family():
    territory = factories.territory("A")
    family = register_family(territory=territory, code="DOSSIER-042", immigrant=True)
    assert find_family(territory=territory, code=" dossier-042") == family
    assert find_family(territory=territory, code="DOSSIER-043") is None
    assert find_family(territory=factories.territory("B"), code="DOSSIER-042") is None


def test_registering_again_updates_the_immigrant_flag_only_when_given():
    territory = factories.territory("A")
    register_family(territory=territory, code="X-1", immigrant=True)
    assert register_family(territory=territory, code="X-1").immigrant is True
    assert register_family(territory=territory, code="X-1", immigrant=False).immigrant is False


def test_pseudonym_is_short_stable_and_derived_from_the_hash():
    family = factories.family(factories.territory("A"), code="DOSSIER-042")
    assert family.pseudonym == pseudonym_of(family.code_hash)
    bits = int(family.code_hash[:10], 16)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    expected = "".join(alphabet[(bits >> (5 * (7 - i))) & 31] for i in range(8))
    assert family.pseudonym == f"F-{expected[:4]}-{expected[4:]}"
    assert "DOSSIER" not in family.pseudonym
    other = factories.family(family.territory, code="DOSSIER-043")
    assert other.pseudonym != family.pseudonym
