"""The story behind a number (issue 15): a coordinator writes, per indicator and period, a short
explanation shown beside the value on the territory page — to advisors too — and in its printed
fiche, with the author's role and the date. Who may write it, what is refused, the audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import IndicatorStory
from indicators.periods import Period
from indicators.stories import STORY_MAX, write_story
from territories.models import AuditEntry
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")
TODAY = date(2025, 5, 2)
ESCAPE = "L2_ESCAPE_RATE_PCT"
TEXT = "Deux corridors ont perdu leur porte d’entrée en janvier; la table les reprend en mai."


def edit_url(code="A", indicator=ESCAPE, period="2024-2025"):
    return f"/territoires/{code}/recit/{indicator}/?periode={period}"


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def activity(territory_a, territory_b):
    factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")


def test_a_coordinator_writes_changes_and_removes_a_story_audited(coordination_a, territory_a):
    story = write_story(
        actor=coordination_a, territory=territory_a, indicator=ESCAPE, period=YEAR, text=TEXT,
        today=TODAY,
    )  # fmt: skip
    assert (story.text, story.author_role, story.written_on) == (TEXT, "coordination", TODAY)
    write_story(
        actor=coordination_a, territory=territory_a, indicator=ESCAPE, period=YEAR,
        text="  Autre récit.  ", today=TODAY,
    )  # fmt: skip
    assert list(IndicatorStory.objects.values_list("text", flat=True)) == ["Autre récit."]
    write_story(
        actor=coordination_a, territory=territory_a, indicator=ESCAPE, period=YEAR, text=" ",
        today=TODAY,
    )  # fmt: skip
    assert not IndicatorStory.objects.exists()
    actions = list(
        AuditEntry.objects.filter(object_type__icontains="story")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_what_is_refused(coordination_a, territory_a, territory_b, conseiller):
    with pytest.raises(PermissionDenied):  # another territory
        write_story(
            actor=coordination_a, territory=territory_b, indicator=ESCAPE, period=YEAR,
            text=TEXT, today=TODAY,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # advisors read, never write
        write_story(
            actor=conseiller, territory=territory_a, indicator=ESCAPE, period=YEAR, text=TEXT,
            today=TODAY,
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        write_story(
            actor=coordination_a, territory=territory_a, indicator=ESCAPE, period=YEAR,
            text="x" * (STORY_MAX + 1), today=TODAY,
        )  # fmt: skip
    assert "text" in error.value.message_dict
    assert not IndicatorStory.objects.exists()


def test_the_page_saves_and_the_territory_page_shows_it_to_advisors(
    client, coordination_a, conseiller, activity
):
    login(client, coordination_a)
    page = client.get(edit_url())
    assert page.status_code == 200
    assert (
        "Ne jamais écrire" in page.content.decode() or "N’écrivez jamais" in page.content.decode()
    )
    saved = client.post(edit_url(), {"text": TEXT})
    assert saved.status_code == 302
    assert saved["Location"] == "/territoires/A/?periode=2024-2025#levier-2"
    client.logout()
    login(client, conseiller)
    html = client.get("/territoires/A/?periode=2024-2025").content.decode()
    assert "la table les reprend en mai" in html
    assert "Coordination territoriale" in html
    assert "Écrire le récit" not in html and "Modifier le récit" not in html  # advisors read


def test_a_too_long_story_keeps_the_input_and_says_why(client, coordination_a, activity):
    login(client, coordination_a)
    long = "x" * (STORY_MAX + 5)
    page = client.post(edit_url(), {"text": long})
    assert page.status_code == 200
    html = page.content.decode()
    assert long in html and "600" in html
    assert not IndicatorStory.objects.exists()


@pytest.mark.parametrize("cast", ["conseiller", "pap_a", "coordination_b"])
def test_only_the_territorys_coordinators_reach_the_page(client, request, cast, activity):
    login(client, request.getfixturevalue(cast))
    assert client.get(edit_url()).status_code == 404
    assert client.post(edit_url(), {"text": TEXT}).status_code == 404
    assert not IndicatorStory.objects.exists()


def test_unknown_indicator_or_bad_period_is_404(client, coordination_a, activity):
    login(client, coordination_a)
    assert client.get(edit_url(indicator="L9_NOPE")).status_code == 404
    assert client.get(edit_url(period="2024-13")).status_code == 404


def test_stories_cost_one_query_whatever_their_number(client, coordination_a, activity):
    login(client, coordination_a)
    client.get("/territoires/A/?periode=2024-2025")

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/territoires/A/?periode=2024-2025")
        return len(queries)

    before = count()
    for code in (ESCAPE, "L2_HANDOFF_DELAY_DAYS", "L1_PRESENTATIONS"):
        client.post(edit_url(indicator=code), {"text": TEXT})
    assert count() == before
