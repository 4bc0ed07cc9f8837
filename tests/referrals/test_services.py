"""The referral services: rules by field, scope, versions, audit; the import raises versions."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from importing.services import import_file
from referrals import services
from referrals.models import Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from territories.models import AuditEntry, Sector
from tests.importing.helpers import write_csv

pytestmark = pytest.mark.django_db


def create(actor, territory, code="DOSSIER-1", **fields):
    values = {
        "from_sector": Sector.objects.get(code="MFA"),
        "to_sector": Sector.objects.get(code="MSSS"),
        "first_contact_on": date(2024, 5, 1),
        "referred_on": date(2024, 5, 2),
        **fields,
    }
    return services.create_referral(actor=actor, territory=territory, family_code=code, **values)


def test_create_registers_the_family_by_its_hash_and_audits_without_the_code(
    coordination_a, territory_a
):
    referral = create(coordination_a, territory_a, code=" dossier-1 ")

    assert referral.family.code_hash == hash_family_code("DOSSIER-1")
    assert referral.status == ReferralStatus.PENDING and referral.version == 1
    entries = AuditEntry.objects.filter(actor=coordination_a).order_by("pk")
    assert [e.object_type for e in entries] == ["referrals.family", "referrals.referral"]
    assert "DOSSIER" not in str([e.changes for e in entries]).upper()
    assert entries[1].changes["status"] == [None, "pending"]


def test_a_second_referral_finds_the_same_family(coordination_a, territory_a):
    first = create(coordination_a, territory_a)
    second = create(coordination_a, territory_a, referred_on=date(2024, 6, 1))
    assert first.family_id == second.family_id
    assert Family.objects.count() == 1


def test_create_outside_the_actors_territories_is_refused(coordination_a, territory_b):
    with pytest.raises(PermissionDenied):
        create(coordination_a, territory_b)
    assert Referral.objects.count() == 0


def test_status_without_its_date_is_refused_on_the_date_field(coordination_a, territory_a):
    with pytest.raises(ValidationError) as error:
        create(coordination_a, territory_a, status=ReferralStatus.TAKEN_IN_CHARGE)
    assert list(error.value.message_dict) == ["taken_in_charge_on"]
    assert Referral.objects.count() == 0 and Family.objects.count() == 0


def test_a_duplicate_reference_is_named_on_its_field(coordination_a, territory_a):
    create(coordination_a, territory_a, ref="R-1")
    with pytest.raises(ValidationError) as error:
        create(coordination_a, territory_a, ref="R-1", code="DOSSIER-2")
    assert list(error.value.message_dict) == ["ref"]


def test_update_audits_old_and_new_and_raises_the_version(coordination_a, territory_a):
    referral = create(coordination_a, territory_a)

    services.update_referral(
        actor=coordination_a, referral=referral, version=1, taken_in_charge_on=date(2024, 5, 4)
    )

    referral.refresh_from_db()
    assert (referral.status, referral.version) == (ReferralStatus.TAKEN_IN_CHARGE, 2)
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {
        "status": ["pending", "taken_in_charge"],
        "taken_in_charge_on": [None, "2024-05-04"],
    }


def test_an_update_from_a_stale_version_is_refused(coordination_a, territory_a):
    referral = create(coordination_a, territory_a)
    services.decline(actor=coordination_a, referral=referral, version=1)

    with pytest.raises(services.StaleReferral):
        services.mark_lost(actor=coordination_a, referral=referral, version=1)
    assert Referral.objects.get().status == ReferralStatus.DECLINED


def test_quick_actions(coordination_a, territory_a):
    referral = create(coordination_a, territory_a)
    services.take_in_charge(actor=coordination_a, referral=referral, version=1, on=date(2024, 5, 3))
    services.close(actor=coordination_a, referral=referral, version=2, on=date(2024, 6, 1))

    referral.refresh_from_db()
    assert referral.taken_in_charge_on == date(2024, 5, 3)
    assert referral.closed_on == date(2024, 6, 1)
    with pytest.raises(ValidationError):
        services.decline(actor=coordination_a, referral=referral, version=3)


def test_taking_in_charge_before_the_referral_is_refused(coordination_a, territory_a):
    referral = create(coordination_a, territory_a)
    with pytest.raises(ValidationError) as error:
        services.take_in_charge(
            actor=coordination_a, referral=referral, version=1, on=date(2024, 5, 1)
        )
    assert list(error.value.message_dict) == ["taken_in_charge_on"]
    assert Referral.objects.get().version == 1


def test_taking_in_charge_after_today_is_refused(coordination_a, territory_a):
    from datetime import timedelta

    from django.utils import timezone

    referral = create(coordination_a, territory_a)
    tomorrow = timezone.localdate() + timedelta(1)
    with pytest.raises(ValidationError) as error:
        services.take_in_charge(actor=coordination_a, referral=referral, version=1, on=tomorrow)
    assert list(error.value.message_dict) == ["taken_in_charge_on"]
    assert Referral.objects.get().taken_in_charge_on is None
    services.take_in_charge(
        actor=coordination_a, referral=referral, version=1, on=timezone.localdate()
    )
    assert Referral.objects.get().status == ReferralStatus.TAKEN_IN_CHARGE


def test_another_territorys_coordinator_cannot_change_it(
    coordination_a, coordination_b, territory_a
):
    referral = create(coordination_a, territory_a)
    with pytest.raises(PermissionDenied):
        services.decline(actor=coordination_b, referral=referral, version=1)


HEADER = "territory;ref;family;from_sector;to_sector;first_contact_on;referred_on;status"


def test_the_import_raises_the_version_of_the_rows_it_changes_only(tmp_path, territory_a):
    lines = [
        "A;R-1;DOSSIER-1;MFA;MSSS;2024-05-01;2024-05-02;pending",
        "A;R-2;DOSSIER-2;MFA;MSSS;2024-05-01;2024-05-02;pending",
    ]
    assert import_file("referrals", write_csv(tmp_path, [HEADER, *lines])).ok
    lines[1] = lines[1].replace("pending", "lost")

    report = import_file("referrals", write_csv(tmp_path, [HEADER, *lines], name="b.csv"))

    assert (report.updated, report.unchanged) == (1, 1)
    assert dict(Referral.objects.values_list("ref", "version")) == {"R-1": 1, "R-2": 2}
