"""An import limited to some territories (a coordinator's): every kind refuses a row of
another territory on the column naming it, and then writes nothing."""

from datetime import date

import pytest

from importing.problems import KindOutOfScope
from importing.services import import_file
from referrals.models import Corridor, Referral
from surveys.models import Response
from territories.models import (
    Assignment,
    JournalEntry,
    Organization,
    Position,
    Project,
    SocioHealthProfile,
    Territory,
)
from tests import factories
from tests.importing.helpers import write_csv

pytestmark = pytest.mark.django_db

OUTSIDE = "territoire hors de votre accès"


@pytest.fixture
def structure(territory_a, territory_b):
    """An organization and a position in A and in B."""
    a_mfa = factories.organization(territory_a, "MFA", code="A-MFA")
    b_mfa = factories.organization(territory_b, "MFA", code="B-MFA")
    return {
        "a_position": factories.position(a_mfa, code="A-MFA-1"),
        "b_position": factories.position(b_mfa, code="B-MFA-1"),
    }


def scoped(kind, path, territory):
    return import_file(kind, path, territory_ids=frozenset({territory.pk}))


def messages(report):
    return [str(problem) for problem in report.problems]


# kind → (header, a row of territory A, a row of territory B, the model, the scope column)
CASES = {
    "organizations": (
        "code;name;territory;sector",
        "A-MSSS;Org A;A;MSSS",
        "B-MSSS;Org B;B;MSSS",
        Organization,
        "territory",
    ),
    "projects": (
        "code;territory;name;started_on",
        "A-PRJ;A;Projet A;2024-04-01",
        "B-PRJ;B;Projet B;2024-04-01",
        Project,
        "territory",
    ),
    "profiles": (
        "territory;fiscal_year;reports_per_1000",
        "A;2024-2025;12,5",
        "B;2024-2025;12,5",
        SocioHealthProfile,
        "territory",
    ),
    "corridors": (
        "code;territory;from_sector;to_sector;active_from",
        "A-COR;A;MFA;MSSS;2024-04-01",
        "B-COR;B;MFA;MSSS;2024-04-01",
        Corridor,
        "territory",
    ),
    "referrals": (
        "territory;ref;family;from_sector;to_sector;first_contact_on;referred_on",
        "A;A-1;F-1;MFA;MSSS;2024-05-01;2024-05-02",
        "B;B-1;F-1;MFA;MSSS;2024-05-01;2024-05-02",
        Referral,
        "territory",
    ),
    "positions": (
        "code;organization;title;opened_on",
        "A-MFA-2;A-MFA;Poste A;2024-04-01",
        "B-MFA-2;B-MFA;Poste B;2024-04-01",
        Position,
        "organization",
    ),
    "assignments": (
        "position;person;started_on",
        "A-MFA-1;PAP-1;2024-04-01",
        "B-MFA-1;PAP-2;2024-04-01",
        Assignment,
        "position",
    ),
    "journal": (
        "position;date;kind;hours",
        "A-MFA-1;2024-05-15;supervision;2",
        "B-MFA-1;2024-05-15;supervision;2",
        JournalEntry,
        "position",
    ),
    "satisfaction": (
        "survey;territory;submitted_on;overall",
        "pap;A;2024-06-14;4",
        "pap;B;2024-06-14;4",
        Response,
        "territory",
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_a_scoped_import_refuses_a_row_of_another_territory(tmp_path, structure, territory_a, kind):
    header, row_a, row_b, model, column = CASES[kind]
    before = model.objects.count()
    path = write_csv(tmp_path, [header, row_a, row_b])
    report = scoped(kind, path, territory_a)
    assert messages(report) == [f"ligne 3, colonne {column} : {OUTSIDE}"]
    assert model.objects.count() == before  # nothing written, not even A's row


@pytest.mark.parametrize("kind", CASES)
def test_a_scoped_import_writes_the_rows_of_its_territories(tmp_path, structure, territory_a, kind):
    header, row_a, _row_b, model, _column = CASES[kind]
    before = model.objects.count()
    path = write_csv(tmp_path, [header, row_a])
    report = scoped(kind, path, territory_a)
    assert (report.ok, report.created) == (True, 1), report.error_lines()
    assert model.objects.count() == before + 1


@pytest.mark.parametrize("kind", CASES)
def test_an_unscoped_import_writes_every_territory(tmp_path, structure, kind):
    header, row_a, row_b, model, _column = CASES[kind]
    before = model.objects.count()
    report = import_file(kind, write_csv(tmp_path, [header, row_a, row_b]))
    assert (report.ok, report.created) == (True, 2), report.error_lines()
    assert model.objects.count() == before + 2


def test_a_reference_profile_is_for_imports_of_every_territory(tmp_path, territory_a):
    path = write_csv(tmp_path, ["territory;fiscal_year;reports_per_1000", "QC;2024-2025;30"])
    report = scoped("profiles", path, territory_a)
    assert messages(report) == [f"ligne 2, colonne territory : {OUTSIDE}"]
    assert not SocioHealthProfile.objects.exists()
    assert import_file("profiles", path).created == 1


def test_territories_are_imported_by_administrators_only(tmp_path, territory_a):
    path = write_csv(tmp_path, ["code;name;milieu;region", "E;Territoire E;rural;05"])
    with pytest.raises(KindOutOfScope):
        scoped("territories", path, territory_a)
    assert not Territory.objects.filter(code="E").exists()


@pytest.mark.parametrize(
    ("kind", "lines", "column"),
    [
        ("organizations", ["code;name;territory;sector", "B-MFA;Pris;A;MFA"], "territory"),
        ("projects", ["code;territory;name;started_on", "B-PRJ;A;Pris;2024-04-01"], "territory"),
        (
            "corridors",
            ["code;territory;from_sector;to_sector;active_from", "B-COR;A;MFA;MSSS;2024-04-01"],
            "territory",
        ),
        (
            "positions",
            ["code;organization;title;opened_on", "B-MFA-1;A-MFA;Pris;2024-04-01"],
            "organization",
        ),
    ],
)
def test_a_code_of_another_territory_cannot_be_moved_into_mine(
    tmp_path, structure, territory_a, territory_b, kind, lines, column
):
    """A row keyed by code would update the stored row of that code: another territory's."""
    factories.project(territory_b, code="B-PRJ")
    factories.corridor(territory_b, "MFA", "MSSS", code="B-COR")
    report = scoped(kind, write_csv(tmp_path, lines), territory_a)
    assert messages(report) == [f"ligne 2, colonne {column} : {OUTSIDE}"]
    assert Organization.objects.get(code="B-MFA").territory == territory_b
    assert Project.objects.get(code="B-PRJ").territory == territory_b
    assert Corridor.objects.get(code="B-COR").territory == territory_b
    assert Position.objects.get(code="B-MFA-1").organization.code == "B-MFA"


def test_the_french_header_names_the_column_refused(tmp_path, territory_a, territory_b):
    path = write_csv(
        tmp_path,
        [
            "territoire;référence;famille;secteur_origine;secteur_destination;"
            "date_premier_contact;date_orientation",
            "B;B-1;F-1;MFA;MSSS;2024-05-01;2024-05-02",
        ],
    )
    report = scoped("referrals", path, territory_a)
    assert messages(report) == [f"ligne 2, colonne territoire : {OUTSIDE}"]


def test_a_dry_run_reports_the_counts_and_writes_nothing(tmp_path, territory_a):
    factories.referral(
        territory_a, ref="A-1", first_contact_on=date(2024, 5, 1), referred_on=date(2024, 5, 2)
    )
    header, row_a, *_rest = CASES["referrals"]
    path = write_csv(tmp_path, [header, row_a, "A;A-2;F-2;MFA;MSSS;2024-05-01;2024-05-02"])
    before = list(Referral.objects.values_list("ref", "family_id", "from_sector_id"))
    report = import_file("referrals", path, dry_run=True)
    assert report.ok, report.error_lines()
    assert (report.created, report.updated + report.unchanged) == (1, 1)
    assert list(Referral.objects.values_list("ref", "family_id", "from_sector_id")) == before
