"""The database itself refuses what must never be stored (no full_clean on these paths)."""

from datetime import date
from decimal import Decimal

import pytest

from territories.models import JournalEntry, Region, SocioHealthProfile, Territory
from tests import factories
from tests.database import refused

pytestmark = pytest.mark.django_db


def test_sectors_and_regions_exist_as_data():
    from territories.models import Sector

    assert set(Sector.objects.values_list("code", flat=True)) == {
        "MFA",
        "MSSS",
        "MEQ",
        "MIFI",
        "MESS",
    }
    assert not Sector.objects.get(code="MESS").has_pap
    assert Region.objects.count() == 17


@pytest.mark.parametrize("code", ["QC", "qc", "Qc"])
def test_territory_code_qc_is_refused(code):
    refused(lambda: factories.territory(code))


def test_territory_code_qc_is_refused_by_validation():
    from django.core.exceptions import ValidationError

    candidate = Territory(code="QC", name="Québec", milieu="urbain", region_id="03")
    with pytest.raises(ValidationError) as error:
        candidate.full_clean()
    assert "code" in error.value.message_dict


def test_territory_milieu_outside_choices_is_refused():
    refused(lambda: factories.territory("A", milieu="banlieue"))


def test_territory_code_is_unique():
    factories.territory("A")
    refused(lambda: factories.territory("A"))


def test_region_code_outside_01_17_is_refused():
    refused(lambda: Region.objects.create(code="18", name="Ailleurs"))


def test_position_closed_before_opened_is_refused():
    org = factories.organization(factories.territory("A"))
    refused(
        lambda: factories.position(org, opened_on=date(2024, 4, 1), closed_on=date(2024, 3, 31))
    )


def test_position_closed_on_opening_day_is_accepted():
    org = factories.organization(factories.territory("A"))
    factories.position(org, opened_on=date(2024, 4, 1), closed_on=date(2024, 4, 1))


def test_assignment_ended_before_started_is_refused():
    pos = factories.position(factories.organization(factories.territory("A")))
    refused(
        lambda: factories.assignment(pos, started_on=date(2024, 1, 10), ended_on=date(2024, 1, 9))
    )


def test_assignment_key_is_unique():
    pos = factories.position(factories.organization(factories.territory("A")))
    factories.assignment(pos, person="PAP-1", started_on=date(2024, 1, 1))
    refused(lambda: factories.assignment(pos, person="PAP-1", started_on=date(2024, 1, 1)))


def test_journal_negative_hours_are_refused():
    pos = factories.position(factories.organization(factories.territory("A")))
    refused(lambda: factories.journal_entry(pos, hours=Decimal("-0.5")))


def test_journal_zero_hours_are_accepted():
    pos = factories.position(factories.organization(factories.territory("A")))
    factories.journal_entry(pos, hours=Decimal("0"))
    assert JournalEntry.objects.get().hours == 0


def test_journal_one_entry_per_position_date_and_kind():
    pos = factories.position(factories.organization(factories.territory("A")))
    factories.journal_entry(pos, kind="supervision", date=date(2024, 5, 1), hours=2)
    factories.journal_entry(pos, kind="codevelopment", date=date(2024, 5, 1), hours=2)
    refused(lambda: factories.journal_entry(pos, kind="supervision", date=date(2024, 5, 1)))


def test_journal_kind_outside_choices_is_refused():
    pos = factories.position(factories.organization(factories.territory("A")))
    refused(lambda: factories.journal_entry(pos, kind="coffee"))


def test_project_ended_before_started_is_refused():
    terr = factories.territory("A")
    refused(lambda: factories.project(terr, started_on=date(2024, 4, 1), ended_on=date(2023, 4, 1)))


def test_profile_one_per_territory_and_fiscal_year():
    terr = factories.territory("A")
    factories.profile(terr, 2023)
    factories.profile(terr, 2024)
    refused(lambda: factories.profile(terr, 2023))


def test_province_profile_one_per_fiscal_year():
    factories.profile(None, 2023)
    refused(lambda: factories.profile(None, 2023))


@pytest.mark.parametrize(
    "values",
    [
        {"out_of_network_pct": Decimal("100.01")},
        {"vulnerable_eqdem_pct": Decimal("-1")},
        {"immigrant_families_pct": Decimal("101")},
        {"reports_per_1000": Decimal("-0.01")},
    ],
)
def test_profile_values_out_of_range_are_refused(values):
    terr = factories.territory("A")
    refused(lambda: factories.profile(terr, 2023, **values))


def test_profile_values_may_all_be_empty():
    profile = factories.profile(factories.territory("A"), 2023)
    assert all(getattr(profile, name) is None for name in SocioHealthProfile.VALUE_FIELDS)


def test_user_role_outside_choices_is_refused():
    refused(lambda: factories.user("x", role="ministre"))


def test_territory_codes_differing_only_by_case_are_refused():
    factories.territory("A1")
    refused(lambda: factories.territory("a1"))


@pytest.mark.parametrize("code", ["1", "0a", "00"])
def test_region_code_must_be_two_digits_01_to_17(code):
    refused(lambda: Region.objects.create(code=code, name="Ailleurs"))


def test_profile_fiscal_year_must_be_plausible():
    refused(lambda: factories.profile(factories.territory("A"), 1999))


def test_reference_framework_requires_every_component_by_default():
    from territories.models import ReferenceFramework

    ReferenceFramework.objects.all().delete()
    framework = ReferenceFramework.objects.create()
    assert framework.required_components == ["outreach", "accompaniment", "collaboration"]
    assert framework.is_met_by(["collaboration", "outreach", "accompaniment"])
    assert not framework.is_met_by(["outreach", "collaboration"])
