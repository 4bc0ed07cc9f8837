"""Corridors and positions in Chromium, with the demo: A's coordinator creates a corridor with
the keyboard only and reads what it lacks to be formal; the positions page of A shows its
overlap matrix. No console error, no request to another host, no WCAG 2.2 AA violation."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_clean


def test_create_a_corridor_with_the_keyboard_and_see_what_it_lacks(page_as):
    page = page_as("coordination-a", "/corridors/nouveau/")
    expect(page.locator("h1")).to_have_text("Nouveau corridor")
    assert_accessible(page)

    page.locator("#id_territory").focus()
    page.keyboard.type("A")
    page.keyboard.press("Tab")
    page.keyboard.type("A-CLAVIER")
    page.keyboard.press("Tab")
    page.keyboard.type("MFA")  # type-ahead in the list of sectors
    page.keyboard.press("Tab")
    page.keyboard.type("MEQ")
    page.keyboard.press("Tab")  # entry point: left empty
    page.keyboard.press("Tab")  # target delay: the proposed 2 days
    expect(page.locator("#id_target_delay_days")).to_be_focused()
    expect(page.locator("#id_target_delay_days")).to_have_value("2")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # consent form in French
    for _language in range(7):  # the six other languages, then « Other languages »
        page.keyboard.press("Tab")
    expect(page.locator("#id_other_languages")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/corridors/A-CLAVIER/")
    expect(page.locator(".alert-success")).to_contain_text("A-CLAVIER")
    status = page.locator("#corridor-formal")
    expect(status).to_contain_text("Non formel")
    expect(status).to_contain_text("aucun point d’entrée")
    expect(status).to_contain_text("formulaires de consentement dans moins de deux langues")
    expect(status).to_contain_text("aucun gabarit de transfert")
    expect(status).not_to_contain_text("aucun délai cible")
    assert_clean(page)
    assert_accessible(page)

    page.goto("/corridors/?territoire=A")
    row = page.locator("tr", has=page.locator("th", has_text="A-CLAVIER"))
    expect(row.locator("td").nth(1)).to_contain_text("MFA")
    expect(row.locator("td").nth(1)).to_contain_text("MEQ")
    expect(row).to_contain_text("aucun gabarit de transfert")
    assert_clean(page)
    assert_accessible(page)


def test_positions_page_shows_the_overlap_matrix(page_as):
    page = page_as("coordination-a", "/territoires/A/postes/")
    matrix = page.locator("table.overlap-matrix")
    expect(matrix.locator("caption")).to_contain_text("indice de Jaccard")
    expect(matrix.locator("tbody th")).to_have_text(["MFA", "MSSS"])
    expect(page.get_by_role("link", name="Nouveau poste")).to_be_visible()
    assert_clean(page)
    assert_accessible(page)

    page.goto("/postes/A-MSSS-1/")
    expect(page.locator("h1")).to_contain_text("A-MSSS-1")
    assert_clean(page)
    assert_accessible(page)
