"""The database refuses a referral whose corridor is of another territory or goes the other way
(``referrals.route_key``), whatever writes it; the import still says so first, by line."""

from datetime import date

import pytest
from django.db import connection

from importing.services import import_file
from referrals import route_key
from referrals.models import Referral
from tests import factories
from tests.database import refused
from tests.importing.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADER = "territory;ref;family;from_sector;to_sector;corridor;first_contact_on;referred_on"


def test_a_corridor_of_another_territory_is_refused(territory_a, territory_b):
    corridor_b = factories.corridor(territory_b, "MFA", "MSSS")
    refused(lambda: factories.referral(territory_a, corridor=corridor_b))


def test_a_corridor_going_the_other_way_is_refused(territory_a):
    backwards = factories.corridor(territory_a, "MSSS", "MFA")
    refused(lambda: factories.referral(territory_a, corridor=backwards))


def test_an_update_to_another_territorys_corridor_is_refused(territory_a, territory_b):
    referral = factories.referral(territory_a, corridor=factories.corridor(territory_a))
    corridor_b = factories.corridor(territory_b)
    refused(lambda: Referral.objects.filter(pk=referral.pk).update(corridor=corridor_b))


def test_turning_a_corridor_under_its_referrals_is_refused(territory_a):
    corridor = factories.corridor(territory_a, "MFA", "MSSS")
    factories.referral(territory_a, corridor=corridor)
    refused(lambda: type(corridor).objects.filter(pk=corridor.pk).update(to_sector="MEQ"))


def test_a_corridor_of_the_territory_and_way_and_no_corridor_are_accepted(territory_a):
    corridor = factories.corridor(territory_a, "MFA", "MSSS")
    factories.referral(territory_a, corridor=corridor)
    factories.referral(territory_a, corridor=None)

    assert Referral.objects.filter(territory=territory_a).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a foreign key on PostgreSQL")
def test_postgresql_has_the_composite_foreign_key():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            [route_key.NAME],
        )
        (definition,) = cursor.fetchone()

    assert definition == (
        "FOREIGN KEY (corridor_id, territory_id, from_sector_id, to_sector_id) REFERENCES "
        "referrals_corridor(id, territory_id, from_sector_id, to_sector_id)"
    )


def test_the_import_names_the_line_of_a_corridor_of_another_territory(
    tmp_path, territory_a, territory_b
):
    factories.corridor(territory_b, "MFA", "MSSS", code="B-COR")
    path = write_csv(tmp_path, [HEADER, "A;R-1;DOSSIER-1;MFA;MSSS;B-COR;2024-05-01;2024-05-02"])

    report = import_file("referrals", path)

    assert report.error_lines() == [
        "ligne 2, colonne corridor : Ce corridor appartient à un autre territoire."
    ]
    assert Referral.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="rows are staged on PostgreSQL")
def test_a_large_import_adds_the_route_key_back_and_it_still_refuses(
    tmp_path, territory_a, territory_b, settings
):
    settings.IMPORTING_SET_BASED_FK_ROWS = 2  # drop and add back the foreign keys
    factories.corridor(territory_a, "MFA", "MSSS", code="A-COR")
    corridor_b = factories.corridor(territory_b, "MFA", "MSSS", code="B-COR")
    lines = [f"A;R-{n};DOSSIER-{n};MFA;MSSS;A-COR;2024-05-01;2024-05-02" for n in range(3)]
    report = import_file("referrals", write_csv(tmp_path, [HEADER, *lines]))
    assert (report.ok, report.created) == (True, 3), report.error_lines()

    referral = Referral.objects.get(ref="R-0")
    refused(lambda: Referral.objects.filter(pk=referral.pk).update(corridor=corridor_b))
    referral.refresh_from_db()
    assert referral.corridor.code == "A-COR"
    assert referral.first_contact_on == date(2024, 5, 1)


def test_a_corridors_route_cannot_change_under_its_referrals_by_validation(territory_a):
    from django.core.exceptions import ValidationError

    from territories.models import Sector

    corridor = factories.corridor(territory_a, "MFA", "MSSS")
    factories.referral(territory_a, corridor=corridor)
    corridor.to_sector = Sector.objects.get(code="MEQ")

    with pytest.raises(ValidationError) as error:
        corridor.full_clean()
    assert "Des orientations suivent ce corridor" in str(error.value)
