"""File formats: encodings, separators, decimals, booleans, dates, headers, XLSX, empty lines."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from territories.models import Position, Project, SocioHealthProfile, Territory
from tests import factories
from tests.importing.helpers import problems, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def test_utf8_with_commas(tmp_path):
    path = write_csv(tmp_path, ["code,name,milieu,region", "E,Rivière-Éloïse,rural,05"])
    report = run("territories", path)
    assert report.ok, report.error_lines()
    assert Territory.objects.get(code="E").name == "Rivière-Éloïse"


def test_utf8_with_bom_semicolons_and_french_headers(tmp_path):
    path = write_csv(
        tmp_path, ["code;nom;milieu;région", "E;Baie-des-Chaleurs;mixte;11"], encoding="utf-8-sig"
    )
    report = run("territories", path)
    assert report.ok, report.error_lines()
    territory = Territory.objects.get(code="E")
    assert (territory.name, territory.milieu, territory.region_id) == (
        "Baie-des-Chaleurs",
        "mixte",
        "11",
    )


def test_windows_1252_keeps_its_accents(tmp_path):
    path = write_csv(
        tmp_path,
        ["code;nom;milieu;région", "E;Municipalité régionale de comté – Lévis;urbain;12"],
        encoding="cp1252",
    )
    report = run("territories", path)
    assert report.ok, report.error_lines()
    assert Territory.objects.get(code="E").name == "Municipalité régionale de comté – Lévis"


def test_decimal_comma_with_semicolons(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "territoire;année_financière;signalements_par_1000;hors_réseau_pct",
            "A;2023-2024;12,5;31,4",
        ],
    )
    report = run("profiles", path)
    assert report.ok, report.error_lines()
    profile = SocioHealthProfile.objects.get(territory=territory_a, fiscal_year=2023)
    assert profile.reports_per_1000 == Decimal("12.50")
    assert profile.out_of_network_pct == Decimal("31.40")


def test_quoted_decimal_comma_with_commas(tmp_path, territory_a):
    path = write_csv(tmp_path, ["territory,fiscal_year,reports_per_1000", 'A,2023-2024,"12,5"'])
    report = run("profiles", path)
    assert report.ok, report.error_lines()
    assert SocioHealthProfile.objects.get().reports_per_1000 == Decimal("12.50")


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("12.345", Decimal("12.35")),
        ("0,625", Decimal("0.63")),
        ("2.004", Decimal("2.00")),
        ("7", Decimal("7.00")),
        ("999,995", Decimal("1000.00")),
    ],
)
def test_numbers_are_rounded_half_up_to_two_decimals(tmp_path, territory_a, cell, stored):
    path = write_csv(tmp_path, ["territory;fiscal_year;reports_per_1000", f"A;2023-2024;{cell}"])
    report = run("profiles", path)
    assert report.ok, report.error_lines()
    assert SocioHealthProfile.objects.get().reports_per_1000 == stored


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("oui", True),
        ("NON", False),
        ("Yes", True),
        ("no", False),
        ("1", True),
        ("0", False),
        ("TRUE", True),
        ("false", False),
        ("Vrai", True),
        ("faux", False),
    ],
)
def test_booleans_in_french_or_english_any_case(tmp_path, territory_a, cell, stored):
    path = write_csv(
        tmp_path,
        ["code;territory;name;started_on;supported", f"PRJ-1;A;Projet;2024-04-01;{cell}"],
    )
    report = run("projects", path)
    assert report.ok, report.error_lines()
    assert Project.objects.get(code="PRJ-1").supported is stored


def test_a_boolean_that_is_neither_is_refused(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        ["code;territory;name;started_on;supported", "PRJ-1;A;Projet;2024-04-01;peut-être"],
    )
    report = run("projects", path)
    assert problems(report) == [(2, "supported")]
    assert not Project.objects.exists()


@pytest.mark.parametrize("cell", ["2024/05/01", "01-05-2024", "2024-02-30", "2024-5-1", "hier"])
def test_dates_other_than_yyyy_mm_dd_are_refused(tmp_path, territory_a, cell):
    path = write_csv(tmp_path, ["code;territoire;nom;date_début", f"PRJ-1;A;Projet;{cell}"])
    report = run("projects", path)
    assert problems(report) == [(2, "date_début")]
    assert cell in report.problems[0].message


def test_xlsx_with_real_dates_numbers_and_booleans(tmp_path, territory_a):
    excel_date = datetime(2024, 4, 1)  # noqa: DTZ001 - Excel cells carry no time zone
    path = write_xlsx(
        tmp_path,
        [
            ["code", "territoire", "nom", "date_début", "date_fin", "soutenu"],
            ["PRJ-1", "A", "Halte-garderie", excel_date, date(2025, 3, 31), True],
            [None, None, None, None, None, None],
            ["PRJ-2", "A", "Ateliers", "2024-06-01", None, "non"],
        ],
    )
    report = run("projects", path)
    assert report.ok, report.error_lines()
    assert (report.created, report.rows) == (2, 2)
    first, second = Project.objects.order_by("code")
    assert (first.started_on, first.ended_on, first.supported) == (
        date(2024, 4, 1),
        date(2025, 3, 31),
        True,
    )
    assert (second.started_on, second.ended_on, second.supported) == (
        date(2024, 6, 1),
        None,
        False,
    )


def test_xlsx_floats_are_rounded_like_text(tmp_path, territory_a):
    path = write_xlsx(
        tmp_path,
        [
            ["territory", "fiscal_year", "screenings_agir_tot", "reports_per_1000"],
            ["A", "2023-2024", 120.0, 12.345],
        ],
    )
    report = run("profiles", path)
    assert report.ok, report.error_lines()
    profile = SocioHealthProfile.objects.get()
    assert (profile.screenings_agir_tot, profile.reports_per_1000) == (120, Decimal("12.35"))


def test_xlsx_problems_name_the_sheet_row(tmp_path, territory_a):
    path = write_xlsx(
        tmp_path,
        [
            ["code", "territory", "name", "started_on"],
            ["PRJ-1", "A", "Un", "2024-04-01"],
            [],
            ["PRJ-2", "Z", "Deux", "2024-04-01"],
        ],
    )
    report = run("projects", path)
    assert problems(report) == [(4, "territory")]
    assert not Project.objects.exists()


def test_empty_lines_are_skipped_but_still_counted(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "code;territory;name;started_on",
            "PRJ-1;A;Un;2024-04-01",
            "",
            ";;;",
            "PRJ-2;A;Deux;2024-13-01",
        ],
    )
    report = run("projects", path)
    assert problems(report) == [(5, "started_on")]


def test_a_quoted_cell_over_two_lines_counts_both(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "code;territory;name;started_on",
            'PRJ-1;A;"Un nom',
            'sur deux lignes";2024-04-01',
            "PRJ-2;A;Deux;pas une date",
        ],
    )
    report = run("projects", path)
    assert problems(report) == [(4, "started_on")]


def test_headers_ignore_case_accents_and_spaces(tmp_path):
    path = write_csv(tmp_path, [" CODE ;Nom;MILIEU;Region", "E;Territoire E;Rural;5"])
    report = run("territories", path)
    assert report.ok, report.error_lines()
    territory = Territory.objects.get(code="E")
    assert (territory.milieu, territory.region_id) == ("rural", "05")


def test_unknown_and_missing_columns_are_reported_on_line_one(tmp_path):
    path = write_csv(tmp_path, ["code;nom;couleur;région", "E;Territoire E;bleu;05"])
    report = run("territories", path)
    assert sorted(problems(report)) == [(1, "couleur"), (1, "milieu")]
    assert not Territory.objects.exists()


def test_a_column_given_twice_is_refused(tmp_path):
    path = write_csv(tmp_path, ["code;name;nom;milieu;region", "E;Un;Deux;rural;05"])
    report = run("territories", path)
    assert problems(report) == [(1, "nom")]


def test_a_cell_beyond_the_header_is_refused(tmp_path):
    path = write_csv(
        tmp_path, ["code;name;milieu;region", "E;Un;rural;05;surplus", "F;Deux;rural;05;"]
    )
    report = run("territories", path)
    assert problems(report) == [(2, "5")]


def test_lists_are_separated_by_pipes(tmp_path, territory_a):
    organization = factories.organization(territory_a, "MFA", code="A-MFA")
    path = write_csv(
        tmp_path,
        [
            "code;organization;title;opened_on;components;populations",
            "P-1;A-MFA;PAP;2024-04-01;Outreach | collaboration;pregnant|infants_0_2|immigrant",
            "P-2;A-MFA;PAP;2024-04-01;;",
        ],
    )
    report = run("positions", path)
    assert report.ok, report.error_lines()
    first = Position.objects.get(code="P-1")
    assert first.organization == organization
    assert first.components == ["outreach", "collaboration"]
    assert first.populations == ["pregnant", "infants_0_2", "immigrant"]
    second = Position.objects.get(code="P-2")
    assert (second.components, second.populations) == ([], [])


def test_list_values_outside_the_choices_are_refused(tmp_path, territory_a):
    factories.organization(territory_a, "MFA", code="A-MFA")
    path = write_csv(
        tmp_path,
        [
            "code;organization;title;opened_on;components;populations",
            "P-1;A-MFA;PAP;2024-04-01;outreach|cuisine;pregnant",
            "P-2;A-MFA;PAP;2024-04-01;outreach;pregnant|pregnant",
        ],
    )
    report = run("positions", path)
    assert problems(report) == [(2, "components"), (3, "populations")]
    assert "cuisine" in report.problems[0].message


def test_missing_file_and_empty_file_are_file_errors(tmp_path):
    from importing.problems import ImportFileError

    with pytest.raises(ImportFileError):
        run("territories", tmp_path / "absent.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError):
        run("territories", empty)
