"""The Django admin cannot match a person to an answer (issue 13 review): it has no list of
participation records nor of responses, campaigns are only read there (their pages change them
through the service, which checks dates and writes the audit trail), and a user who answered
cannot be deleted, which would make their answer look like nobody's."""

import pytest
from django.db.models import ProtectedError

from surveys.models import Campaign, Participation
from surveys.services.answers import answer_online
from tests.surveys.conftest import TODAY, scores_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(client, admin):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def test_no_admin_page_lists_participations_or_responses(root_client, pap_campaign, pap_a):
    answer_online(user=pap_a, campaign=pap_campaign, scores=scores_for(pap_campaign), today=TODAY)
    for url in ["/admin/surveys/participation/", "/admin/surveys/response/"]:
        assert root_client.get(url).status_code == 404, url
    index = root_client.get("/admin/").content.decode()
    assert "/admin/surveys/campaign/" in index
    assert "/admin/surveys/participation/" not in index
    assert "/admin/surveys/response/" not in index


def test_the_admin_reads_a_campaign_but_does_not_change_nor_delete_it(root_client, pap_campaign):
    url = f"/admin/surveys/campaign/{pap_campaign.pk}/change/"
    page = root_client.get(url)
    assert page.status_code == 200
    assert pap_campaign.name in page.content.decode()
    root_client.post(url, {"name": "Renommé", "opens_on": "2024-05-20"})
    pap_campaign.refresh_from_db()
    assert (pap_campaign.name, str(pap_campaign.opens_on)) != ("Renommé", "2024-05-20")
    assert (
        root_client.post(
            f"/admin/surveys/campaign/{pap_campaign.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Campaign.objects.filter(pk=pap_campaign.pk).exists()


def test_a_user_who_answered_cannot_be_deleted(pap_campaign, pap_a):
    answer_online(user=pap_a, campaign=pap_campaign, scores=scores_for(pap_campaign), today=TODAY)
    with pytest.raises(ProtectedError):
        pap_a.delete()
    assert Participation.objects.filter(user=pap_a).exists()
