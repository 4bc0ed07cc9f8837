"""Issue 15 in Chromium, with the demo: A's PAP records a service gap with the keyboard only;
B's coordinator adds an action to the 2023-2024 plan for the triggered youth-protection
priority and writes the story behind a missed target; the advisor reads the plan and the gaps'
counts, never their descriptions. No WCAG 2.2 AA violation (axe-core) on any page."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_clean

GAP = "Aucune halte-garderie les soirs de cours de francisation."
ACTION = "Bâtir avec la DPJ un corridor MFA vers MSSS"
STORY = (
    "Deux orientations sur cinq se perdent faute de corridor vers la DPJ; une entente se prépare."
)


def test_a_pap_records_a_gap_with_the_keyboard(page_as):
    page = page_as("pap-a", "/territoires/A/trous-de-services/")
    assert_accessible(page)
    page.locator("#id_need").focus()
    page.keyboard.type("Une place")  # type-ahead in the list: « Une place en service de garde… »
    page.keyboard.press("Tab")
    page.keyboard.type("Familles immigrantes")
    page.keyboard.press("Tab")
    page.keyboard.type(GAP)
    page.keyboard.press("Tab")  # the first sector: MEQ
    page.keyboard.press("Tab")  # MESS
    page.keyboard.press("Tab")  # MFA
    page.keyboard.press("Space")
    submit = page.get_by_role("button", name="Signaler le trou de services")
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Le trou de services est inscrit")
    card = page.locator(".gap-card", has_text=GAP)
    expect(card).to_contain_text("Une place en service de garde ou en maternelle 4 ans")
    expect(card).to_contain_text("Familles immigrantes")
    expect(card).to_contain_text("MFA")
    assert_clean(page)
    assert_accessible(page)

    advisor = page_as("conseiller", "/territoires/A/trous-de-services/")
    expect(advisor.locator("#counts-caption")).to_be_visible()
    expect(advisor.get_by_text(GAP)).to_have_count(0)
    assert_accessible(advisor)


def test_a_coordinator_plans_an_action_and_writes_the_story_of_a_missed_target(page_as):
    page = page_as("coordination-b", "/territoires/B/plan/?periode=2023-2024")
    assert_accessible(page)
    link = page.get_by_role("link", name="Ajouter une action — Protection de la jeunesse")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#id_subject")).to_have_value("priority:child_protection")
    assert_accessible(page)
    page.locator("#id_title").focus()
    page.keyboard.type(ACTION)
    page.keyboard.press("Tab")  # MEQ
    page.keyboard.press("Tab")  # MESS
    page.keyboard.press("Tab")  # MFA
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # MIFI
    page.keyboard.press("Tab")  # MSSS
    page.keyboard.press("Space")
    page.get_by_role("button", name="Enregistrer l’action").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("L’action est enregistrée")
    subject = page.locator(".plan-subject", has_text="Priorité déclenchée")
    expect(subject).to_contain_text(ACTION)
    expect(subject.locator("tr", has_text=ACTION)).to_contain_text("MFA, MSSS")
    assert_clean(page)
    assert_accessible(page)

    page.goto(page.url.split("/territoires/")[0] + "/territoires/B/?periode=2023-2024")
    link = page.get_by_role("link", name="Écrire le récit derrière ce chiffre – Taux d’échappement")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Le récit derrière le chiffre").focus()
    page.keyboard.type(STORY)
    page.get_by_role("button", name="Enregistrer le récit").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".fiche-story").first).to_contain_text(STORY)

    advisor = page_as("conseiller", "/territoires/B/plan/?periode=2023-2024")
    expect(advisor.locator(".plan-subject", has_text="Priorité déclenchée")).to_contain_text(ACTION)
    expect(advisor.get_by_role("link", name="Ajouter une action")).to_have_count(0)
    assert_accessible(advisor)
    province = page_as("conseiller", "/plans-d-action/?periode=2023-2024")
    expect(province.locator("#overdue-caption")).to_be_visible()
    assert_accessible(province)
