"""``bench.load``'s cast: the users, sessions and campaigns of a load run, made again on the
same database without piling up."""

import pytest
from django.utils import timezone

from bench.load_cast import cast
from surveys.models import Campaign
from territories.models import Role, User
from tests import factories


@pytest.mark.django_db
def test_the_cast_is_made_again_on_the_same_database():
    """A second run finds the users and the open campaign again; a PAP who answered is left
    out of the pools, and a new account takes their place."""
    factories.territory("A")
    today = timezone.localdate()
    first = cast(advisors=2, coordinators=["A"], paps=["A"], accounts_per_pap=3, today=today)
    campaign = Campaign.objects.get(pk=first[-1].campaign)
    factories.online_pap_answer(campaign, User.objects.get(username="bench-pap-A-0001"))

    again = cast(advisors=2, coordinators=["A"], paps=["A"], accounts_per_pap=3, today=today)

    assert [person.role for person in again] == ["advisor", "advisor", "coordinator", "pap"]
    assert again[-1].campaign == campaign.pk
    assert len(again[-1].sessions) == 3
    paps = User.objects.filter(role=Role.PAP).order_by("username")
    assert list(paps.values_list("username", flat=True)) == [
        f"bench-pap-A-{number:04d}" for number in range(1, 5)
    ]
    assert User.objects.filter(role=Role.ADVISOR).count() == 2
