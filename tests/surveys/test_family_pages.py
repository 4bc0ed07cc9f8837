"""A family's answer page (``/sondage/<code>/``): no login, a code works once, a clear French
message for a used, expired or unknown code, and too many wrong codes from one client are
throttled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.models import Response
from tests.surveys.conftest import open_family_codes, scores_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def family_codes(admin, territory_a):
    return open_family_codes(admin, territory_a)


def _answers(campaign, overall=5):
    return {f"q{pk}": score for pk, score in scores_for(campaign, 4, overall=overall).items()}


def test_a_family_answers_once_without_logging_in(client, family_codes):
    campaign, plain = family_codes
    page = client.get(f"/sondage/{plain[0]}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Vos réponses sont anonymes" in html and "Halte-garderie" in html
    done = client.post(f"/sondage/{plain[0]}/", _answers(campaign))
    assert done.status_code == 302 and done["Location"] == "/sondage/merci/"
    assert list(Response.objects.values_list("channel", "overall")) == [("code", 5)]
    again = client.get(f"/sondage/{plain[0]}/")
    assert again.status_code == 200
    assert "Ce code a déjà servi" in again.content.decode()
    client.post(f"/sondage/{plain[0]}/", _answers(campaign, overall=1))
    assert Response.objects.count() == 1


def test_the_code_is_typed_on_the_start_page(client, family_codes):
    _campaign, plain = family_codes
    response = client.post("/sondage/", {"code": plain[1].lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"] == f"/sondage/{plain[1]}/"
    wrong = client.post("/sondage/", {"code": "pas-un-code"})
    assert "Ce code n’est pas reconnu" in wrong.content.decode()


def test_an_unknown_code_gets_a_clear_message_and_the_form(client, family_codes):
    page = client.get("/sondage/ABCDE-FGHJK/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ce code n’est pas reconnu" in html and 'name="code"' in html


def test_an_expired_code_says_the_survey_has_closed(client, family_codes):
    campaign, plain = family_codes
    campaign.closes_on = timezone.localdate() - timedelta(1)
    campaign.save()
    page = client.get(f"/sondage/{plain[2]}/")
    assert "Ce sondage est terminé" in page.content.decode()
    client.post(f"/sondage/{plain[2]}/", _answers(campaign))
    assert not Response.objects.exists()


def test_many_wrong_codes_from_one_client_are_throttled(client, family_codes, settings):
    _campaign, plain = family_codes
    for n in range(settings.SURVEY_CODE_MAX_FAILURES):
        assert client.get(f"/sondage/ZZZZZ-ZZZ{n:02d}/").status_code == 200
    blocked = client.get(f"/sondage/{plain[0]}/")  # even a good code, from that client
    assert blocked.status_code == 429
    assert "Trop de codes ont été essayés" in blocked.content.decode()
    other = client.get(f"/sondage/{plain[0]}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another client is not locked out


def test_an_invalid_answer_keeps_the_code_usable(client, family_codes):
    campaign, plain = family_codes
    page = client.post(f"/sondage/{plain[0]}/", {})
    assert page.status_code == 200
    assert "Choisissez une réponse de 1 à 5." in page.content.decode()
    assert client.post(f"/sondage/{plain[0]}/", _answers(campaign)).status_code == 302


@pytest.mark.parametrize(("window", "minutes"), [(900, 15), (120, 2)])
def test_the_throttle_message_gives_the_window_set(client, family_codes, settings, window, minutes):
    settings.SURVEY_CODE_FAILURE_WINDOW_SECONDS = window
    for n in range(settings.SURVEY_CODE_MAX_FAILURES):
        client.get(f"/sondage/ZZZZZ-ZZZ{n:02d}/")
    blocked = client.get("/sondage/ZZZZZ-ZZZZZ/").content.decode()
    assert (
        f"Attendez {minutes}\N{NO-BREAK SPACE}minutes" in blocked
        or f"Attendez {minutes} minutes" in blocked
    )


def test_the_anonymity_note_gives_the_threshold_set(client, family_codes, settings):
    settings.MIN_CELL_SIZE = 5
    _campaign, plain = family_codes
    html = client.get(f"/sondage/{plain[0]}/").content.decode()
    assert "au moins 5 familles" in html


def test_a_code_read_before_another_tab_used_it_is_refused_as_used(family_codes, monkeypatch):
    # Two submissions of one code at once: the second read the code before the first marked it
    # used. Where the row lock does nothing (SQLite), only the conditional update stops it.
    from surveys.models import OneTimeCode
    from surveys.services import answers

    campaign, plain = family_codes
    read = answers._usable

    def read_then_other_tab_answers(typed, today, *, lock):
        code = read(typed, today, lock=lock)
        OneTimeCode.objects.filter(pk=code.pk).update(used=True)
        return code

    monkeypatch.setattr(answers, "_usable", read_then_other_tab_answers)
    scores = scores_for(campaign, 4, overall=2)
    with pytest.raises(answers.CodeRefused) as refusal:
        answers.answer_with_code(typed=plain[2], scores=scores, today=timezone.localdate())
    assert refusal.value.reason == "used"
    assert not Response.objects.exists()
