"""The overview puts exceptions first (issue 14): targets missed per territory with the change
since the previous period of the same kind, sortable, and the « à surveiller » list of the
widest misses with the corridor or sector pair that weighs most. Worked out by hand:

- 2024-2025, A: family 1 lost on corridor A-X, family 2 (no corridor) taken in charge after
  3 days → escape 1 of 2 = 50 % (target < 10: missed by (50 − 10) / 10 = 400 %), delay 3 j
  (target ≤ 2: missed by 50 %). B: one family taken in charge after 1 day → nothing missed.
- 2023-2024, A: one family taken in charge after 1 day → nothing missed (so A: 2, +2);
  B: one family lost → escape 100 % missed (so B: 0, −1).
- Why A's escape: corridor A-X holds 1 family at 100 % (1 × (100 − 10) = 90) against the pair
  MFA → MSSS with 2 families at 50 % (2 × 40 = 80) and « outside a corridor » at 0 %.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.exceptions import margin
from indicators.periods import Period
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/tableau-de-bord/?periode=2024-2025"


@pytest.fixture
def activity(territory_a, territory_b):
    corridor = factories.corridor(territory_a, code="A-X")
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost", corridor=corridor)
    factories.referral(
        territory_a, first_contact_on=date(2024, 6, 1), taken_in_charge_on=date(2024, 6, 4)
    )
    factories.referral(
        territory_b, first_contact_on=date(2024, 7, 1), taken_in_charge_on=date(2024, 7, 2)
    )
    factories.referral(
        territory_a, first_contact_on=date(2023, 5, 1), taken_in_charge_on=date(2023, 5, 2)
    )
    factories.referral(territory_b, first_contact_on=date(2023, 5, 1), status="lost")


def get(client, user, query=""):
    client.login(username=user.username, password=PASSWORD)
    return client.get(URL + query)


def test_each_territory_counts_its_missed_targets_and_the_change(client, conseiller, activity):
    response = get(client, conseiller)
    missed = {line.code: line.missed for line in response.context["lines"]}
    assert (missed["A"].count, missed["A"].change) == (2, 2)
    assert (missed["B"].count, missed["B"].change) == (0, -1)
    assert response.context["province"].missed is None
    html = response.content.decode()
    assert "↑\u00a0+2" in html and "↓\u00a0−1" in html
    assert "2 de plus qu’à la période précédente" in html  # for screen readers
    assert "écart depuis 2023-2024" in html


def test_the_watch_list_names_the_widest_misses_and_why(client, conseiller, activity):
    watched = get(client, conseiller).context["watched"]
    assert [(item.territory, item.row.indicator) for item in watched] == [
        ("A", "L2_ESCAPE_RATE_PCT"),
        ("A", "L2_HANDOFF_DELAY_DAYS"),
    ]
    assert [item.margin for item in watched] == [4, 0.5]
    assert watched[0].value == "50,0\u00a0%" and watched[0].target == "<\u00a010\u00a0%"
    # A-X holds two families: the advisor is not told that their referrals weigh most there.
    assert watched[0].why == ""


def test_a_coordinator_is_told_why_even_for_a_small_group(client, coordination_a, activity):
    watched = get(client, coordination_a).context["watched"]
    assert watched[0].why == "A – A-X (MFA → MSSS)"


def test_sorting_by_targets_missed(client, conseiller, activity, territory_b):
    factories.territory("C")
    down = get(client, conseiller, "&tri=cibles-manquees&ordre=desc")
    assert [line.code for line in down.context["lines"]] == ["A", "B", "C"]
    up = get(client, conseiller, "&tri=cibles-manquees&ordre=asc")
    assert [line.code for line in up.context["lines"]] == ["B", "C", "A"]  # ties by code


def test_a_coordinator_sees_only_their_territorys_exceptions(client, coordination_a, activity):
    response = get(client, coordination_a)
    assert [line.code for line in response.context["lines"]] == ["A"]
    assert {item.territory for item in response.context["watched"]} == {"A"}


def test_the_download_gives_the_targets_missed(client, conseiller, activity):
    content = get(client, conseiller, "&format=csv").content.decode("utf-8-sig")
    rows = [line.split(";") for line in content.splitlines()]
    assert rows[0][:2] == ["Territoire", "Cibles manquées"]
    assert [row[:2] for row in rows[1:]] == [["A", "2"], ["B", "0"], ["QC", ""]]


def test_margins_are_relative_to_the_target():
    from fractions import Fraction

    from indicators import registry
    from indicators.compute import NOT_MET, Row

    def row(code, value):
        indicator = registry.get(code)
        return Row("A", code, Fraction(value), indicator.default_target, NOT_MET, 3)

    assert margin(row("L2_HANDOFF_DELAY_DAYS", 6)) == 2  # 6 j against ≤ 2 j: 200 %
    assert margin(row("L2_ESCAPE_RATE_PCT", 15)) == Fraction(1, 2)
    assert margin(row("L6_PAP_SATISFACTION", 3)) == Fraction(1, 4)  # higher is better


def test_queries_do_not_grow_with_territories(client, conseiller, activity):
    def count() -> int:
        get(client, conseiller)  # stores the tallies
        with CaptureQueriesContext(connection) as queries:
            get(client, conseiller)
        return len(queries)

    before = count()
    for code in "CDEFG":
        territory = factories.territory(code)
        factories.referral(territory, referred_on=date(2024, 5, 1), status="lost")
    assert count() == before
    assert Period.parse("2024-2025").previous == Period.parse("2023-2024")
