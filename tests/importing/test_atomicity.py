"""Whole file or nothing; every problem reported; importing twice changes nothing."""

import pytest
from django.db import connection

from importing.problems import MAX_PROBLEMS
from importing.services import import_file
from referrals.imports.referrals import ReferralSpec
from referrals.models import Family, Referral
from territories.models import Project, SocioHealthProfile, Territory
from tests import factories
from tests.importing.helpers import HEADER, problems, referral_lines, run, write_csv

pytestmark = pytest.mark.django_db


def stored_referrals() -> list[tuple]:
    return sorted(
        Referral.objects.values_list(
            "territory__code",
            "ref",
            "family__code_hash",
            "family__immigrant",
            "from_sector",
            "to_sector",
            "first_contact_on",
            "referred_on",
            "taken_in_charge_on",
            "status",
            "consent",
            "consent_language",
            "interpreter",
        )
    )


def test_a_bad_row_on_line_50_writes_nothing(tmp_path, territory_a, territory_b):
    lines = [HEADER, *referral_lines(59)]
    lines[49] = lines[49].replace("MSSS", "MAFIA")  # line 50 of the file
    path = write_csv(tmp_path, lines)
    # Small chunks: rows before line 50 have been written, and must be rolled back.
    report = import_file("referrals", path, chunk_size=10)
    assert problems(report) == [(50, "to_sector")]
    assert "MAFIA" in report.problems[0].message
    assert not Referral.objects.exists()
    assert not Family.objects.exists()
    assert (report.created, report.updated) == (0, 0)


def test_every_problem_is_reported_up_to_a_cap(tmp_path, territory_a, territory_b):
    lines = [HEADER, *referral_lines(MAX_PROBLEMS + 30)]
    lines = [lines[0]] + [line.replace("MSSS", "MFA") for line in lines[1:]]
    path = write_csv(tmp_path, lines)
    report = import_file("referrals", path, chunk_size=50)
    assert len(report.problems) == MAX_PROBLEMS
    assert report.more_problems == 30
    assert [problem.line for problem in report.problems] == list(range(2, MAX_PROBLEMS + 2))
    assert "30" in report.error_lines()[-1]
    assert not Referral.objects.exists()


def test_importing_the_same_file_twice_changes_nothing(tmp_path, territory_a, territory_b):
    path = write_csv(tmp_path, [HEADER, *referral_lines(40)])
    first = import_file("referrals", path, chunk_size=7)
    assert (first.ok, first.created, first.updated) == (True, 40, 0), first.error_lines()
    before = stored_referrals()
    families = sorted(Family.objects.values_list("pk", "territory", "code_hash", "immigrant"))
    ids = sorted(Referral.objects.values_list("pk", flat=True))
    second = import_file("referrals", path, chunk_size=7)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 40)
    assert stored_referrals() == before
    assert sorted(Family.objects.values_list("pk", "territory", "code_hash", "immigrant")) == (
        families
    )
    assert sorted(Referral.objects.values_list("pk", flat=True)) == ids


def test_a_changed_row_is_updated_in_place(tmp_path, territory_a, territory_b):
    lines = [HEADER, *referral_lines(6)]
    import_file("referrals", write_csv(tmp_path, lines))
    referral = Referral.objects.get(ref="R-1")
    lines[1] = lines[1].replace(";non;MFA;MSSS;", ";oui;MFA;MSSS;").replace(";oui;fr;", ";non;es;")
    report = import_file("referrals", write_csv(tmp_path, lines, name="second.csv"))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 5)
    updated = Referral.objects.get(pk=referral.pk)
    assert (updated.consent, updated.consent_language) == (False, "es")
    assert updated.family.immigrant is True
    assert Referral.objects.count() == 6


def test_reimporting_small_kinds_changes_nothing(tmp_path):
    path = write_csv(tmp_path, ["code;nom;milieu;région", "E;Un;rural;05", "F;Deux;urbain;06"])
    assert run("territories", path).created == 2
    report = run("territories", path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert Territory.objects.count() == 2


def test_a_key_given_twice_in_a_file_is_an_error_on_the_second_line(tmp_path, territory_a):
    path = write_csv(
        tmp_path,
        [
            "code;territory;name;started_on",
            "PRJ-1;A;Un;2024-04-01",
            "PRJ-2;A;Deux;2024-04-01",
            "PRJ-1;A;Encore;2024-04-01",
        ],
    )
    report = run("projects", path)
    assert problems(report) == [(4, "code")]
    assert "2" in report.problems[0].message  # names the first line
    assert not Project.objects.exists()


def test_a_referral_key_is_its_territory_and_reference(tmp_path, territory_a, territory_b):
    lines = [
        "territory;ref;family;from_sector;to_sector;first_contact_on;referred_on",
        "A;R-1;F-1;MFA;MSSS;2024-05-01;2024-05-02",
        "B;R-1;F-1;MFA;MSSS;2024-05-01;2024-05-02",
        "a;R-1;F-2;MFA;MSSS;2024-05-01;2024-05-02",
    ]
    report = run("referrals", write_csv(tmp_path, lines))
    assert problems(report) == [(4, "ref")]
    report = run("referrals", write_csv(tmp_path, lines[:3], name="ok.csv"))
    assert report.created == 2


def test_rows_of_a_file_can_use_references_already_stored(tmp_path, territory_a):
    factories.organization(territory_a, "MFA", code="A-MFA")
    path = write_csv(tmp_path, ["code;organization;title;opened_on", "P-1;A-MFA;PAP;2024-04-01"])
    assert run("positions", path).created == 1


def test_changed_journal_hours_and_profile_values_are_updated(tmp_path, territory_a):
    position = factories.position(factories.organization(territory_a), code="P-1")
    journal = ["position;date;kind;hours", "P-1;2024-05-15;supervision;1,5"]
    profiles = ["territory;fiscal_year;reports_per_1000", "A;2023-2024;10", "QC;2023-2024;9"]
    run("journal", write_csv(tmp_path, journal, name="j1.csv"))
    run("profiles", write_csv(tmp_path, profiles, name="p1.csv"))
    journal[1] = "P-1;2024-05-15;supervision;2,25"
    profiles[2] = "QC;2023-2024;9,5"
    report = run("journal", write_csv(tmp_path, journal, name="j2.csv"))
    assert (report.created, report.updated) == (0, 1)
    assert str(position.journal.get().hours) == "2.25"
    report = run("profiles", write_csv(tmp_path, profiles, name="p2.csv"))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert str(SocioHealthProfile.objects.get(territory__isnull=True).reports_per_1000) == "9.50"
    assert SocioHealthProfile.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="rows are staged on PostgreSQL")
def test_a_batch_the_database_refuses_is_reported_and_nothing_is_written(
    tmp_path, territory_a, territory_b, monkeypatch
):
    merge = ReferralSpec.merge

    def refusing_merge(self, stage, update_fields):
        merge(self, stage, update_fields)
        if stage.first_line > 2:  # the second batch
            stage.execute("SELECT 1 / 0")

    monkeypatch.setattr(ReferralSpec, "merge", refusing_merge)
    path = write_csv(tmp_path, [HEADER, *referral_lines(10)])
    report = import_file("referrals", path, chunk_size=4)
    assert [(problem.line, problem.column) for problem in report.problems] == [(6, "-")]
    assert "6" in report.problems[0].message and "9" in report.problems[0].message
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert not Referral.objects.exists()
    assert not Family.objects.exists()
