"""The survey pages: who sees what (404 otherwise), answering once, paper answers, code cards,
the results by territory, the navigation's reminder, and queries that do not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys.models import Campaign, CodeBatch, OneTimeCode, Participation, Response
from tests import factories
from tests.surveys.conftest import new_campaign, scores_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_campaign(admin, territory_a):
    today = timezone.localdate()
    return new_campaign(
        admin, territory_a, opens_on=today - timedelta(3), closes_on=today + timedelta(10)
    )


@pytest.fixture
def campaign_b(admin, territory_b):
    today = timezone.localdate()
    return new_campaign(
        admin, territory_b, opens_on=today - timedelta(3), closes_on=today + timedelta(10)
    )


def _post_scores(campaign, score=4, **overrides):
    return {f"q{pk}": value for pk, value in scores_for(campaign, score, **overrides).items()}


def test_a_pap_sees_the_open_survey_and_the_reminder(client, pap_a, open_campaign, campaign_b):
    client.force_login(pap_a)
    page = client.get("/sondages/").content.decode()
    assert open_campaign.name in page and campaign_b.name not in page
    assert "Sondages (1 à remplir)" in page
    assert f"/sondages/{open_campaign.pk}/repondre/" in page


def test_a_pap_answers_once_then_sees_that_they_answered_never_what(client, pap_a, open_campaign):
    client.force_login(pap_a)
    answer_url = f"/sondages/{open_campaign.pk}/repondre/"
    assert client.get(answer_url).status_code == 200
    response = client.post(answer_url, _post_scores(open_campaign, 2, overall=5))
    assert response.status_code == 302
    assert Participation.objects.filter(user=pap_a).count() == 1
    listing = client.get("/sondages/").content.decode()
    assert "Vous avez répondu à ce sondage" in listing
    assert "Sondages (1 à remplir)" not in listing
    again = client.post(answer_url, _post_scores(open_campaign, 1, overall=1), follow=True)
    assert "Vous avez déjà répondu à ce sondage" in again.content.decode()
    assert list(Response.objects.values_list("overall", flat=True)) == [5]


def test_a_missing_answer_is_said_by_the_item_and_keeps_the_other_choices(
    client, pap_a, open_campaign
):
    client.force_login(pap_a)
    data = _post_scores(open_campaign, 2)
    overall = open_campaign.questions.get(overall=True)
    data.pop(f"q{overall.pk}")
    page = client.post(f"/sondages/{open_campaign.pk}/repondre/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choisissez une réponse de 1 à 5." in html
    assert html.count("checked") == len(data)  # the choices made stay chosen
    assert not Response.objects.exists() and not Participation.objects.exists()


@pytest.mark.parametrize(
    "path", ["/sondages/{pk}/", "/sondages/{pk}/repondre/", "/sondages/{pk}/papier/"]
)
def test_another_territorys_campaign_is_a_404_for_a_pap(client, pap_a, campaign_b, path):
    client.force_login(pap_a)
    assert client.get(path.format(pk=campaign_b.pk)).status_code == 404


@pytest.mark.parametrize(
    ("cast", "status"),
    [
        ("admin", 200),
        ("coordination_a", 200),
        ("coordination_b", 404),
        ("conseiller", 404),
        ("pap_a", 404),
    ],
)
def test_who_enters_paper_answers_and_edits_a_campaign(
    client, request, open_campaign, cast, status
):
    client.force_login(request.getfixturevalue(cast))
    for path in ("papier", "modifier"):
        assert client.get(f"/sondages/{open_campaign.pk}/{path}/").status_code == status
    creates = cast in ("admin", "coordination_a", "coordination_b")  # in their territory
    assert client.get("/sondages/nouvelle/").status_code == (200 if creates else 404)


@pytest.mark.parametrize("cast", ["admin", "conseiller", "coordination_a", "pap_a"])
def test_results_are_read_by_every_role_in_scope(client, request, open_campaign, cast):
    client.force_login(request.getfixturevalue(cast))
    page = client.get(f"/sondages/{open_campaign.pk}/")
    assert page.status_code == 200
    assert "Personne n’a encore répondu." in page.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, open_campaign):
    for path in ("/sondages/", f"/sondages/{open_campaign.pk}/", "/sondages/resultats/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_an_advisor_sees_counts_never_who_answered(client, conseiller, admin, territory_a, pap_a):
    from surveys.services.answers import answer_online

    today = timezone.localdate()
    closed = new_campaign(
        admin, territory_a, opens_on=today - timedelta(20), closes_on=today - timedelta(5)
    )
    answer_online(user=pap_a, campaign=closed, scores=scores_for(closed), today=closed.opens_on)
    client.force_login(conseiller)
    html = client.get(f"/sondages/{closed.pk}/").content.decode()
    assert "pap-a" not in html
    assert "personne a répondu" in html and "Seulement 1" in html


def _three_answers(campaign, territory, day):
    from surveys.services.answers import answer_online
    from tests.conftest import make_user

    for n, overall in enumerate([5, 4, 2]):
        pap = make_user(f"pap-{campaign.pk}-{n}", "pap", [territory])
        answer_online(
            user=pap, campaign=campaign, scores=scores_for(campaign, 3, overall=overall), today=day
        )


def test_scores_wait_for_the_campaign_to_close(
    client, coordination_a, admin, territory_a, open_campaign
):
    today = timezone.localdate()
    _three_answers(open_campaign, territory_a, today)
    client.force_login(coordination_a)
    html = client.get(f"/sondages/{open_campaign.pk}/").content.decode()
    assert "une fois la campagne fermée" in html
    assert "3,67" not in html and "survey-results" not in html

    closed = new_campaign(
        admin, territory_a, opens_on=today - timedelta(40), closes_on=today - timedelta(20)
    )
    _three_answers(closed, territory_a, closed.opens_on)
    html = client.get(f"/sondages/{closed.pk}/").content.decode()
    assert "une fois la campagne fermée" not in html
    assert "3,67" in html  # (5 + 4 + 2) / 3, the overall item's mean


def test_a_coordinator_creates_a_campaign_with_the_default_questionnaire(
    client, coordination_a, territory_a
):
    client.force_login(coordination_a)
    form = client.get("/sondages/nouvelle/?sondage=pap").context["form"]
    today = timezone.localdate()
    data = {
        "kind": "pap",
        "territory": territory_a.pk,
        "name": "Sondage PAP T3",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(30)).isoformat(),
        "items": form.initial["items"],
        "overall_item": form.initial["overall_item"],
    }
    response = client.post("/sondages/nouvelle/", data)
    campaign = Campaign.objects.get(name="Sondage PAP T3")
    assert response.status_code == 302 and response["Location"] == f"/sondages/{campaign.pk}/"
    assert campaign.questions.filter(overall=True).count() == 1
    assert campaign.questions.count() == len(form.initial["items"].splitlines()) + 1


def test_a_bad_campaign_form_keeps_the_input_and_says_why_in_french(
    client, coordination_a, territory_a
):
    client.force_login(coordination_a)
    data = {
        "kind": "family",
        "territory": territory_a.pk,
        "name": "Mon sondage",
        "opens_on": "2024-06-01",
        "closes_on": "2024-05-01",
        "items": "Énoncé",
        "overall_item": "Globalement ?",
    }
    page = client.post("/sondages/nouvelle/", data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Choisissez le projet visé par ce sondage des familles." in html
    assert 'value="Mon sondage"' in html
    assert not Campaign.objects.exists()


def test_a_coordinator_enters_a_paper_questionnaire(client, coordination_a, open_campaign):
    client.force_login(coordination_a)
    overall = open_campaign.questions.get(overall=True)
    data = {"submitted_on": timezone.localdate().isoformat(), f"q{overall.pk}": "3"}
    response = client.post(f"/sondages/{open_campaign.pk}/papier/", data)
    assert response.status_code == 302
    assert list(Response.objects.values_list("channel", "overall")) == [("paper", 3)]


def test_a_coordinator_prints_cards_shown_once(client, coordination_a, territory_a, admin):
    project = factories.project(territory_a, code="A-PRJ-1", name="Projet Halte")
    today = timezone.localdate()
    campaign = new_campaign(
        admin,
        territory_a,
        kind="family",
        project=project,
        opens_on=today,
        closes_on=today + timedelta(30),
    )
    client.force_login(coordination_a)
    page = client.post(f"/sondages/{campaign.pk}/codes/", {"count": "4"})
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert html.count('class="code-card"') == 4
    assert "http://testserver/sondage/" in html
    assert CodeBatch.objects.get().size == 4 and OneTimeCode.objects.count() == 4
    listing = client.get(f"/sondages/{campaign.pk}/codes/").content.decode()
    assert "code-card" not in listing  # never shown again
    # Nor how many of a batch were used: a batch handed to one family would say it answered.
    OneTimeCode.objects.filter(pk=OneTimeCode.objects.first().pk).update(used=True)
    listing = client.get(f"/sondages/{campaign.pk}/codes/").content.decode()
    assert ">Utilisés<" not in listing
    assert listing.count('<td class="num">') == 1  # the batch's size, no count of codes used


def test_codes_of_a_pap_campaign_are_a_404(client, coordination_a, open_campaign):
    client.force_login(coordination_a)
    assert client.get(f"/sondages/{open_campaign.pk}/codes/").status_code == 404


def test_results_by_territory_page_and_bad_parameters(client, conseiller, territory_a):
    factories.survey_answers(territory_a, [4, 5, 3])
    client.force_login(conseiller)
    page = client.get("/sondages/resultats/?periode=2024-2025&sondage=pap")
    html = page.content.decode()
    assert page.status_code == 200 and "4,00" in html
    bad = client.get("/sondages/resultats/?periode=2024-13&sondage=autre")
    assert bad.status_code == 400
    assert "n’est pas une période" in bad.content.decode()


def test_the_list_costs_the_same_queries_with_more_campaigns(
    client, pap_a, admin, territory_a, django_assert_num_queries
):
    today = timezone.localdate()
    client.force_login(pap_a)
    new_campaign(admin, territory_a, opens_on=today, closes_on=today + timedelta(5))
    with CaptureQueriesContext(connection) as few:
        client.get("/sondages/")
    for n in range(1, 6):
        start = today + timedelta(10 * n)
        new_campaign(admin, territory_a, opens_on=start, closes_on=start + timedelta(5))
        factories.project(territory_a, code=f"A-PRJ-{n}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/sondages/")


def test_the_results_page_costs_the_same_queries_with_more_territories(
    client, conseiller, territory_a, django_assert_num_queries
):
    client.force_login(conseiller)
    factories.survey_answers(territory_a, [4, 5, 3])
    with CaptureQueriesContext(connection) as few:
        client.get("/sondages/resultats/?periode=2024-2025")
    for code in ("C", "D", "E"):
        factories.survey_answers(factories.territory(code), [4, 2])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/sondages/resultats/?periode=2024-2025")


def test_the_new_campaign_form_proposes_the_territory_and_the_quarter(
    client, coordination_a, territory_a
):
    client.force_login(coordination_a)
    form = client.get("/sondages/nouvelle/?sondage=pap").context["form"]
    today = timezone.localdate()
    assert form.initial["territory"] == territory_a.pk
    assert form.initial["opens_on"] == today
    closes_on = form.initial["closes_on"]
    assert closes_on.month in (3, 6, 9, 12) and closes_on >= today
    assert (closes_on + timedelta(1)).day == 1 and (closes_on - today).days < 92


def test_a_campaign_without_questions_refuses_answers_with_a_message(client, pap_a, territory_a):
    today = timezone.localdate()
    bare = factories.campaign(territory_a, opens_on=today, closes_on=today + timedelta(5))
    client.force_login(pap_a)
    page = client.post(f"/sondages/{bare.pk}/repondre/", {})
    assert page.status_code == 200
    assert "Ce sondage n’a pas d’item global" in page.content.decode()
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_campaigns_are_not_added_in_the_django_admin(client, admin):
    client.force_login(admin)
    assert client.get("/admin/surveys/campaign/add/").status_code == 403


def test_answering_a_closed_campaign_says_it_is_not_open(client, pap_a, admin, territory_a):
    today = timezone.localdate()
    closed = new_campaign(
        admin, territory_a, opens_on=today - timedelta(20), closes_on=today - timedelta(5)
    )
    client.force_login(pap_a)
    page = client.post(f"/sondages/{closed.pk}/repondre/", _post_scores(closed), follow=True)
    html = page.content.decode()
    assert "Ce sondage n’est pas ouvert" in html
    assert "déjà répondu" not in html
    assert not Response.objects.exists()


def test_the_pap_anonymity_note_gives_the_threshold_set(client, pap_a, open_campaign, settings):
    settings.MIN_CELL_SIZE = 4
    client.force_login(pap_a)
    html = client.get(f"/sondages/{open_campaign.pk}/repondre/").content.decode()
    assert "au moins 4 personnes" in html
