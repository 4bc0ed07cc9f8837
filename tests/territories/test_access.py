"""territories/access.py: which territories and rows each role sees, and the 404 rule."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from referrals.models import Family, Referral
from surveys.models import Response
from territories.access import get_for_user_or_404, sees_family_data
from territories.models import (
    Assignment,
    JournalEntry,
    Organization,
    Position,
    Project,
    Role,
    SocioHealthProfile,
    Territory,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two territories, each with one row of every territory-scoped model."""
    rows = {}
    for code in ("A", "B"):
        territory = factories.territory(code)
        organization = factories.organization(territory, "MFA", code=f"{code}-MFA")
        position = factories.position(organization, code=f"{code}-MFA-1")
        factories.assignment(position)
        factories.journal_entry(position, hours=2)
        factories.project(territory, code=f"{code}-PRJ")
        factories.profile(territory, 2023)
        factories.corridor(territory, code=f"{code}-COR")
        factories.referral(territory, ref=f"{code}-R1")
        factories.response(territory)
        rows[code] = territory
    factories.profile(None, 2023)  # the province's reference profile
    return rows


@pytest.fixture
def cast(world):
    return {
        "admin": factories.user("admin", role=Role.ADMIN),
        "superuser": factories.user("root", role=Role.PAP, is_superuser=True),
        "conseiller": factories.user("conseiller", role=Role.ADVISOR),
        "coordination_a": factories.user(
            "coordination-a", role=Role.COORDINATION, territories=[world["A"]]
        ),
        "coordination_ab": factories.user(
            "coordination-ab", role=Role.COORDINATION, territories=[world["A"], world["B"]]
        ),
        "pap_a": factories.user("pap-a", role=Role.PAP, territories=[world["A"]]),
        "pap_nowhere": factories.user("pap-nowhere", role=Role.PAP),
    }


AGGREGATE_MODELS = [
    (Territory, "code"),
    (Organization, "territory__code"),
    (Position, "organization__territory__code"),
    (Assignment, "position__organization__territory__code"),
    (JournalEntry, "position__organization__territory__code"),
    (Project, "territory__code"),
    (Response, "territory__code"),
]
FAMILY_MODELS = [(Family, "territory__code"), (Referral, "territory__code")]


def codes(model, path, user):
    return set(model.objects.for_user(user).values_list(path, flat=True))


@pytest.mark.parametrize(("model", "path"), AGGREGATE_MODELS + FAMILY_MODELS)
def test_coordinator_sees_only_their_territory(cast, model, path):
    assert codes(model, path, cast["coordination_a"]) == {"A"}


@pytest.mark.parametrize(("model", "path"), AGGREGATE_MODELS + FAMILY_MODELS)
def test_coordinator_of_two_territories_sees_both(cast, model, path):
    assert codes(model, path, cast["coordination_ab"]) == {"A", "B"}


@pytest.mark.parametrize(("model", "path"), AGGREGATE_MODELS)
def test_advisor_sees_every_territory(cast, model, path):
    assert codes(model, path, cast["conseiller"]) == {"A", "B"}


@pytest.mark.parametrize(("model", "path"), FAMILY_MODELS)
def test_advisor_never_receives_family_level_rows(cast, model, path):
    assert codes(model, path, cast["conseiller"]) == set()


@pytest.mark.parametrize(("model", "path"), AGGREGATE_MODELS)
def test_pap_sees_only_their_territory(cast, model, path):
    assert codes(model, path, cast["pap_a"]) == {"A"}


@pytest.mark.parametrize(("model", "path"), FAMILY_MODELS)
def test_pap_never_receives_family_level_rows(cast, model, path):
    assert codes(model, path, cast["pap_a"]) == set()


@pytest.mark.parametrize("who", ["admin", "superuser"])
@pytest.mark.parametrize(("model", "path"), AGGREGATE_MODELS + FAMILY_MODELS)
def test_administrators_see_everything(cast, who, model, path):
    assert codes(model, path, cast[who]) == {"A", "B"}


@pytest.mark.parametrize(("model", "path"), AGGREGATE_MODELS + FAMILY_MODELS)
def test_anonymous_and_unattached_users_see_nothing(cast, model, path):
    assert codes(model, path, AnonymousUser()) == set()
    assert codes(model, path, cast["pap_nowhere"]) == set()


def test_inactive_user_sees_nothing(cast):
    cast["conseiller"].is_active = False
    assert not Territory.objects.for_user(cast["conseiller"]).exists()


def test_profiles_in_scope_include_the_province_reference(cast):
    rows = SocioHealthProfile.objects.for_user(cast["coordination_a"])
    assert sorted(profile.scope_code for profile in rows) == ["A", "QC"]
    assert not SocioHealthProfile.objects.for_user(AnonymousUser()).exists()


def test_other_territory_object_is_404(cast, world):
    with pytest.raises(Http404):
        get_for_user_or_404(Territory, cast["coordination_a"], code="B")
    with pytest.raises(Http404):
        get_for_user_or_404(Referral, cast["coordination_a"], ref="B-R1")
    assert get_for_user_or_404(Territory, cast["coordination_a"], code="A") == world["A"]


def test_advisor_gets_404_for_a_referral(cast):
    with pytest.raises(Http404):
        get_for_user_or_404(Referral, cast["conseiller"], ref="A-R1")


def test_get_for_user_or_404_accepts_a_queryset(cast):
    queryset = Referral.objects.filter(status="pending")
    assert get_for_user_or_404(queryset, cast["coordination_a"], ref="A-R1").ref == "A-R1"


def test_family_data_roles():
    assert sees_family_data(factories.user("c", role=Role.COORDINATION))
    assert sees_family_data(factories.user("a", role=Role.ADMIN))
    assert not sees_family_data(factories.user("adv", role=Role.ADVISOR))
    assert not sees_family_data(factories.user("p", role=Role.PAP))
    assert not sees_family_data(AnonymousUser())


def test_scope_costs_one_query_per_user(cast, django_assert_num_queries):
    user = cast["coordination_ab"]
    with django_assert_num_queries(2):  # the user's territories, then the rows
        list(Position.objects.for_user(user))
    with django_assert_num_queries(1):  # the scope is kept on the user object
        list(Project.objects.for_user(user))
