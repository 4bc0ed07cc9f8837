"""Referrals in Chromium, as A's coordinator with the demo: enter a referral for a new family
with the keyboard, then record its taking in charge from the watch list. No WCAG 2.2 AA
violation (axe-core) on the form, the referral, the watch list and the list."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_clean


def test_enter_a_referral_then_take_it_in_charge_from_the_watch_list(page_as):
    page = page_as("coordination-a", "/orientations/nouvelle/")
    expect(page.locator("h1")).to_have_text("Nouvelle orientation")
    assert_accessible(page)
    referred_on = timezone.localdate() - timedelta(days=25)

    # The keyboard only: the code field has the focus; Tab moves through the form in order.
    expect(page.get_by_label("Numéro de dossier de la famille")).to_be_focused()
    page.keyboard.type("NAV-TEST-001")
    page.get_by_label("Secteur d’origine").select_option("MFA")
    page.get_by_label("Secteur destinataire").select_option("MSSS")
    page.get_by_label("Premier contact le").fill(referred_on.isoformat())
    page.get_by_label("Orientée le").fill(referred_on.isoformat())
    page.get_by_label("Langue du consentement").focus()
    page.keyboard.type("fr")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submit with Enter

    expect(page.locator("h1")).to_contain_text("Orientation A-")
    expect(page.locator("main")).to_contain_text("F-")  # the family's pseudonym
    expect(page.locator("main")).not_to_contain_text("NAV-TEST-001")
    ref = page.locator("h1").inner_text().removeprefix("Orientation ").strip()
    assert_clean(page)
    assert_accessible(page)

    page.goto(page.url.split("/orientations/")[0] + "/orientations/a-surveiller/")
    row = page.locator("tr", has_text=ref)
    expect(row).to_contain_text("25")
    assert_accessible(page)
    with page.expect_navigation():
        row.get_by_role("button", name=f"Prise en charge : {ref}").click()

    expect(page.locator(".alert-success")).to_contain_text(ref)
    expect(page.locator("tr", has_text=ref)).to_have_count(0)
    assert_clean(page)

    page.goto(page.url.split("/orientations/")[0] + "/orientations/?status=taken_in_charge")
    expect(page.locator("main")).to_contain_text(ref)
    assert_accessible(page)
