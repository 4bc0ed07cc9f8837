"""Changes to access and to referrals made in the admin are kept in the audit trail."""

from datetime import date

import pytest

from territories.models import AuditEntry, Role, User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    root = factories.user("root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(root)
    client.root = root
    return client


def user_form(user, **changes):
    data = {
        "username": user.username,
        "password": user.password,
        "role": user.role,
        "territories": [t.pk for t in user.territories.all()],
        "sector": "",
        "is_active": "on",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2024-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    data.update(changes)
    return data


def test_changing_a_users_role_and_territories_is_recorded(superuser_client):
    a, b = factories.territory("A"), factories.territory("B")
    pap = factories.user("pap", role=Role.PAP, territories=[a])
    response = superuser_client.post(
        f"/admin/territories/user/{pap.pk}/change/",
        user_form(pap, role=Role.COORDINATION, territories=[a.pk, b.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(object_type="territories.user", object_id=str(pap.pk))
    assert entry.actor == superuser_client.root
    assert entry.action == "update"
    assert entry.changes == {
        "role": ["pap", "coordination"],
        "territories": [["A"], ["A", "B"]],
    }
    assert User.objects.get(pk=pap.pk).role == Role.COORDINATION


def test_saving_a_user_without_change_records_nothing(superuser_client):
    a = factories.territory("A")
    pap = factories.user("pap", role=Role.PAP, territories=[a])
    superuser_client.post(f"/admin/territories/user/{pap.pk}/change/", user_form(pap))
    assert not AuditEntry.objects.filter(object_type="territories.user").exists()


def referral_form(referral, **changes):
    """The admin change form of ``referral`` as it stands, with ``changes``."""
    data = {
        "territory": referral.territory_id,
        "ref": referral.ref,
        "family": referral.family_id,
        "from_sector": referral.from_sector_id,
        "to_sector": referral.to_sector_id,
        "first_contact_on": referral.first_contact_on.isoformat(),
        "referred_on": referral.referred_on.isoformat(),
        "taken_in_charge_on": "",
        "status": referral.status,
        "consent": "unknown",
        "consent_language": "",
    }
    data.update(changes)
    return data


def test_changing_a_referral_status_is_recorded_with_old_and_new(superuser_client):
    territory = factories.territory("A")
    referral = factories.referral(territory, referred_on=date(2024, 5, 1))
    response = superuser_client.post(
        f"/admin/referrals/referral/{referral.pk}/change/",
        referral_form(referral, taken_in_charge_on="2024-05-03", status="taken_in_charge"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(object_type="referrals.referral")
    assert entry.territory == territory
    assert entry.changes == {
        "status": ["pending", "taken_in_charge"],
        "taken_in_charge_on": [None, "2024-05-03"],
    }


def test_admin_refuses_an_inconsistent_referral_and_records_nothing(superuser_client):
    territory = factories.territory("A")
    referral = factories.referral(territory, referred_on=date(2024, 5, 1))
    response = superuser_client.post(
        f"/admin/referrals/referral/{referral.pk}/change/",
        referral_form(referral, status="taken_in_charge"),
    )
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors
    assert not AuditEntry.objects.exists()
