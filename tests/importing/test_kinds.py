"""Every kind end to end: import, then read the rows back; references and model rules."""

from datetime import date
from decimal import Decimal

import pytest

from importing.services import import_file
from referrals.models import Corridor, Family, Referral
from referrals.pseudonyms import hash_family_code
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
from tests.importing.helpers import problems, run, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure(territory_a, territory_b):
    """A's MFA and MSSS organizations, a position in each, a corridor MFA → MSSS, a project."""
    mfa = factories.organization(territory_a, "MFA", code="A-MFA")
    msss = factories.organization(territory_a, "MSSS", code="A-MSSS")
    factories.organization(territory_b, "MESS", code="B-MESS")
    return {
        "mfa": mfa,
        "position": factories.position(mfa, code="A-MFA-1"),
        "position_msss": factories.position(msss, code="A-MSSS-1"),
        "corridor": factories.corridor(territory_a, "MFA", "MSSS", code="A-COR-1"),
        "corridor_b": factories.corridor(territory_b, "MFA", "MSSS", code="B-COR-1"),
        "project": factories.project(territory_a, code="A-PRJ-1"),
        "project_b": factories.project(territory_b, code="B-PRJ-1"),
    }


def test_territories(tmp_path):
    path = write_csv(
        tmp_path,
        ["code;nom;milieu;région", "E;Territoire E;rural;05", "F-2;Territoire F;Urbain;13"],
    )
    report = run("territories", path)
    assert (report.ok, report.created) == (True, 2), report.error_lines()
    assert list(Territory.objects.values_list("code", "name", "milieu", "region_id")) == [
        ("E", "Territoire E", "rural", "05"),
        ("F-2", "Territoire F", "urbain", "13"),
    ]


@pytest.mark.parametrize("code", ["QC", "qc", " Qc "])
def test_territories_refuse_the_province_code(tmp_path, code):
    path = write_csv(tmp_path, ["code;name;milieu;region", f"{code};Québec;mixte;03"])
    report = run("territories", path)
    assert problems(report) == [(2, "code")]
    assert not Territory.objects.exists()


def test_territories_refuse_a_bad_milieu_region_or_code(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "code;name;milieu;region",
            "E;Un;banlieue;05",
            "F;Deux;rural;18",
            "G H;Trois;rural;05",
        ],
    )
    report = run("territories", path)
    assert problems(report) == [(2, "milieu"), (3, "region"), (4, "code")]


def test_a_territory_is_found_by_its_code_in_any_case(tmp_path, territory_a):
    path = write_csv(tmp_path, ["code;name;milieu;region", "a;Nouveau nom;rural;04"])
    report = run("territories", path)
    assert (report.ok, report.created, report.updated) == (True, 0, 1)
    territory = Territory.objects.get()
    assert (territory.code, territory.name, territory.milieu) == ("A", "Nouveau nom", "rural")


def test_organizations(tmp_path, territory_a, territory_b):
    path = write_csv(
        tmp_path,
        [
            "code;nom;territoire;secteur",
            "A-MFA;Maison de la famille;A;MFA",
            "B-MESS;Bureau de Services Québec;b;mess",
        ],
    )
    report = run("organizations", path)
    assert report.ok, report.error_lines()
    assert list(Organization.objects.values_list("code", "name", "territory", "sector")) == [
        ("A-MFA", "Maison de la famille", territory_a.pk, "MFA"),
        ("B-MESS", "Bureau de Services Québec", territory_b.pk, "MESS"),
    ]


def test_organizations_refuse_unknown_territory_sector_and_the_province(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "code;name;territory;sector",
            "X-1;Un;Z;MFA",
            "X-2;Deux;A;MTQ",
            "X-3;Trois;QC;MFA",
        ],
    )
    report = run("organizations", path)
    assert problems(report) == [(2, "territory"), (3, "sector"), (4, "territory")]
    assert "Z" in report.problems[0].message
    assert "MTQ" in report.problems[1].message


def test_positions(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            "code;organisation;titre;date_ouverture;date_fermeture;composantes;populations",
            "A-MFA-2;A-MFA;Travailleuse de proximité;2024-09-03;2025-03-31;"
            "outreach|accompaniment;immigrant|low_income",
        ],
    )
    report = run("positions", path)
    assert report.ok, report.error_lines()
    position = Position.objects.get(code="A-MFA-2")
    assert position.organization == structure["mfa"]
    assert (position.title, position.opened_on, position.closed_on) == (
        "Travailleuse de proximité",
        date(2024, 9, 3),
        date(2025, 3, 31),
    )
    assert position.components == ["outreach", "accompaniment"]
    assert position.populations == ["immigrant", "low_income"]


def test_positions_refuse_unknown_organization_mess_and_dates_out_of_order(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            "code;organization;title;opened_on;closed_on",
            "P-1;NOPE;PAP;2024-04-01;",
            "P-2;B-MESS;PAP;2024-04-01;",
            "P-3;A-MFA;PAP;2024-04-01;2024-03-31",
        ],
    )
    report = run("positions", path)
    assert problems(report) == [(2, "organization"), (3, "organization"), (4, "closed_on")]
    assert "MESS" in report.problems[1].message


def test_assignments(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            "poste;personne;date_début;date_fin",
            "A-MFA-1;PAP-A-1;2023-04-01;2024-06-30",
            "A-MFA-1;PAP-A-3;2024-07-02;",
        ],
    )
    report = run("assignments", path)
    assert report.ok, report.error_lines()
    assert list(
        Assignment.objects.order_by("started_on").values_list(
            "position__code", "person", "started_on", "ended_on"
        )
    ) == [
        ("A-MFA-1", "PAP-A-1", date(2023, 4, 1), date(2024, 6, 30)),
        ("A-MFA-1", "PAP-A-3", date(2024, 7, 2), None),
    ]


def test_assignments_refuse_unknown_position_and_end_before_start(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            "position;person;started_on;ended_on",
            "A-MFA-9;PAP-1;2023-04-01;",
            "A-MFA-1;PAP-1;2023-04-01;2023-03-01",
        ],
    )
    report = run("assignments", path)
    assert problems(report) == [(2, "position"), (3, "ended_on")]


def test_journal(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            "poste;date;type;heures",
            "A-MFA-1;2024-05-15;supervision;1,5",
            "A-MFA-1;2024-05-15;codevelopment;2.333",
            "A-MFA-1;2024-05-22;presentation_inter;",
            "A-MSSS-1;2024-05-22;support_request;",
        ],
    )
    report = run("journal", path)
    assert report.ok, report.error_lines()
    assert sorted(JournalEntry.objects.values_list("position__code", "date", "kind", "hours")) == [
        ("A-MFA-1", date(2024, 5, 15), "codevelopment", Decimal("2.33")),
        ("A-MFA-1", date(2024, 5, 15), "supervision", Decimal("1.50")),
        ("A-MFA-1", date(2024, 5, 22), "presentation_inter", None),
        ("A-MSSS-1", date(2024, 5, 22), "support_request", None),
    ]


def test_journal_refuses_negative_hours_unknown_kind_and_position(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            "position;date;kind;hours",
            "A-MFA-1;2024-05-15;supervision;-1",
            "A-MFA-1;2024-05-16;lunch;1",
            "Z-1;2024-05-17;supervision;1",
        ],
    )
    report = run("journal", path)
    assert problems(report) == [(2, "hours"), (3, "kind"), (4, "position")]


def test_projects(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "code;territoire;nom;date_début;date_fin;soutenu",
            "A-PRJ-3;A;Halte-garderie itinérante;2023-09-01;;oui",
        ],
    )
    report = run("projects", path)
    assert report.ok, report.error_lines()
    project = Project.objects.get()
    assert (project.code, project.territory, project.name) == (
        "A-PRJ-3",
        territory_a,
        "Halte-garderie itinérante",
    )
    assert (project.started_on, project.ended_on, project.supported) == (
        date(2023, 9, 1),
        None,
        True,
    )


def test_profiles_with_empty_values_and_the_province(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "territoire;année_financière;dépistages_agir_tôt;signalements_par_1000;"
            "hors_réseau_pct;vulnérables_eqdem_pct;familles_immigrantes_pct",
            "A;2023-2024;52;41,35;27,5;29,1;",
            "QC;2023-2024;;36,2;;28,7;",
        ],
    )
    report = run("profiles", path)
    assert report.ok, report.error_lines()
    territory = SocioHealthProfile.objects.get(territory=territory_a)
    assert (territory.fiscal_year, territory.screenings_agir_tot) == (2023, 52)
    assert territory.reports_per_1000 == Decimal("41.35")
    assert territory.out_of_network_pct == Decimal("27.50")
    assert territory.vulnerable_eqdem_pct == Decimal("29.10")
    assert territory.immigrant_families_pct is None
    province = SocioHealthProfile.objects.get(territory__isnull=True)
    assert province.fiscal_year == 2023
    assert (province.screenings_agir_tot, province.out_of_network_pct) == (None, None)
    assert province.reports_per_1000 == Decimal("36.20")
    # The province's profile is keyed too: importing again changes nothing.
    again = run("profiles", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert SocioHealthProfile.objects.count() == 2


def test_profiles_refuse_bad_years_and_out_of_range_values(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "territory;fiscal_year;out_of_network_pct;screenings_agir_tot",
            "A;2023-2025;10;1",
            "A;2024-11;10;1",
            "A;2023-2024;100,01;1",
            "A;2024-2025;10;2.5",
        ],
    )
    report = run("profiles", path)
    assert problems(report) == [
        (2, "fiscal_year"),
        (3, "fiscal_year"),
        (4, "out_of_network_pct"),
        (5, "screenings_agir_tot"),
    ]


def test_corridors(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "code;territoire;secteur_origine;secteur_destination;porte_d'entrée;délai_cible_jours;"
            "langues_consentement;formulaire_transfert;priorités;actif_du;actif_au",
            "A-COR-9;A;MSSS;MFA;Accueil psychosocial;2;FR|En|ar;oui;"
            "child_protection|immigration;2023-04-01;",
            "A-COR-10;A;MESS;MFA;;;;non;;2024-01-08;2025-03-31",
        ],
    )
    report = run("corridors", path)
    assert report.ok, report.error_lines()
    first = Corridor.objects.get(code="A-COR-9")
    assert (first.territory, first.from_sector_id, first.to_sector_id) == (
        territory_a,
        "MSSS",
        "MFA",
    )
    assert (first.entry_point, first.target_delay_days, first.transfer_template) == (
        "Accueil psychosocial",
        2,
        True,
    )
    assert first.consent_languages == ["fr", "en", "ar"]
    assert first.priorities == ["child_protection", "immigration"]
    assert (first.active_from, first.active_to) == (date(2023, 4, 1), None)
    assert first.is_formal
    second = Corridor.objects.get(code="A-COR-10")
    assert (second.entry_point, second.target_delay_days, second.consent_languages) == (
        "",
        None,
        [],
    )
    assert (second.priorities, second.transfer_template, second.active_to) == (
        [],
        False,
        date(2025, 3, 31),
    )


def test_corridors_refuse_bad_values(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "code;territory;from_sector;to_sector;target_delay_days;consent_languages;"
            "priorities;active_from;active_to",
            "C-1;A;MFA;MFA;2;fr;;2023-04-01;",
            "C-2;A;MFA;MSSS;2.5;fr;;2023-04-01;",
            "C-3;A;MFA;MSSS;2;fra;;2023-04-01;",
            "C-4;A;MFA;MSSS;2;fr;housing;2023-04-01;",
            "C-5;A;MFA;MSSS;2;fr;;2023-04-01;2023-03-31",
            "C-6;A;MFA;MSSS;400;fr;;2023-04-01;",
        ],
    )
    report = run("corridors", path)
    assert problems(report) == [
        (2, "to_sector"),
        (3, "target_delay_days"),
        (4, "consent_languages"),
        (5, "priorities"),
        (6, "active_to"),
        (7, "target_delay_days"),
    ]
    assert "2.5" in report.problems[1].message


REFERRAL_HEADER = (
    "territory;ref;family;immigrant_family;from_sector;to_sector;corridor;first_contact_on;"
    "referred_on;taken_in_charge_on;status;closed_on;consent;consent_language;interpreter"
)


def test_referrals(tmp_path, structure, territory_a):
    path = write_csv(
        tmp_path,
        [
            REFERRAL_HEADER,
            "A;R-1;dossier 12;oui;MFA;MSSS;A-COR-1;2024-05-01;2024-05-02;2024-05-06;"
            "taken_in_charge;2024-09-30;non;ES;oui",
            "A;R-2;DOSSIER  12;;MSSS;MFA;;2024-06-01;2024-06-01;;pending;;;;",
            "A;R-3;D-77;non;MESS;MFA;;2024-06-03;2024-06-05;;lost;;oui;fr;non",
        ],
    )
    report = run("referrals", path)
    assert report.ok, report.error_lines()
    assert report.created == 3
    first, second, third = Referral.objects.order_by("ref")
    family = Family.objects.get(code_hash=hash_family_code("DOSSIER 12"))
    assert (family.territory, family.immigrant) == (territory_a, True)
    assert first.family == second.family == family
    assert third.family.immigrant is False
    assert (first.from_sector_id, first.to_sector_id, first.corridor) == (
        "MFA",
        "MSSS",
        structure["corridor"],
    )
    assert (first.first_contact_on, first.referred_on, first.taken_in_charge_on) == (
        date(2024, 5, 1),
        date(2024, 5, 2),
        date(2024, 5, 6),
    )
    assert (first.status, first.closed_on) == ("taken_in_charge", date(2024, 9, 30))
    # The language consent was asked in is kept whatever the answer.
    assert (first.consent, first.consent_language, first.interpreter) == (False, "es", True)
    assert (second.status, second.corridor, second.taken_in_charge_on) == ("pending", None, None)
    assert (second.consent, second.consent_language, second.interpreter) == (None, "", False)
    assert (third.status, third.from_sector_id, third.consent) == ("lost", "MESS", True)


def test_referral_status_may_be_left_to_the_taken_in_charge_date(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "territory;ref;family;from_sector;to_sector;first_contact_on;referred_on;"
            "taken_in_charge_on",
            "A;R-1;F-1;MFA;MSSS;2024-05-01;2024-05-02;2024-05-03",
            "A;R-2;F-1;MFA;MSSS;2024-05-01;2024-05-02;",
        ],
    )
    report = run("referrals", path)
    assert report.ok, report.error_lines()
    assert dict(Referral.objects.values_list("ref", "status")) == {
        "R-1": "taken_in_charge",
        "R-2": "pending",
    }


def test_referrals_refuse_every_broken_rule(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            REFERRAL_HEADER,
            "A;R-1;F-1;;MFA;MFA;;2024-05-01;2024-05-02;;pending;;;;",
            "A;R-2;F-1;;MFA;MSSS;;2024-05-03;2024-05-02;;pending;;;;",
            "A;R-3;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;2024-05-01;taken_in_charge;;;;",
            "A;R-4;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;;taken_in_charge;;;;",
            "A;R-5;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;2024-05-03;pending;;;;",
            "A;R-6;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;;pending;2024-04-30;;;",
            "A;R-7;F-1;;MFA;MSSS;B-COR-1;2024-05-01;2024-05-02;;pending;;;;",
            "A;R-8;F-1;;MSSS;MFA;A-COR-1;2024-05-01;2024-05-02;;pending;;;;",
            "A;R-9;F-1;;MFA;MSSS;A-COR-404;2024-05-01;2024-05-02;;pending;;;;",
            "A;R-10;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;;waiting;;;;",
            "A;R-11;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;;pending;;;french;",
            "Z;R-12;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;;pending;;;;",
            "A;R-13;;;MFA;MSSS;;2024-05-01;2024-05-02;;pending;;;;",
            "A;R 14;F-1;;MFA;MSSS;;2024-05-01;2024-05-02;;pending;;;;",
        ],
    )
    report = run("referrals", path)
    assert problems(report) == [
        (2, "to_sector"),
        (3, "first_contact_on"),
        (4, "taken_in_charge_on"),
        (5, "status"),
        (6, "status"),
        (7, "closed_on"),
        (8, "corridor"),
        (9, "corridor"),
        (10, "corridor"),
        (11, "status"),
        (12, "consent_language"),
        (13, "territory"),
        (14, "family"),
        (15, "ref"),
    ]
    assert not Referral.objects.exists()
    assert not Family.objects.exists()


def test_referrals_refuse_a_take_in_charge_after_today(tmp_path, territory_a):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    path = write_csv(
        tmp_path,
        [
            "territory;ref;family;from_sector;to_sector;first_contact_on;referred_on;"
            "taken_in_charge_on",
            f"A;R-1;F-1;MFA;MSSS;2024-05-01;2024-05-02;{today.isoformat()}",
            f"A;R-2;F-1;MFA;MSSS;2024-05-01;2024-05-02;{(today + timedelta(1)).isoformat()}",
        ],
    )
    report = run("referrals", path)
    assert problems(report) == [(3, "taken_in_charge_on")]
    assert "pas après aujourd’hui" in " ".join(report.error_lines())
    assert not Referral.objects.exists()


def test_family_codes_are_only_stored_as_their_hash(tmp_path, territory_a, territory_b):
    path = write_csv(
        tmp_path,
        [
            "territory;ref;family;from_sector;to_sector;first_contact_on;referred_on",
            "A;R-1;SECRET-4242;MFA;MSSS;2024-05-01;2024-05-02",
            "B;R-1;secret-4242;MFA;MSSS;2024-05-01;2024-05-02",
        ],
    )
    report = run("referrals", path)
    assert report.ok, report.error_lines()
    # Families are per territory: the same code on A and B is two families.
    families = Family.objects.order_by("territory__code")
    assert [f.territory.code for f in families] == ["A", "B"]
    assert {f.code_hash for f in families} == {hash_family_code("SECRET-4242")}
    stored = [*Family.objects.values(), *Referral.objects.values()]
    assert stored
    for row in stored:
        assert "4242" not in " ".join(str(value) for value in row.values())


@pytest.mark.parametrize("chunk_size", [None, 1, 2])  # the family's rows in one or more batches
def test_the_last_row_of_a_family_sets_its_immigrant_flag(tmp_path, territory_a, chunk_size):
    factories.family(territory_a, code="F-1", immigrant=True)
    path = write_csv(
        tmp_path,
        [
            "territory;ref;family;immigrant_family;from_sector;to_sector;first_contact_on;"
            "referred_on",
            "A;R-1;F-1;oui;MFA;MSSS;2024-05-01;2024-05-02",
            "A;R-2;F-1;non;MFA;MSSS;2024-05-01;2024-05-02",
            "A;R-3;F-1;;MFA;MSSS;2024-05-01;2024-05-02",
            "A;R-4;F-2;;MFA;MSSS;2024-05-01;2024-05-02",
            "A;R-5;F-3;oui;MFA;MSSS;2024-05-01;2024-05-02",
            "A;R-6;F-3;;MFA;MSSS;2024-05-01;2024-05-02",
        ],
    )
    report = import_file("referrals", path, chunk_size=chunk_size)
    assert report.ok, report.error_lines()
    assert Family.objects.count() == 3
    assert Family.objects.get(code_hash=hash_family_code("F-1")).immigrant is False
    assert Family.objects.get(code_hash=hash_family_code("F-2")).immigrant is False
    assert Family.objects.get(code_hash=hash_family_code("F-3")).immigrant is True


def test_satisfaction_adds_paper_responses(tmp_path, structure, territory_a):
    path = write_csv(
        tmp_path,
        [
            "sondage;territoire;projet;date_réponse;satisfaction_globale",
            "pap;A;;2024-06-14;4",
            "famille;A;A-PRJ-1;2024-11-20;5",
            "family;a;A-PRJ-1;2024-11-21;3.0",
        ],
    )
    report = run("satisfaction", path)
    assert (report.ok, report.created) == (True, 3), report.error_lines()
    rows = sorted(
        Response.objects.values_list(
            "kind", "territory", "project__code", "submitted_on", "overall", "channel", "campaign"
        )
    )
    assert rows == [
        ("family", territory_a.pk, "A-PRJ-1", date(2024, 11, 20), 5, "paper", None),
        ("family", territory_a.pk, "A-PRJ-1", date(2024, 11, 21), 3, "paper", None),
        ("pap", territory_a.pk, None, date(2024, 6, 14), 4, "paper", None),
    ]
    # Not keyed: each import adds its answers again.
    assert run("satisfaction", path).created == 3
    assert Response.objects.count() == 6


def test_satisfaction_refuses_bad_scores_surveys_and_projects(tmp_path, structure):
    path = write_csv(
        tmp_path,
        [
            "survey;territory;project;submitted_on;overall",
            "pap;A;;2024-06-14;6",
            "pap;A;;2024-06-14;4.5",
            "parents;A;;2024-06-14;4",
            "family;A;B-PRJ-1;2024-06-14;4",
            "family;A;A-PRJ-404;2024-06-14;4",
            "family;QC;;2024-06-14;4",
        ],
    )
    report = run("satisfaction", path)
    assert problems(report) == [
        (2, "overall"),
        (3, "overall"),
        (4, "survey"),
        (5, "project"),
        (6, "project"),
        (7, "territory"),
    ]
    assert not Response.objects.exists()
