"""``?territoire=``, read once for the API and the breakdowns' download: codes in any case,
repeated or not, within the user's scope; a code outside it is a 404 that names the code."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from dashboards.territory_parameter import TerritoryNotVisible, asked_territories
from territories.models import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def asked(user, *codes: str) -> list[str]:
    request = RequestFactory().get("/", {"territoire": list(codes)})
    request.user = user
    return asked_territories(request)


def test_nothing_asked_gives_every_territory_the_user_sees(conseiller, territory_a, territory_b):
    assert asked(conseiller) == ["A", "B"]


def test_codes_are_read_in_any_case_once_each_in_code_order(conseiller, territory_a, territory_b):
    assert asked(conseiller, " b ", "a", "B", "") == ["A", "B"]


def test_a_territory_outside_the_scope_is_404_like_an_unknown_one(coordination_a, territory_b):
    for code in ("b", "ZZ"):
        with pytest.raises(TerritoryNotVisible) as raised:
            asked(coordination_a, "A", code)
        assert raised.value.code == code
        assert isinstance(raised.value, Http404)


def test_a_user_without_territory_sees_none(territory_a):
    nobody = make_user("sans-territoire", Role.PAP)
    assert asked(nobody) == []
    with pytest.raises(TerritoryNotVisible):
        asked(nobody, "A")
