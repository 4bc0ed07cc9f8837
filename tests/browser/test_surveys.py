"""Surveys in Chromium with the demo: a PAP answers the open survey with the keyboard only; a
coordinator prints one-time codes; a family answers with one of them in a 390 px window. No
WCAG 2.2 AA violation (axe-core) on any of these pages."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_clean


def test_a_pap_answers_the_open_survey_with_the_keyboard_only(page_as):
    page = page_as("pap-a", "/sondages/")
    expect(page.locator(".site-nav")).to_contain_text("Sondages (1 à remplir)")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Répondre au sondage").first.click()
    expect(page.locator(".survey-anonymity")).to_contain_text("Vos réponses sont anonymes")
    assert_accessible(page)
    groups = page.locator(".likert-form fieldset").count()
    assert groups >= 2
    first = page.locator(".likert-form input[type=radio]").first
    first.focus()
    for group in range(groups):
        page.keyboard.press("Space")  # choose 1 …
        for _step in range(3):
            page.keyboard.press("ArrowRight")  # … then move the choice to 4
        if group < groups - 1:
            page.keyboard.press("Tab")  # the next question's group
    expect(page.locator(".likert-form input[type=radio]:checked")).to_have_count(groups)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Envoyer mes réponses")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("votre réponse est enregistrée")
    expect(page.locator(".survey-card__done")).to_contain_text("Vous avez répondu")
    expect(page.locator(".site-nav")).not_to_contain_text("à remplir")
    assert_clean(page)
    assert_accessible(page)


def test_a_coordinator_prints_codes_and_a_family_answers_on_a_phone(page_as, new_page):
    page = page_as("coordination-a", "/sondages/")
    with page.expect_navigation():
        page.get_by_role("link", name="Sondage des familles en cours").first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Codes à usage unique").click()
    assert_accessible(page)
    page.get_by_label("Nombre de codes").fill("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Générer et imprimer les cartes").click()
    cards = page.locator(".code-card")
    expect(cards).to_have_count(4)
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")
    code = cards.first.locator(".code-card__code").inner_text().strip()
    address = cards.first.locator(".code-card__address").inner_text().strip()
    assert_clean(page)

    family = new_page()
    family.set_viewport_size({"width": 390, "height": 844})
    family.goto(address)
    family.get_by_label("Votre code").fill(code)
    with family.expect_navigation():
        family.get_by_role("button", name="Continuer").click()
    expect(family.locator(".survey-anonymity")).to_contain_text("Vos réponses sont anonymes")
    assert family.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(family)
    for fieldset in family.locator(".likert-form fieldset").all():
        fieldset.get_by_label("5 – Tout à fait d’accord").check()
    with family.expect_navigation():
        family.get_by_role("button", name="Envoyer mes réponses").click()
    expect(family.locator("h1")).to_have_text("Merci !")
    assert_accessible(family)
    family.goto(address + code + "/")
    expect(family.locator("#code-message")).to_contain_text("Ce code a déjà servi")
    assert_clean(family)
    assert_accessible(family)
