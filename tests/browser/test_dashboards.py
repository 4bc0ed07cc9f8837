"""The dashboards in Chromium, with the demo: the overview, a change of period, a territory's
case page and an indicator's page — as the advisor and as A's coordinator.

Each page: its numbers are there, its charts are drawn (an SVG in each chart) with their data
tables, no console error, no request to another host, and no WCAG 2.2 AA violation (axe-core).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, assert_clean

BOTH_ROLES = ["conseiller", "coordination-a"]


def charts_are_drawn(page: Page) -> int:
    """Every chart of the page holds an SVG, and each has its data table; returns how many."""
    charts = page.locator("[data-chart]")
    count = charts.count()
    for index in range(count):
        expect(charts.nth(index).locator("svg").first).to_be_attached(timeout=10_000)
    figures = page.locator("figure:has([data-chart])")
    expect(figures.locator("table")).to_have_count(count)
    return count


@pytest.mark.parametrize("username", BOTH_ROLES)
def test_overview_then_another_period(page_as, username):
    page = page_as(username, "/tableau-de-bord/")
    heading = "Vue d’ensemble de la province" if username == "conseiller" else "du territoire A"
    expect(page.locator("h1")).to_contain_text(heading)
    lines = page.locator("table.overview-table tbody tr th")
    expected = ["A", "B", "C", "D"] if username == "conseiller" else ["A"]
    expect(lines).to_have_text(expected)
    expect(page.locator("table.overview-table tfoot th")).to_have_text("QC")
    assert_clean(page)
    assert_accessible(page)

    page.get_by_label("Période", exact=True).select_option("2023-2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Appliquer").click()
    assert "periode=2023-2024" in page.url
    expect(page.locator("#periode")).to_have_value("2023-2024")
    expect(page.locator("table.overview-table caption")).to_contain_text("2023-2024")
    assert_clean(page)


@pytest.mark.parametrize("username", BOTH_ROLES)
def test_territory_case_page_draws_its_trends(page_as, username):
    page = page_as(username, "/territoires/A/?periode=2023-2024")
    expect(page.locator("h1")).to_contain_text("A")
    # The report's figures for A in 2023-2024.
    expect(page.locator("main")).to_contain_text("6,01")
    expect(page.locator("main")).to_contain_text("29,7\u00a0%")
    assert charts_are_drawn(page) >= 8
    assert_clean(page)
    assert_accessible(page)


def test_coordinator_of_a_gets_404_on_b(page_as):
    page = page_as("coordination-a", "/territoires/A/")
    response = page.goto("/territoires/B/")
    assert response.status == 404


@pytest.mark.parametrize("username", BOTH_ROLES)
def test_indicator_page_from_the_overview(page_as, username):
    page = page_as(username, "/tableau-de-bord/?periode=2024-2025")
    with page.expect_navigation():
        page.locator("table.overview-table thead a[href*='L2_ESCAPE_RATE_PCT']").click()
    assert re.search(r"/indicateurs/L2_ESCAPE_RATE_PCT/\?periode=2024-2025$", page.url)
    expect(page.locator("h1")).to_contain_text("échappement")
    assert charts_are_drawn(page) >= 2
    # A chart's table opens with the keyboard.
    summary = page.locator("figure:has([data-chart]) details summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("figure:has([data-chart]) details table").first).to_be_visible()
    assert_clean(page)
    assert_accessible(page)
