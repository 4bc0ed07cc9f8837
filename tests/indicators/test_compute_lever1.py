"""Lever 1 — shared reference framework, mandates, presentations (DESIGN.md section 6).

Every expected value is worked out by hand from the rows each test writes.
P is the fiscal year 2024-2025 (2024-04-01 … 2025-03-31) unless a test says otherwise.
"""

from datetime import date
from fractions import Fraction

import pytest

from indicators.compute import compute
from indicators.periods import Period
from territories.models import ReferenceFramework
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
AFTER = date(2025, 6, 1)  # after the end of P: P is not cut
IN_PROGRESS = date(2024, 11, 15)

ALL = ["outreach", "accompaniment", "collaboration"]


def row(code, territory="A", key=YEAR, as_of=AFTER):
    return compute(Period.parse(key), as_of=as_of, territories=None).get(territory, code)


def post(territory, sector, **fields):
    return factories.position(factories.organization(territory, sector), **fields)


# L1_SECTORS_CONFORMING


def test_conforming_counts_distinct_sectors_whose_mandate_meets_the_framework(territory_a):
    """MFA ×2 (both full), MSSS (no collaboration), MEQ (full) → sectors {MFA, MEQ}: 2; n 3."""
    post(territory_a, "MFA", components=ALL)
    post(territory_a, "MFA", components=ALL)
    post(territory_a, "MSSS", components=["outreach", "accompaniment"])
    post(territory_a, "MEQ", components=ALL)
    result = row("L1_SECTORS_CONFORMING")
    assert (result.value, result.n, result.status) == (2, 3, "no_target")


def test_conforming_follows_a_changed_framework(territory_a):
    """Framework {outreach, accompaniment}: MFA full ✓, MSSS {outreach, accompaniment} ✓,
    MIFI {collaboration} ✗ → 2; n 3."""
    framework = ReferenceFramework.current()
    framework.required_components = ["outreach", "accompaniment"]
    framework.save()
    post(territory_a, "MFA", components=ALL)
    post(territory_a, "MSSS", components=["outreach", "accompaniment"])
    post(territory_a, "MIFI", components=["collaboration"])
    result = row("L1_SECTORS_CONFORMING")
    assert (result.value, result.n) == (2, 3)


def test_conforming_with_the_default_framework_needs_all_three_components(territory_a):
    """Default framework (all three): only MFA of MFA, MSSS, MIFI conforms → 1; n 3."""
    post(territory_a, "MFA", components=ALL)
    post(territory_a, "MSSS", components=["outreach", "accompaniment"])
    post(territory_a, "MIFI", components=["collaboration"])
    result = row("L1_SECTORS_CONFORMING")
    assert (result.value, result.n) == (1, 3)


def test_conforming_is_zero_without_an_active_position(territory_a):
    """Only a position closed the day before P → nothing counted: 0, n 0, a count is never
    not_applicable."""
    post(territory_a, "MFA", opened_on=date(2023, 4, 1), closed_on=date(2024, 3, 31))
    result = row("L1_SECTORS_CONFORMING")
    assert (result.value, result.n, result.status) == (0, 0, "no_target")


def test_conforming_counts_positions_active_at_the_period_edges(territory_a):
    """MFA opened on P.end ✓, MSSS closed on P.start ✓, MEQ closed the day before P ✗,
    MIFI opened the day after P ✗ → 2; n 2."""
    post(territory_a, "MFA", opened_on=date(2025, 3, 31))
    post(territory_a, "MSSS", opened_on=date(2023, 4, 1), closed_on=date(2024, 4, 1))
    post(territory_a, "MEQ", opened_on=date(2023, 4, 1), closed_on=date(2024, 3, 31))
    post(territory_a, "MIFI", opened_on=date(2025, 4, 1))
    result = row("L1_SECTORS_CONFORMING")
    assert (result.value, result.n) == (2, 2)


def test_conforming_cuts_a_period_in_progress_at_as_of(territory_a):
    """A = 2024-11-15: MFA opened on A ✓, MSSS opened the day after A ✗ → 1; n 1."""
    post(territory_a, "MFA", opened_on=date(2024, 11, 15))
    post(territory_a, "MSSS", opened_on=date(2024, 11, 16))
    result = row("L1_SECTORS_CONFORMING", as_of=IN_PROGRESS)
    assert (result.value, result.n) == (1, 1)


def test_conforming_leaves_out_other_territories(territory_a, territory_b):
    """A: MFA full; B: MSSS and MEQ full → A 1, n 1; B 2, n 2."""
    post(territory_a, "MFA")
    post(territory_b, "MSSS")
    post(territory_b, "MEQ")
    results = compute(Period.parse(YEAR), as_of=AFTER, territories=None)
    a, b = results.get("A", "L1_SECTORS_CONFORMING"), results.get("B", "L1_SECTORS_CONFORMING")
    assert (a.value, a.n, b.value, b.n) == (1, 1, 2, 2)


# L1_MANDATE_OVERLAP_PCT


def test_overlap_is_the_mean_jaccard_of_cross_sector_pairs(territory_a):
    """MFA1 {pregnant, infants_0_2}, MFA2 {}, MSSS1 {pregnant, housing}, MSSS2 {}.
    Cross-sector pairs: MFA1–MSSS1 1/3, MFA1–MSSS2 0, MFA2–MSSS1 0, MFA2–MSSS2 0 (both empty)
    → 100 × (1/3) ÷ 4 = 25/3; n 4 (the two same-sector pairs are left out)."""
    post(territory_a, "MFA", populations=["pregnant", "infants_0_2"])
    post(territory_a, "MFA", populations=[])
    post(territory_a, "MSSS", populations=["pregnant", "housing"])
    post(territory_a, "MSSS", populations=[])
    result = row("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n, result.status) == (Fraction(25, 3), 4, "no_target")


def test_overlap_over_three_sectors_averages_every_pair(territory_a):
    """MFA {pregnant}, MSSS {pregnant}, MEQ {pregnant, housing}: 1, 1/2, 1/2
    → 100 × 2 ÷ 3 = 200/3; n 3."""
    post(territory_a, "MFA", populations=["pregnant"])
    post(territory_a, "MSSS", populations=["pregnant"])
    post(territory_a, "MEQ", populations=["pregnant", "housing"])
    result = row("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n) == (Fraction(200, 3), 3)


def test_overlap_of_two_empty_sets_is_zero(territory_a):
    """MFA {} and MSSS {}: Jaccard 0 (both empty) → 0; n 1."""
    post(territory_a, "MFA", populations=[])
    post(territory_a, "MSSS", populations=[])
    result = row("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n, result.status) == (0, 1, "no_target")


def test_overlap_of_identical_sets_is_100(territory_a):
    """MFA {pregnant, housing}, MEQ {housing, pregnant} → 100 × 2/2 = 100; n 1."""
    post(territory_a, "MFA", populations=["pregnant", "housing"])
    post(territory_a, "MEQ", populations=["housing", "pregnant"])
    result = row("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n) == (100, 1)


def test_overlap_with_only_same_sector_pairs_is_not_applicable(territory_a):
    """Two MFA positions: no pair from different sectors → not_applicable, n 0."""
    post(territory_a, "MFA", populations=["pregnant"])
    post(territory_a, "MFA", populations=["pregnant"])
    result = row("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


def test_overlap_leaves_out_positions_not_active_during_the_period(territory_a):
    """MFA {pregnant}, MSSS {pregnant} active; MEQ {housing} closed before P → one pair,
    Jaccard 1 → 100; n 1."""
    post(territory_a, "MFA", populations=["pregnant"])
    post(territory_a, "MSSS", populations=["pregnant"])
    post(territory_a, "MEQ", populations=["housing"], closed_on=date(2024, 3, 31))
    result = row("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n) == (100, 1)


def test_overlap_does_not_pair_positions_of_different_territories(territory_a, territory_b):
    """A: MFA {pregnant}; B: MSSS {pregnant} → no pair on A: not_applicable, n 0."""
    post(territory_a, "MFA", populations=["pregnant"])
    post(territory_b, "MSSS", populations=["pregnant"])
    result = row("L1_MANDATE_OVERLAP_PCT")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")


# L1_PRESENTATIONS


def test_presentations_count_intra_and_inter_entries_dated_in_the_period(territory_a):
    """intra 2024-04-01, inter 2025-03-31, intra 2024-06-01 → 3; not: supervision,
    support_request, codevelopment, inter 2024-03-31, intra 2025-04-01 → 3; n 3."""
    one = post(territory_a, "MFA")
    two = post(territory_a, "MSSS")
    factories.journal_entry(one, "presentation_intra", date=date(2024, 4, 1))
    factories.journal_entry(two, "presentation_inter", date=date(2025, 3, 31))
    factories.journal_entry(one, "presentation_intra", date=date(2024, 6, 1))
    factories.journal_entry(one, "supervision", date=date(2024, 6, 1), hours=2)
    factories.journal_entry(one, "support_request", date=date(2024, 6, 1))
    factories.journal_entry(one, "codevelopment", date=date(2024, 6, 1), hours=1)
    factories.journal_entry(one, "presentation_inter", date=date(2024, 3, 31))
    factories.journal_entry(one, "presentation_intra", date=date(2025, 4, 1))
    result = row("L1_PRESENTATIONS")
    assert (result.value, result.n, result.status) == (3, 3, "no_target")


def test_presentations_leave_out_other_territories(territory_a, territory_b):
    """A: 1 presentation; B: 2 → A 1; n 1."""
    factories.journal_entry(post(territory_a, "MFA"), "presentation_intra")
    other = post(territory_b, "MFA")
    factories.journal_entry(other, "presentation_intra")
    factories.journal_entry(other, "presentation_inter")
    result = row("L1_PRESENTATIONS")
    assert (result.value, result.n) == (1, 1)


def test_presentations_after_as_of_are_not_counted(territory_a):
    """A = 2024-11-15: presentation on A ✓, the day after ✗ → 1; n 1."""
    one = post(territory_a, "MFA")
    factories.journal_entry(one, "presentation_intra", date=date(2024, 11, 15))
    factories.journal_entry(one, "presentation_intra", date=date(2024, 11, 16))
    result = row("L1_PRESENTATIONS", as_of=IN_PROGRESS)
    assert (result.value, result.n) == (1, 1)


def test_presentations_none_is_zero(territory_a):
    """No presentation → 0, n 0, no_target (a count is never not_applicable)."""
    post(territory_a, "MFA")
    result = row("L1_PRESENTATIONS")
    assert (result.value, result.n, result.status) == (0, 0, "no_target")


def test_presentations_in_a_quarter(territory_a):
    """2024-2025-T3 (Oct–Dec): 2024-10-01 ✓, 2024-12-31 ✓, 2024-09-30 ✗, 2025-01-01 ✗ → 2."""
    one = post(territory_a, "MFA")
    for day in (date(2024, 10, 1), date(2024, 12, 31), date(2024, 9, 30), date(2025, 1, 1)):
        factories.journal_entry(one, "presentation_inter", date=day)
    result = row("L1_PRESENTATIONS", key="2024-2025-T3")
    assert (result.value, result.n) == (2, 2)


def test_indicator_without_target_has_no_target(territory_a):
    """L1_PRESENTATIONS has no default target → status no_target, target None."""
    result = row("L1_PRESENTATIONS")
    assert (result.status, result.target) == ("no_target", None)
