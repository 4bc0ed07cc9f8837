"""Referral and corridor rules, refused by the database's own checks."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from referrals.models import Family, Referral, ReferralStatus
from tests import factories
from tests.database import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory_a():
    return factories.territory("A")


def test_first_contact_after_referral_is_refused(territory_a):
    refused(
        lambda: factories.referral(
            territory_a, first_contact_on=date(2024, 5, 2), referred_on=date(2024, 5, 1)
        )
    )


def test_taken_in_charge_before_referral_is_refused(territory_a):
    refused(
        lambda: factories.referral(
            territory_a,
            referred_on=date(2024, 5, 2),
            first_contact_on=date(2024, 5, 1),
            taken_in_charge_on=date(2024, 5, 1),
        )
    )


def test_taken_in_charge_on_referral_day_is_accepted(territory_a):
    referral = factories.referral(
        territory_a, referred_on=date(2024, 5, 1), taken_in_charge_on=date(2024, 5, 1)
    )
    assert referral.status == ReferralStatus.TAKEN_IN_CHARGE


def test_status_taken_in_charge_without_date_is_refused(territory_a):
    refused(lambda: factories.referral(territory_a, status=ReferralStatus.TAKEN_IN_CHARGE))


@pytest.mark.parametrize("status", ["pending", "declined", "lost", "cancelled"])
def test_date_of_taking_in_charge_with_another_status_is_refused(territory_a, status):
    refused(
        lambda: factories.referral(territory_a, taken_in_charge_on=date(2024, 5, 3), status=status)
    )


def test_unknown_status_is_refused(territory_a):
    refused(lambda: factories.referral(territory_a, status="forgotten"))


def test_referral_to_its_own_sector_is_refused(territory_a):
    refused(lambda: factories.referral(territory_a, from_sector="MFA", to_sector="MFA"))


def test_closed_before_first_contact_is_refused(territory_a):
    refused(
        lambda: factories.referral(
            territory_a,
            first_contact_on=date(2024, 5, 1),
            status="lost",
            closed_on=date(2024, 4, 30),
        )
    )


def test_referral_key_is_unique_per_territory(territory_a):
    territory_b = factories.territory("B")
    factories.referral(territory_a, ref="R-1")
    factories.referral(territory_b, ref="R-1")
    refused(lambda: factories.referral(territory_a, ref="R-1"))


def test_family_unique_per_territory_and_code(territory_a):
    factories.family(territory_a, code="X-1")
    refused(
        lambda: Family.objects.create(
            territory=territory_a, code_hash=Family.objects.get().code_hash
        )
    )


def test_family_hash_must_be_a_hex_digest(territory_a):
    refused(lambda: Family.objects.create(territory=territory_a, code_hash="X-1"))


def test_corridor_between_the_same_sector_is_refused(territory_a):
    refused(lambda: factories.corridor(territory_a, from_sector="MEQ", to_sector="MEQ"))


def test_corridor_ending_before_it_starts_is_refused(territory_a):
    refused(
        lambda: factories.corridor(
            territory_a, active_from=date(2024, 4, 1), active_to=date(2024, 3, 1)
        )
    )


def test_corridor_is_formal_only_with_all_four_elements(territory_a):
    formal = dict(
        entry_point="Guichet jeunesse",
        target_delay_days=2,
        consent_languages=["fr", "en"],
        transfer_template=True,
    )
    assert factories.corridor(territory_a, **formal).is_formal
    for missing in [
        {"entry_point": ""},
        {"target_delay_days": None},
        {"consent_languages": ["fr"]},
        {"transfer_template": False},
    ]:
        assert not factories.corridor(territory_a, **{**formal, **missing}).is_formal


def test_corridor_lists_are_validated(territory_a):
    corridor = factories.corridor(
        territory_a, consent_languages=["fr", "français"], priorities=["weather"]
    )
    with pytest.raises(ValidationError) as error:
        corridor.full_clean()
    assert {"consent_languages", "priorities"} <= set(error.value.message_dict)


def test_referral_indexes_serve_the_indicator_queries():
    names = {index.name for index in Referral._meta.indexes}
    assert {"referral_territory_date", "referral_family_date"} <= names


def test_referral_family_of_another_territory_is_refused_by_validation(territory_a):
    territory_b = factories.territory("B")
    referral = factories.referral(territory_a, family=factories.family(territory_b))
    with pytest.raises(ValidationError) as error:
        referral.full_clean()
    assert "family" in error.value.message_dict


def unsaved_referral(territory, corridor, from_sector="MFA", to_sector="MSSS") -> Referral:
    """A referral as a form builds it, before saving (the database refuses the bad ones:
    tests/referrals/test_route_key.py)."""
    return Referral(
        territory=territory,
        ref="R-UNSAVED",
        family=factories.family(territory),
        from_sector_id=from_sector,
        to_sector_id=to_sector,
        corridor=corridor,
        first_contact_on=date(2024, 5, 1),
        referred_on=date(2024, 5, 1),
    )


def test_referral_along_a_corridor_of_another_territory_is_refused(territory_a):
    corridor = factories.corridor(factories.territory("B"), "MFA", "MSSS")
    referral = unsaved_referral(territory_a, corridor)
    with pytest.raises(ValidationError) as error:
        referral.full_clean()
    assert "corridor" in error.value.message_dict


def test_referral_against_its_corridors_direction_is_refused(territory_a):
    corridor = factories.corridor(territory_a, "MSSS", "MFA")
    referral = unsaved_referral(territory_a, corridor, from_sector="MFA", to_sector="MSSS")
    with pytest.raises(ValidationError) as error:
        referral.full_clean()
    assert "MSSS" in error.value.message_dict["corridor"][0]


def test_referral_along_its_corridor_is_valid(territory_a):
    corridor = factories.corridor(territory_a, "MFA", "MSSS")
    factories.referral(territory_a, corridor=corridor).full_clean()
