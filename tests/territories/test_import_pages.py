"""The import pages (/importer/): who sees them, the preview that writes nothing, the confirmation
that imports exactly what was previewed, and the files refused."""

from __future__ import annotations

import os
import re
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referrals.models import Referral
from surveys.models import Response
from territories import import_uploads
from territories.models import AuditEntry, Territory
from tests import factories
from tests.test_pages import structure

pytestmark = pytest.mark.django_db

START = "/importer/"
HEADER = (
    "territoire;référence;famille;secteur_origine;secteur_destination;date_premier_contact;"
    "date_orientation;date_prise_en_charge"
)
ROWS_A = [
    "A;A-1;DOSSIER-77;MFA;MSSS;2024-05-01;2024-05-02;2024-05-04",
    "A;A-2;DOSSIER-78;MFA;MSSS;2024-05-01;2024-05-03;2024-05-05",
]
ROW_B = "B;B-1;DOSSIER-79;MFA;MSSS;2024-05-01;2024-05-02;"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"


def csv_file(lines: list[str], name: str = "orientations.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode("utf-8"), "text/csv")


def upload(client, user, lines=None, *, kind="referrals", file=None):
    """Log ``user`` in and send a file to /importer/; returns the response (not followed)."""
    client.force_login(user)
    file = file or csv_file([HEADER, *(lines if lines is not None else ROWS_A)])
    return client.post(START, {"kind": kind, "file": file})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    match = re.fullmatch(r"/importer/apercu/([\w-]+)/", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def confirm(client, token):
    return client.post(reverse("imports:confirm", args=[token]))


def file_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("file", []))


# Who sees the pages


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


@pytest.mark.parametrize("who", ["conseiller", "pap_a"])
def test_advisors_and_paps_get_404(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(START).status_code == 404
    assert client.get(reverse("imports:template", args=["referrals"])).status_code == 404
    assert upload(client, user).status_code == 404
    assert not Referral.objects.exists()


def test_coordinators_choose_among_the_kinds_of_their_territories(client, coordination_a):
    client.force_login(coordination_a)
    response = client.get(START)
    assert response.status_code == 200
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert "territories" not in kinds
    assert kinds[:3] == ["organizations", "positions", "assignments"]
    html = response.content.decode()
    assert "Orientations" in html
    assert "Les familles orientées d’un secteur vers un autre" in html
    assert 'href="/importer/modeles/referrals.csv"' in html


def test_administrators_may_import_territories(client, admin):
    client.force_login(admin)
    kinds = [value for value, _l in client.get(START).context["form"].fields["kind"].choices]
    assert kinds[0] == "territories"


# Templates


def test_the_french_template_of_a_kind_is_downloaded(client, coordination_a):
    client.force_login(coordination_a)
    response = client.get(reverse("imports:template", args=["referrals"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="modele-referrals.csv"' in response["Content-Disposition"]
    assert response.content.decode("utf-8").startswith("\ufeffterritoire;référence;famille;")


def test_the_territories_template_is_for_administrators(client, coordination_a, admin):
    client.force_login(coordination_a)
    assert client.get(reverse("imports:template", args=["territories"])).status_code == 404
    client.force_login(admin)
    assert client.get(reverse("imports:template", args=["territories"])).status_code == 200


# The preview


def test_the_preview_writes_nothing_and_shows_what_would_be_written(
    client, coordination_a, territory_a
):
    factories.referral(territory_a, ref="A-1")
    before = (Referral.objects.count(), AuditEntry.objects.count())
    token = token_of(upload(client, coordination_a))
    assert (Referral.objects.count(), AuditEntry.objects.count()) == before
    response = client.get(reverse("imports:preview", args=[token]))
    assert response.status_code == 200
    record = response.context["record"]
    assert (record["rows"], record["counts"]) == (2, [1, 1, 0])  # A-2 new, A-1 updated
    html = response.content.decode()
    assert "2 lignes prêtes à importer" in html
    assert "A-2" in html  # the first rows, as a table
    assert "DOSSIER-77" not in html  # a family's file code is never shown back...
    assert "DOSSIER-77" not in str(client.session.items())  # ...nor kept in the session
    assert Referral.objects.count() == before[0]


@pytest.mark.parametrize(
    "header",
    [
        HEADER.replace("famille", "famile"),  # misspelled: an unknown column
        HEADER.replace("famille", "dossier") + ";dossier",  # given twice
        HEADER.replace("famille;", ""),  # missing, the codes left under no header
    ],
    ids=["misspelled", "duplicated", "missing"],
)
def test_a_header_problem_shows_no_row_of_a_file_with_family_codes(
    client, coordination_a, territory_a, header
):
    lines = [header, *(row + ";DOSSIER-99" for row in ROWS_A)]
    token = token_of(upload(client, coordination_a, file=csv_file(lines)))
    response = client.get(reverse("imports:preview", args=[token]))
    html = response.content.decode()
    for code in ("DOSSIER-77", "DOSSIER-78", "DOSSIER-99"):
        assert code not in html
        assert code not in str(client.session.items())
    assert response.context["record"]["first_rows"] == []  # no row at all...
    assert "ligne 1, colonne " in html  # ...only the header report
    assert "Les lignes du fichier ne sont pas affichées" in html
    assert not Referral.objects.exists()


def test_a_preview_lists_every_problem_as_line_and_column(client, coordination_a, territory_a):
    bad = "A;A-3;DOSSIER-80;MFA;MFA;2024-05-01;2024-04-02;"
    token = token_of(upload(client, coordination_a, [*ROWS_A, bad]))
    html = client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "ligne 4, colonne secteur_destination : " in html
    assert "ligne 4, colonne date_premier_contact : " in html
    assert "Importer" not in re.sub(r"Importer un fichier", "", html.split("<main", 1)[1])
    assert not Referral.objects.exists()
    assert not list((import_uploads.upload_dir()).iterdir())  # nothing kept to confirm


def test_a_row_out_of_scope_is_refused_for_a_coordinator(client, coordination_a, territory_b):
    token = token_of(upload(client, coordination_a, [*ROWS_A, ROW_B]))
    response = client.get(reverse("imports:preview", args=[token]))
    assert response.context["problems"] == [
        "ligne 4, colonne territoire : territoire hors de votre accès"
    ]
    assert confirm(client, token).status_code == 404  # nothing to confirm
    assert not Referral.objects.exists()


def test_a_row_of_any_territory_is_accepted_for_an_administrator(
    client, admin, territory_a, territory_b
):
    token = token_of(upload(client, admin, [*ROWS_A, ROW_B]))
    assert confirm(client, token).status_code == 302
    assert sorted(Referral.objects.values_list("ref", flat=True)) == ["A-1", "A-2", "B-1"]


# The confirmation


def test_confirming_imports_exactly_the_previewed_rows(client, coordination_a, territory_a):
    token = token_of(upload(client, coordination_a))
    path = import_uploads.upload_path(token, ".csv")
    assert path.is_file()
    response = confirm(client, token)
    assert response.status_code == 302 and response["Location"] == START
    rows = Referral.objects.order_by("ref").values_list("ref", "referred_on", "status")
    assert [(ref, str(day), status) for ref, day, status in rows] == [
        ("A-1", "2024-05-02", "taken_in_charge"),
        ("A-2", "2024-05-03", "taken_in_charge"),
    ]
    entry = AuditEntry.objects.get(action="import")
    assert (entry.actor, entry.object_repr) == (coordination_a, "orientations.csv")
    assert (entry.changes["created"], entry.changes["rows"]) == (2, 2)
    assert not path.exists()  # deleted once imported
    summary = [str(m) for m in client.get(START).context["messages"]]
    assert summary == [
        "Importation terminée (Orientations) : 2 lignes, 2 créées, 0 modifiées, 0 inchangées. "
        "Les indicateurs en tiennent compte dès maintenant."
    ]
    assert confirm(client, token).status_code == 404  # once only


def test_a_file_changed_after_the_preview_is_refused(client, coordination_a, territory_a):
    token = token_of(upload(client, coordination_a))
    path = import_uploads.upload_path(token, ".csv")
    path.write_bytes(path.read_bytes().replace(b"A-2", b"A-9"))
    response = confirm(client, token)
    assert response.status_code == 302
    assert not Referral.objects.exists()
    message = [str(m) for m in client.get(START).context["messages"]][0]
    assert message.startswith("Le fichier de l’aperçu n’est plus là ou a été modifié")
    assert not path.exists()


def test_a_missing_file_is_refused(client, coordination_a, territory_a):
    token = token_of(upload(client, coordination_a))
    import_uploads.upload_path(token, ".csv").unlink()
    confirm(client, token)
    assert not Referral.objects.exists()


def test_data_changed_since_the_preview_rolls_back_and_shows_a_new_preview(
    client, coordination_a, territory_a
):
    token = token_of(upload(client, coordination_a))  # preview: 2 created
    factories.referral(territory_a, ref="A-1")  # meanwhile, someone records A-1
    response = confirm(client, token)
    assert response["Location"] == reverse("imports:preview", args=[token])
    assert list(Referral.objects.values_list("ref", flat=True)) == ["A-1"]  # rolled back
    page = client.get(response["Location"])
    assert page.context["record"]["counts"] == [1, 1, 0]
    assert str(list(page.context["messages"])[0]).startswith("Les données ont changé")
    confirm(client, token)
    assert sorted(Referral.objects.values_list("ref", flat=True)) == ["A-1", "A-2"]


def test_a_coordinator_of_b_cannot_use_a_token_of_a(
    client, coordination_a, coordination_b, territory_a, django_user_model
):
    token = token_of(upload(client, coordination_a))
    other = client_class_for(client)
    other.force_login(coordination_b)
    assert other.get(reverse("imports:preview", args=[token])).status_code == 404
    assert confirm(other, token).status_code == 404
    client.force_login(coordination_b)  # a new session: the token is gone with the old one
    assert confirm(client, token).status_code == 404
    assert not Referral.objects.exists()


def client_class_for(client):
    return client.__class__()


def test_cancelling_deletes_the_file(client, coordination_a, territory_a):
    token = token_of(upload(client, coordination_a))
    client.post(reverse("imports:cancel", args=[token]))
    assert not import_uploads.upload_path(token, ".csv").exists()
    assert confirm(client, token).status_code == 404
    assert not Referral.objects.exists()


def test_files_waiting_more_than_a_day_are_deleted(coordination_a):
    old = import_uploads.upload_path("old", ".csv")
    old.write_text("x")
    fresh = import_uploads.upload_path("fresh", ".csv")
    fresh.write_text("x")
    day_and_more = time.time() - import_uploads.KEEP_SECONDS - 60
    os.utime(old, (day_and_more, day_and_more))
    assert import_uploads.delete_old_uploads() == 1
    assert (old.exists(), fresh.exists()) == (False, True)


def test_the_upload_directory_is_private(settings):
    directory = import_uploads.upload_dir()
    assert directory.stat().st_mode & 0o077 == 0
    assert not str(directory).startswith(str(settings.STATIC_ROOT))


# Bad files


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("image.csv", PNG, "text/csv"),
            "Ce fichier n’est pas un fichier texte CSV",
        ),
        (
            SimpleUploadedFile("image.xlsx", PNG, "application/octet-stream"),
            "Ce fichier n’est pas un classeur Excel (.xlsx)",
        ),
        (SimpleUploadedFile("image.png", PNG, "image/png"), "Envoyez un fichier CSV (.csv)"),
        (SimpleUploadedFile("vide.csv", b"", "text/csv"), "Le fichier soumis est vide."),
    ],
)
def test_bad_files_get_a_french_message(client, coordination_a, file, message):
    response = upload(client, coordination_a, file=file)
    assert response.status_code == 200
    assert any(error.startswith(message) for error in file_errors(response)), file_errors(response)
    assert not list(import_uploads.upload_dir().iterdir())


def test_a_file_over_the_size_limit_is_refused(client, coordination_a, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100  # the file: 3 lines, 247 bytes (é: two bytes)
    response = upload(client, coordination_a)
    assert file_errors(response) == [
        "Le fichier pèse 247\xa0octets : la limite est de 100\xa0octets. "
        "Divisez-le en plusieurs fichiers."
    ]


def test_a_file_the_engine_cannot_read_gets_its_message(client, coordination_a):
    body = "\r\n".join([HEADER, *ROWS_A]).encode("utf-16")  # with its byte-order mark
    file = SimpleUploadedFile("utf16.csv", body, "text/csv")
    response = upload(client, coordination_a, file=file)
    assert response.status_code == 200
    assert file_errors(response) == [
        "Le fichier est en UTF-16, qui n’est pas lu : enregistrez-le en CSV UTF-8."
    ]
    assert not list(import_uploads.upload_dir().iterdir())


# The indicators follow


def test_a_dashboard_value_changes_after_a_confirmed_import(client, coordination_a, territory_a):
    page = reverse("dashboards:territory", args=["A"]) + "?periode=2024-2025"

    def delay():
        response = client.get(page)
        rows = {
            row.indicator.code: row
            for lever in response.context["page"].levers
            for row in lever.rows
        }
        return rows["L2_HANDOFF_DELAY_DAYS"]

    client.force_login(coordination_a)
    before = delay()
    assert before.n == "0"
    confirm(client, token_of(upload(client, coordination_a)))
    after = delay()
    # (2024-05-04 - 2024-05-01) = 3 days and (2024-05-05 - 2024-05-01) = 4 days: mean 3,50
    assert (after.value, after.n) == ("3,50\u00a0j", "2")
    assert Territory.objects.get(code="A").data_version > 0


def test_thousands_of_problems_are_listed_up_to_a_cap(client, coordination_a, territory_a):
    bad = [f"A;A-{n};D-{n};MFA;MFA;2024-05-01;2024-05-02;" for n in range(1, 251)]
    token = token_of(upload(client, coordination_a, bad))
    response = client.get(reverse("imports:preview", args=[token]))
    problems = response.context["problems"]
    assert (len(problems), problems[0]) == (
        200,
        "ligne 2, colonne secteur_destination : "
        "Une orientation se fait d’un secteur vers un secteur différent.",
    )
    html = response.content.decode()
    assert "Le fichier comporte 250 problèmes : rien ne peut être importé." in html
    assert "… et 50 autres problèmes." in html


def test_a_second_confirmation_of_the_same_preview_imports_nothing_more(
    client, coordination_a, territory_a
):
    """Satisfaction rows are not keyed: a double click must not record the answers twice."""
    lines = ["sondage;territoire;date_réponse;satisfaction_globale", "pap;A;2024-06-14;4"]
    token = token_of(upload(client, coordination_a, kind="satisfaction", file=csv_file(lines)))
    record = client.session["arrimage_imports"][token]
    import_uploads.confirm_upload(user=coordination_a, record=record)
    with pytest.raises(import_uploads.UploadGone):
        import_uploads.confirm_upload(user=coordination_a, record=record)
    assert Response.objects.count() == 1


# Layout (as tests/test_pages.py checks every page)


def assert_layout(response) -> None:
    page = structure(response)
    ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
    assert (page.lang, page.h1_count) == ("fr-CA", 1)
    assert (page.style_attributes, page.style_elements, page.inline_scripts) == (0, 0, 0)
    assert len(ids) == len(set(ids)), ids
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def test_the_import_pages_keep_the_layout_rules(client, admin, territory_a, territory_b):
    client.force_login(admin)
    assert_layout(client.get(START))
    assert_layout(upload(client, admin, file=SimpleUploadedFile("a.png", PNG, "image/png")))
    token = token_of(upload(client, admin))
    assert_layout(client.get(reverse("imports:preview", args=[token])))
    token = token_of(upload(client, admin, [*ROWS_A, "A;A-1;D;MFA;MFA;2024-05-01;2024-05-02;"]))
    assert_layout(client.get(reverse("imports:preview", args=[token])))
