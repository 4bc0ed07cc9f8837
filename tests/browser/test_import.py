"""The import page in Chromium, as A's coordinator: choose a kind, upload a small referrals file,
see the preview (counts, first rows, the family code masked), confirm, see the summary.

The rows are taken in charge (never on the watch list) and dated in April 2023, so that the other
browser tests, which share the demo's database, see the same watch list.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_clean

LINES = [
    "territoire;référence;famille;secteur_origine;secteur_destination;date_premier_contact;"
    "date_orientation;date_prise_en_charge",
    "A;NAV-IMPORT-1;NAV-DOSSIER-1;MFA;MSSS;2023-04-03;2023-04-03;2023-04-05",
    "A;NAV-IMPORT-2;NAV-DOSSIER-2;MSSS;MFA;2023-04-04;2023-04-04;2023-04-06",
]


@pytest.fixture
def referrals_file(tmp_path) -> Path:
    path = tmp_path / "orientations-avril.csv"
    path.write_bytes(("\r\n".join(LINES) + "\r\n").encode("utf-8"))
    return path


@pytest.fixture(autouse=True)
def _private_upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "televersements"


def test_import_referrals_through_the_preview(page_as, referrals_file):
    page = page_as("coordination-a", "/importer/")
    expect(page.locator("h1")).to_have_text("Importer un fichier")
    assert_clean(page)
    assert_accessible(page)

    page.get_by_label("Orientations").check()
    page.get_by_label("Fichier").set_input_files(referrals_file)
    page.get_by_role("button", name="Voir l’aperçu").click()

    expect(page.locator("h1")).to_have_text("Aperçu de l’importation : Orientations")
    expect(page.locator("#counts-title")).to_have_text("2 lignes prêtes à importer")
    expect(page.locator(".import-counts dd")).to_have_text(["2", "0", "0"])
    rows = page.get_by_role("table", name="Les 2 premières lignes du fichier").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("NAV-IMPORT-1")
    expect(page.locator("main")).not_to_contain_text("NAV-DOSSIER-1")  # file codes masked
    assert_clean(page)
    assert_accessible(page)

    page.get_by_role("button", name="Importer ces 2 lignes").click()
    expect(page.locator("h1")).to_have_text("Importer un fichier")
    expect(page.get_by_role("status")).to_contain_text(
        "Importation terminée (Orientations) : 2 lignes, 2 créées, 0 modifiées, 0 inchangées."
    )
    assert_clean(page)
    assert_accessible(page)
