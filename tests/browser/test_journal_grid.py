"""The monthly journal grid in Chromium, as A's coordinator, with the keyboard only: Tab to the
first cell, type each cell of the month row by row (Tab between them), Enter to save.

The month is this month (``/territoires/A/journal/`` sends there): the demo's figures, two fiscal
years back, stay as the other browser tests expect them.
"""

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, assert_clean

COLUMNS = 5


def active_name(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name || ''")


def tab_to_first_cell(page: Page) -> None:
    for _press in range(60):
        page.keyboard.press("Tab")
        if active_name(page).startswith("cell-"):
            return
    raise AssertionError("Tab n'atteint pas la grille")


def test_coordinator_fills_a_month_with_the_keyboard(page_as):
    page = page_as("coordination-a", "/territoires/A/")
    page.goto("/territoires/A/journal/")
    expect(page.locator("h1")).to_contain_text("Journal des PAP")
    names = page.locator("table input").evaluate_all("inputs => inputs.map(i => i.name)")
    rows = len(names) // COLUMNS
    assert rows >= 2 and len(names) == rows * COLUMNS
    assert_clean(page)
    assert_accessible(page)

    # A bad cell first: refused, announced, nothing saved, the other cells kept.
    tab_to_first_cell(page)
    page.keyboard.type("2,5")
    page.keyboard.press("Tab")
    page.keyboard.type("-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Non enregistré")
    expect(page.locator(f"[name={names[1]}]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#id_{names[1]}-error")).to_have_text(
        "La valeur ne peut pas être inférieure à 0."
    )
    expect(page.locator(f"[name={names[0]}]")).to_have_value("2,5")
    assert_clean(page)
    assert_accessible(page)

    # Then the whole month, row by row: Tab goes from each cell to the next one in the row,
    # then to the first cell of the next row.
    values = ["1,5", "2", "3", "1", "", "4,25", "", "1", "", "2"]
    values += [""] * (len(names) - len(values))
    tab_to_first_cell(page)  # from the top of the page again, past the errors' links
    for index, value in enumerate(values):
        assert active_name(page) == names[index]
        page.keyboard.press("Control+A")
        if value:
            page.keyboard.type(value)
        else:
            page.keyboard.press("Delete")
        if index < len(values) - 1:
            page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("enregistré : 10 entrées")
    for name, value in zip(names, values, strict=True):
        expect(page.locator(f"[name={name}]")).to_have_value(value)
    assert_clean(page)
    assert_accessible(page)


def test_coordinator_adds_a_project_and_opens_a_profile(page_as):
    page = page_as("coordination-a", "/territoires/A/projets/")
    expect(page.locator("h1")).to_have_text("Projets territoriaux, territoire A")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Ajouter un projet").click()
    page.get_by_label("Code").fill("A-PRJ-NAV")
    page.get_by_label("Nom").fill("Projet du navigateur")
    page.get_by_label("Date de début").fill("2024-05-01")
    page.get_by_label("Date de fin").fill("2024-04-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.locator("main")).to_contain_text(
        "La date de fin ne peut pas précéder la date de début."
    )
    assert_accessible(page)
    page.get_by_label("Date de fin").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.get_by_role("status")).to_have_text("Projet A-PRJ-NAV enregistré.")
    expect(page.locator("table")).to_contain_text("Projet du navigateur")

    page.goto("/territoires/A/profils/2023-2024/")
    expect(page.get_by_label("Signalements")).to_have_value("6,01")
    assert_clean(page)
    assert_accessible(page)
