"""The watch list: pending referrals past their corridor's target delay (more days than it) or
waiting 21 days or more, oldest first; its count for the navigation in one query."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.selectors import watch_count, watch_list
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)


def waiting(territory, days, corridor=None, **fields):
    """A referral of ``territory`` referred ``days`` days before TODAY."""
    referred_on = TODAY - timedelta(days=days)
    return factories.referral(
        territory,
        referred_on=referred_on,
        first_contact_on=referred_on,
        corridor=corridor,
        **fields,
    )


def refs(user):
    return [r.ref for r in watch_list(user=user, today=TODAY)]


def test_target_delay_reached_is_not_past_one_more_day_is(coordination_a, territory_a):
    corridor = factories.corridor(territory_a, target_delay_days=5)
    waiting(territory_a, 5, corridor, ref="ON-DELAY")
    waiting(territory_a, 6, corridor, ref="PAST-DELAY")

    assert refs(coordination_a) == ["PAST-DELAY"]


def test_20_days_is_not_listed_21_days_is_without_a_corridor(coordination_a, territory_a):
    waiting(territory_a, 20, ref="D20")
    waiting(territory_a, 21, ref="D21")

    assert refs(coordination_a) == ["D21"]


def test_a_corridor_without_delay_only_has_the_21_day_rule(coordination_a, territory_a):
    corridor = factories.corridor(territory_a, target_delay_days=None)
    waiting(territory_a, 10, corridor, ref="D10")
    waiting(territory_a, 21, corridor, ref="D21")

    assert refs(coordination_a) == ["D21"]


def test_taken_in_charge_and_other_statuses_are_not_listed(coordination_a, territory_a):
    waiting(territory_a, 40, taken_in_charge_on=TODAY, ref="TAKEN")
    waiting(territory_a, 40, status="declined", ref="DECLINED")
    waiting(territory_a, 40, ref="PENDING")

    assert refs(coordination_a) == ["PENDING"]


def test_oldest_first_and_only_the_users_territories(
    coordination_a, admin, territory_a, territory_b
):
    waiting(territory_a, 22, ref="A22")
    waiting(territory_a, 30, ref="A30")
    waiting(territory_b, 25, ref="B25")

    assert refs(coordination_a) == ["A30", "A22"]
    assert refs(admin) == ["A30", "B25", "A22"]
    assert watch_count(user=coordination_a, today=TODAY) == 2
    assert watch_count(user=admin, today=TODAY) == 3


def test_watch_count_is_one_query(admin, territory_a, django_assert_num_queries):
    waiting(territory_a, 22)
    with django_assert_num_queries(1):
        assert watch_count(user=admin, today=TODAY) == 1


def test_the_page_shows_days_waiting_and_the_corridors_delay(client, coordination_a, territory_a):
    today = timezone.localdate()
    corridor = factories.corridor(territory_a, target_delay_days=2)
    referred_on = today - timedelta(days=4)
    factories.referral(
        territory_a,
        ref="LATE",
        referred_on=referred_on,
        first_contact_on=referred_on,
        corridor=corridor,
    )
    client.force_login(coordination_a)

    response = client.get(reverse("referrals:watch"))

    html = response.content.decode()
    assert [r.days_waiting for r in response.context["referrals"]] == [4]
    assert "LATE" in html and "2 jours" in html
    assert "À surveiller (1)" in html  # the navigation's count
    assert 'name="action" value="take_in_charge"' in html


def test_watch_page_query_count_does_not_grow_with_rows(
    client, coordination_a, territory_a, django_assert_num_queries
):
    client.force_login(coordination_a)
    old = timezone.localdate() - timedelta(days=30)
    factories.referral(territory_a, referred_on=old, first_contact_on=old)
    # session, user, scope, navigation's count, the list, access log
    with django_assert_num_queries(6) as small:
        client.get(reverse("referrals:watch"))
    for _n in range(5):
        factories.referral(territory_a, referred_on=old, first_contact_on=old)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("referrals:watch"))


def test_navigation_offers_referrals_to_coordination_and_admin_only(
    client, coordination_a, conseiller, pap_a, admin
):
    for user, shown in [(coordination_a, True), (admin, True), (conseiller, False), (pap_a, False)]:
        client.force_login(user)
        html = client.get("/territoires/").content.decode()
        assert ('href="/orientations/a-surveiller/"' in html) is shown, user
        assert ('href="/orientations/"' in html) is shown, user
