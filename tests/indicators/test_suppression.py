"""Small-cell suppression of survey means (DESIGN.md sections 6 and 8), by hand.

A survey mean resting on 1 to MIN_CELL_SIZE − 1 (3 − 1 = 2) respondents is suppressed; where
exactly one territory is suppressed, the territory with the fewest responses among those shown is
suppressed too (ties: lowest code), never one without responses, and this is decided over every
territory. Paper answers count one respondent each; online PAP answers count distinct PAPs.
P is the fiscal year 2024-2025 and A 2025-06-01.
"""

from datetime import date
from fractions import Fraction

import pytest

from indicators.compute import compute
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
AFTER = date(2025, 6, 1)
PAP = "L6_PAP_SATISFACTION"
FAMILY = "L4_FAMILY_SATISFACTION"


def results(territories=None):
    return compute(Period.parse(YEAR), as_of=AFTER, territories=territories)


def triple(result):
    return (result.value, result.n, result.status)


def territories(*codes):
    return {code: factories.territory(code) for code in codes}


# Basic suppression


@pytest.mark.parametrize("count", [1, 2])
def test_mean_on_fewer_than_3_respondents_is_suppressed(territory_a, count):
    """1 or 2 paper answers → suppressed; value empty, n still given."""
    factories.survey_answers(territory_a, [5] * count)
    assert triple(results().get("A", PAP)) == (None, count, "suppressed")


def test_mean_on_3_respondents_is_shown(territory_a):
    """3 paper answers 4, 3, 3 → 10/3, shown (not_met: < 4); n 3."""
    factories.survey_answers(territory_a, [4, 3, 3])
    assert triple(results().get("A", PAP)) == (Fraction(10, 3), 3, "not_met")


def test_family_mean_on_2_respondents_is_suppressed(territory_a):
    """2 family answers for a project of A → suppressed; n 2."""
    project = factories.project(territory_a)
    factories.survey_answers(territory_a, [5, 5], kind="family", project=project)
    assert triple(results().get("A", FAMILY)) == (None, 2, "suppressed")


def test_min_cell_size_setting_is_used(territory_a, settings):
    """MIN_CELL_SIZE 5: 4 answers → suppressed; n 4."""
    settings.MIN_CELL_SIZE = 5
    factories.survey_answers(territory_a, [4, 4, 4, 4])
    assert triple(results().get("A", PAP)) == (None, 4, "suppressed")


def test_province_mean_on_2_respondents_is_suppressed(territory_a):
    """A alone with 2 answers: the pooled QC mean rests on 2 respondents → suppressed; n 2."""
    factories.survey_answers(territory_a, [3, 5])
    assert triple(results().get("QC", PAP)) == (None, 2, "suppressed")


# Online PAP answers: distinct PAPs


def test_online_pap_answers_count_distinct_paps(territory_a):
    """2 PAPs answering 2 campaigns each: 4 answers but 2 respondents → suppressed."""
    first = factories.campaign(territory_a, opens_on=date(2024, 4, 1), closes_on=date(2024, 6, 30))
    second = factories.campaign(territory_a, opens_on=date(2024, 7, 1), closes_on=date(2024, 9, 30))
    for name in ("pap-1", "pap-2"):
        person = factories.user(name, territories=[territory_a])
        factories.online_pap_answer(first, person, 5)
        factories.online_pap_answer(second, person, 4)
    result = results().get("A", PAP)
    assert (result.value, result.status) == (None, "suppressed")


def test_online_pap_answers_keep_n_as_the_number_of_responses(territory_a):
    """Same data: n is the number of responses (section 6: n "responses") → 4."""
    first = factories.campaign(territory_a, opens_on=date(2024, 4, 1), closes_on=date(2024, 6, 30))
    second = factories.campaign(territory_a, opens_on=date(2024, 7, 1), closes_on=date(2024, 9, 30))
    for name in ("pap-1", "pap-2"):
        person = factories.user(name, territories=[territory_a])
        factories.online_pap_answer(first, person, 5)
        factories.online_pap_answer(second, person, 4)
    assert results().get("A", PAP).n == 4


def test_three_paps_answering_online_once_are_shown(territory_a):
    """3 PAPs, one campaign: 5, 4, 3 → 3 respondents → 4, met; n 3."""
    campaign = factories.campaign(territory_a)
    for name, score in (("pap-1", 5), ("pap-2", 4), ("pap-3", 3)):
        factories.online_pap_answer(campaign, factories.user(name), score)
    assert triple(results().get("A", PAP)) == (4, 3, "met")


def test_online_and_paper_respondents_add_up(territory_a):
    """2 distinct PAPs online over 2 campaigns (5, 5, 3, 3) + 1 paper answer (4)
    → 3 respondents: shown; mean over the 5 answers = 20/5 = 4."""
    first = factories.campaign(territory_a, opens_on=date(2024, 4, 1), closes_on=date(2024, 6, 30))
    second = factories.campaign(territory_a, opens_on=date(2024, 7, 1), closes_on=date(2024, 9, 30))
    for name, score in (("pap-1", 5), ("pap-2", 3)):
        person = factories.user(name)
        factories.online_pap_answer(first, person, score)
        factories.online_pap_answer(second, person, score)
    factories.survey_answers(territory_a, [4])
    result = results().get("A", PAP)
    assert (result.value, result.status) == (4, "met")


# Complementary suppression


def test_complementary_suppression_picks_the_fewest_responses_lowest_code_on_ties():
    """A 2 (suppressed), B 4, C 3, D 3, E 0 → exactly one suppressed: among shown B, C, D the
    fewest is 3, tie C/D → C (lowest code) suppressed too, n 3; B, D shown; E not_applicable,
    n 0."""
    place = territories("A", "B", "C", "D", "E")
    factories.survey_answers(place["A"], [5, 5])
    factories.survey_answers(place["B"], [4, 4, 4, 4])
    factories.survey_answers(place["C"], [3, 3, 3])
    factories.survey_answers(place["D"], [2, 2, 2])
    table = results()
    assert triple(table.get("A", PAP)) == (None, 2, "suppressed")
    assert triple(table.get("C", PAP)) == (None, 3, "suppressed")
    assert triple(table.get("B", PAP)) == (4, 4, "met")
    assert triple(table.get("D", PAP)) == (2, 3, "not_met")
    assert triple(table.get("E", PAP)) == (None, 0, "not_applicable")


def test_complementary_suppression_never_picks_a_territory_without_response():
    """A 1 (suppressed), B 0, C 3, D 5 → C picked (B has no response: never picked, n 0)."""
    place = territories("A", "B", "C", "D")
    factories.survey_answers(place["A"], [5])
    factories.survey_answers(place["C"], [4, 4, 4])
    factories.survey_answers(place["D"], [3, 3, 3, 3, 3])
    table = results()
    assert triple(table.get("B", PAP)) == (None, 0, "not_applicable")
    assert triple(table.get("C", PAP)) == (None, 3, "suppressed")
    assert triple(table.get("D", PAP)) == (3, 5, "not_met")


def test_no_complementary_suppression_when_two_are_suppressed():
    """A 1 and B 2 suppressed → already two: C 3 and D 4 stay shown."""
    place = territories("A", "B", "C", "D")
    factories.survey_answers(place["A"], [5])
    factories.survey_answers(place["B"], [5, 5])
    factories.survey_answers(place["C"], [4, 4, 4])
    factories.survey_answers(place["D"], [4, 4, 4, 4])
    table = results()
    assert [table.get(code, PAP).status for code in "ABCD"] == [
        "suppressed",
        "suppressed",
        "met",
        "met",
    ]


def test_no_complementary_suppression_when_none_is_suppressed():
    """A 3 and B 4 → both shown."""
    place = territories("A", "B")
    factories.survey_answers(place["A"], [4, 4, 4])
    factories.survey_answers(place["B"], [4, 4, 4, 4])
    table = results()
    assert [table.get(code, PAP).status for code in "AB"] == ["met", "met"]


def test_complementary_suppression_is_decided_per_indicator():
    """PAP: A 2 (suppressed), B 3 → B suppressed too. Family: A 3, B 3 → both shown."""
    place = territories("A", "B")
    for territory in place.values():
        project = factories.project(territory)
        factories.survey_answers(territory, [4, 4, 4], kind="family", project=project)
    factories.survey_answers(place["A"], [4, 4])
    factories.survey_answers(place["B"], [4, 4, 4])
    table = results()
    assert table.get("B", PAP).status == "suppressed"
    assert [table.get(code, FAMILY).status for code in "AB"] == ["met", "met"]


def test_suppression_is_decided_over_every_territory_whatever_the_selection():
    """A 4, B 2 (suppressed), C 5; selection ["A"]: B's suppression makes A (4, the fewest shown)
    suppressed too, even though only A is selected; n 4."""
    place = territories("A", "B", "C")
    factories.survey_answers(place["A"], [4, 4, 4, 4])
    factories.survey_answers(place["B"], [4, 4])
    factories.survey_answers(place["C"], [4, 4, 4, 4, 4])
    assert triple(results(["A"]).get("A", PAP)) == (None, 4, "suppressed")


def test_province_row_is_not_suppressed_by_complementary_suppression():
    """A 2 (suppressed), B 3 (suppressed too); QC pools 5 respondents → shown: (8 + 12) ÷ 5 = 4."""
    place = territories("A", "B")
    factories.survey_answers(place["A"], [4, 4])
    factories.survey_answers(place["B"], [4, 4, 4])
    assert triple(results().get("QC", PAP)) == (4, 5, "met")
