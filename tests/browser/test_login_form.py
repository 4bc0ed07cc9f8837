"""The login form in Chromium, at a phone's width: each field's error under it, accessible."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_clean


def test_empty_fields_show_their_errors_under_them_on_a_phone(anonymous_page):
    page = anonymous_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/connexion/?next=/territoires/")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()

    for label in ("Nom d’utilisateur", "Mot de passe"):
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description("Ce champ est obligatoire.")
    expect(page.locator("input[name=next]")).to_have_value("/territoires/")
    # No horizontal scrolling at 390 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_clean(page)
    assert_accessible(page)
