"""Results: shown from MIN_CELL_SIZE respondents (3), counted as DESIGN.md section 8 says, with
complementary suppression beside the province total; the response rate."""

from datetime import date
from decimal import Decimal

import pytest

from surveys.results import campaign_results, overall_by_territory
from surveys.services.answers import answer_online, record_paper_answer
from territories.models import Role, Territory
from tests import factories
from tests.conftest import make_user
from tests.surveys.conftest import new_campaign, scores_for

pytestmark = pytest.mark.django_db

FISCAL_YEAR = (date(2024, 4, 1), date(2025, 3, 31))
QUARTERS = [
    (date(2024, 4, 1), date(2024, 6, 30)),
    (date(2024, 7, 1), date(2024, 9, 30)),
    (date(2024, 10, 1), date(2024, 12, 31)),
    (date(2025, 1, 1), date(2025, 3, 31)),
]


def _answer(campaign, user, overall):
    answer_online(
        user=user,
        campaign=campaign,
        scores=scores_for(campaign, 4, overall=overall),
        today=campaign.opens_on,
    )


@pytest.mark.parametrize(("answers", "shown"), [(1, False), (2, False), (3, True)])
def test_a_campaign_shows_its_results_from_three_respondents(admin, territory_a, answers, shown):
    campaign = new_campaign(admin, territory_a)
    scores = [5, 2, 4][:answers]
    for n, score in enumerate(scores):
        _answer(campaign, make_user(f"pap-{n}", Role.PAP, [territory_a]), score)
    results = campaign_results(campaign)
    assert results.respondents == answers
    assert results.shown is shown
    overall = results.items[-1][1]
    assert overall.shown is shown
    assert overall.answers == answers
    assert overall.counts == {s: scores.count(s) for s in range(1, 6)}
    expected_mean = (Decimal(sum(scores)) / answers).quantize(Decimal("0.01"))
    assert overall.mean == expected_mean  # 11/3 = 3.67; the page hides it when not shown


def test_paper_answers_count_one_each_and_skipped_items_count_nothing(admin, territory_a):
    campaign = new_campaign(admin, territory_a)
    overall = campaign.questions.get(overall=True)
    first = campaign.questions.get(number=1)
    for score in (3, 4, 5):
        scores = dict.fromkeys(scores_for(campaign)) | {overall.pk: score}
        if score == 5:
            scores[first.pk] = 1
        record_paper_answer(
            actor=admin,
            campaign=campaign,
            submitted_on=campaign.opens_on,
            scores=scores,
            today=date(2024, 6, 1),
        )
    results = campaign_results(campaign)
    assert results.respondents == 3 and results.by_channel["paper"] == 3
    items = {question.number: distribution for question, distribution in results.items}
    assert items[overall.number].shown and items[overall.number].mean == Decimal("4.00")
    assert items[1].answers == 1 and not items[1].shown  # one answer to that item: hidden
    assert results.participations == 0


def test_response_rate_is_participations_over_paps_assigned_during_the_campaign(admin, territory_a):
    campaign = new_campaign(admin, territory_a)
    factories.pap(territory_a, "MFA", person="PAP-1", started_on=date(2023, 1, 1))
    factories.pap(territory_a, "MSSS", person="PAP-2", started_on=date(2024, 5, 20))
    factories.pap(
        territory_a, "MSSS", person="PAP-3", started_on=date(2023, 1, 1), ended_on=date(2024, 4, 30)
    )  # gone before the campaign opened
    _answer(campaign, make_user("pap-1", Role.PAP, [territory_a]), 4)
    results = campaign_results(campaign)
    assert (results.participations, results.assigned) == (1, 2)
    assert results.response_rate == Decimal("50.0")


def test_two_paps_answering_four_quarters_are_two_respondents(admin, territory_a, territory_b):
    paps = [make_user(f"pap-{n}", Role.PAP, [territory_a]) for n in range(2)]
    for opens_on, closes_on in QUARTERS:
        campaign = new_campaign(admin, territory_a, opens_on=opens_on, closes_on=closes_on)
        for pap in paps:
            _answer(campaign, pap, 4)
    rows, province = overall_by_territory("pap", *FISCAL_YEAR, Territory.objects.all())
    row_a = next(row for row in rows if row.territory == territory_a)
    assert (row_a.distribution.answers, row_a.distribution.respondents) == (8, 2)
    assert not row_a.distribution.shown
    assert province.distribution.respondents == 2 and not province.distribution.shown


def test_the_engine_counts_respondents_the_same_way(admin, territory_a):
    from indicators.compute.engine import compute
    from indicators.periods import Period

    paps = [make_user(f"pap-{n}", Role.PAP, [territory_a]) for n in range(2)]
    for opens_on, closes_on in QUARTERS:
        campaign = new_campaign(admin, territory_a, opens_on=opens_on, closes_on=closes_on)
        for pap in paps:
            _answer(campaign, pap, 5)
    results = compute(Period.parse("2024-2025"), as_of=date(2025, 6, 1))
    value = results.get("A", "L6_PAP_SATISFACTION")
    assert (value.status, value.n) == ("suppressed", 8)


def test_complementary_suppression_beside_the_province_total(admin, territory_a, territory_b):
    territory_c = factories.territory("C")
    # A: 2 paper answers (hidden); B: 3; C: 5. With the QC total shown, B (fewest answers among
    # the shown) is hidden too, or A's answers would follow from QC − B − C.
    for territory, scores in (
        (territory_a, [1, 2]),
        (territory_b, [4, 4, 5]),
        (territory_c, [3] * 5),
    ):
        factories.survey_answers(territory, scores, submitted_on=date(2024, 5, 1))
    rows, province = overall_by_territory("pap", *FISCAL_YEAR, Territory.objects.all())
    shown = {row.territory.code: row.distribution.shown for row in rows}
    assert shown == {"A": False, "B": False, "C": True}
    assert province.distribution.shown and province.distribution.respondents == 10
    assert province.distribution.mean == Decimal(sum([1, 2, 4, 4, 5] + [3] * 5) / 10).quantize(
        Decimal("0.01")
    )


def test_results_by_territory_keep_to_the_scope_but_suppress_over_every_territory(
    admin, territory_a, territory_b
):
    territory_c = factories.territory("C")
    for territory, scores in (
        (territory_a, [1, 2]),
        (territory_b, [4, 4, 5]),
        (territory_c, [3] * 5),
    ):
        factories.survey_answers(territory, scores, submitted_on=date(2024, 5, 1))
    rows, _province = overall_by_territory("pap", *FISCAL_YEAR, Territory.objects.filter(code="B"))
    assert [(row.territory.code, row.distribution.shown) for row in rows] == [("B", False)]


def test_answers_without_their_participation_records_still_stand_behind_one_each(
    admin, territory_a
):
    # Records deleted by hand in the database: three answers of one campaign are three PAPs
    # however many records are left, so one answer alone is never shown as if from nobody.
    from indicators.compute.engine import compute
    from indicators.periods import Period
    from surveys.models import Participation

    campaign = new_campaign(
        admin, territory_a, opens_on=date(2024, 4, 1), closes_on=date(2024, 6, 30)
    )
    _answer(campaign, make_user("pap-seul", Role.PAP, [territory_a]), 5)
    Participation.objects.all().delete()

    results = campaign_results(campaign)
    assert (results.respondents, results.shown) == (1, False)
    rows, province = overall_by_territory("pap", *FISCAL_YEAR, Territory.objects.all())
    row_a = next(row for row in rows if row.territory == territory_a)
    assert (row_a.distribution.respondents, row_a.distribution.shown) == (1, False)
    assert (province.distribution.respondents, province.distribution.shown) == (1, False)
    value = compute(Period.parse("2024-2025"), as_of=date(2025, 6, 1)).get(
        "A", "L6_PAP_SATISFACTION"
    )
    assert value.status == "suppressed"
