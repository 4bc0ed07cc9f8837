"""The pages that exist today, in Chromium: login, the territories list, territory A's page.

As the advisor (every territory) and as A's coordinator: what the page must show, no console
error, no request to another host, and no WCAG 2.2 AA violation found by axe-core.
"""

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_accessible, assert_clean

BOTH_ROLES = ["conseiller", "coordination-a"]


def test_login_page_is_clean_and_accessible(anonymous_page):
    page = anonymous_page
    response = page.goto("/connexion/")

    assert response.status == 200
    expect(page.locator("h1")).to_have_text("Se connecter")
    expect(page.get_by_label("Nom d’utilisateur")).to_be_focused()  # autofocus
    assert_clean(page)
    assert_accessible(page)


def test_wrong_password_shows_an_accessible_error(anonymous_page):
    page = anonymous_page
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("conseiller")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("alert")).to_contain_text("mot de passe est incorrect")
    assert "/connexion/" in page.url
    assert_clean(page)
    assert_accessible(page)


def test_advisor_lists_the_four_demo_territories(page_as):
    page = page_as("conseiller", "/territoires/")
    rows = page.locator("table tbody tr")

    expect(rows.locator("th")).to_have_text(
        ["Territoire A", "Territoire B", "Territoire C", "Territoire D"]
    )
    # A: mixed milieu, in Mauricie, two PAP positions (the report's table), both open.
    expect(rows.first.locator("td")).to_have_text(
        ["Mixte", "04 – Mauricie", "2", "2"], ignore_case=True
    )
    assert_clean(page)
    assert_accessible(page)

    # The first Tab reaches the skip link, which arrimage.css brings into view on focus (over
    # the brand link: axe would then count that link as obscured, hence this order).
    skip_link = page.get_by_role("link", name="Passer au contenu principal")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()


def test_coordinator_of_a_lists_only_territory_a(page_as):
    page = page_as("coordination-a", "/territoires/")

    expect(page.locator("table tbody tr th")).to_have_text(["Territoire A"])
    assert_clean(page)
    assert_accessible(page)


def profile_row(page: Page, code: str, label: str) -> Locator:
    """The row ``label`` of territory ``code``'s profile table."""
    table = page.get_by_role("table", name=f"Portrait du territoire {code}")
    return table.get_by_role("row").filter(has_text=label)


@pytest.mark.parametrize("username", BOTH_ROLES)
def test_territory_a_page(page_as, username):
    page = page_as(username, "/territoires/A/")
    reports = profile_row(page, "A", "protection de la jeunesse")

    expect(page.locator("h1")).to_contain_text("Territoire A")
    # Latest year first: 2024-2025, the demo's illustrative values, flagged as such.
    expect(page.locator("#profile-caption")).to_contain_text("2024-2025")
    expect(reports.locator("td").first).to_have_text("5,82")
    expect(page.locator(".notice-illustrative")).to_be_visible()
    expect(page.get_by_role("table", name="Postes de PAP")).to_contain_text("A-MFA-1")
    assert_clean(page)
    assert_accessible(page)


def test_territory_a_period_selector(page_as):
    """The case page's period (?periode=) chooses the profile shown."""
    page = page_as("coordination-a", "/territoires/A/")
    reports = profile_row(page, "A", "protection de la jeunesse")

    # 2023-2024 is the evaluation report's own table (A: 6,01 reports per 1000 children), not
    # illustrative.
    page.get_by_label("Période", exact=True).select_option("2023-2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher").click()

    assert "periode=2023-2024" in page.url
    expect(page.locator("#profile-caption")).to_contain_text("2023-2024")
    expect(reports.locator("td").first).to_have_text("6,01")
    expect(page.locator(".notice-illustrative")).to_have_count(0)
    assert_clean(page)
    assert_accessible(page)


def test_coordinator_of_a_gets_404_for_territory_b(page_as):
    page = page_as("coordination-a", "/territoires/")
    response = page.goto("/territoires/B/")

    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")
    expect(page.locator("main")).not_to_contain_text("Territoire B")
    # Chromium reports the page's own 404 in the console; nothing else may fail.
    assert_clean(page, allowed_console_errors=(f"status of 404 (Not Found) ({page.url})",))
    assert_accessible(page)


def test_the_checks_catch_a_broken_page(anonymous_page):
    """The helpers above fail when they should: a script error, a request to another host,
    an image without text."""
    page = anonymous_page
    page.goto("/connexion/")
    assert_clean(page)
    with page.expect_event("pageerror"), page.expect_request("https://cdn.example.com/**"):
        page.evaluate(
            """() => {
                const image = document.createElement("img");
                image.src = "https://cdn.example.com/logo.png";
                document.querySelector("main").append(image);
                setTimeout(() => { throw new Error("panne"); });
            }"""
        )

    with pytest.raises(AssertionError, match="panne"):
        assert_clean(page)
    with pytest.raises(AssertionError, match="cdn.example.com"):
        assert_clean(page, allowed_console_errors=("panne", "Content Security Policy"))
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
