"""The story behind a number in Chromium, with the demo: A's coordinator writes the story behind
a missed target with the keyboard only, and the advisor reads it beside the value. No WCAG 2.2
AA violation (axe-core) on the form or the territory page."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_clean

STORY = "Deux corridors ont perdu leur porte d’entrée; la table les reprend avec le CISSS."


def test_a_coordinator_writes_a_story_that_the_advisor_reads(page_as):
    page = page_as("coordination-a", "/territoires/A/?periode=2024-2025")
    link = page.get_by_role("link", name="Écrire le récit derrière ce chiffre – Taux d’échappement")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Taux d’échappement")
    assert_accessible(page)
    field = page.get_by_label("Le récit derrière le chiffre")
    field.focus()
    page.keyboard.type(STORY)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Enregistrer le récit")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Le récit est enregistré")
    expect(page.locator(".fiche-story").first).to_contain_text(STORY)
    assert_clean(page)
    assert_accessible(page)

    advisor = page_as("conseiller", "/territoires/A/?periode=2024-2025")
    story = advisor.locator(".fiche-story")
    expect(story).to_contain_text(STORY)
    expect(story).to_contain_text("Coordination territoriale")
    expect(advisor.get_by_role("link", name="Modifier le récit")).to_have_count(0)
    assert_accessible(advisor)
