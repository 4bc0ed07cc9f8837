"""Sessions (issue 16): Argon2 hashes, a session ends after inactivity, an administrator ends
all of a user's sessions (audited), and passwords follow the rules."""

import time

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from territories.models import AuditEntry
from territories.sessions import LAST_SEEN, end_sessions
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(settings, conseiller):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    conseiller.set_password("une phrase de passe assez longue")
    conseiller.save()
    assert identify_hasher(conseiller.password).algorithm == "argon2"


def test_the_settings_hash_with_argon2_first():
    from config import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_password_rules(conseiller):
    for weak in ("court1", "123456789012", "motdepasse", "conseiller2024"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=conseiller)
    validate_password("Trois corridors vers la DPJ", user=conseiller)


def test_an_idle_session_ends_with_a_french_message(client, settings, conseiller):
    settings.SESSION_IDLE_SECONDS = 1800
    client.login(username="conseiller", password=PASSWORD)
    assert client.get("/tableau-de-bord/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 1801  # 30 minutes and a second ago
    session.save()
    response = client.get("/tableau-de-bord/", follow=True)
    assert response.redirect_chain[0] == ("/connexion/?next=/tableau-de-bord/", 302)
    assert "Votre session a pris fin après 30 minutes d’inactivité" in response.content.decode()
    assert client.get("/tableau-de-bord/").status_code == 302  # signed out


def test_an_active_session_goes_on_and_is_not_rewritten_every_page(client, conseiller):
    client.login(username="conseiller", password=PASSWORD)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 1700  # active 28 minutes ago
    session.save()
    assert client.get("/tableau-de-bord/").status_code == 200
    refreshed = client.session[LAST_SEEN]
    assert int(time.time()) - refreshed < 5  # the visit counts as activity
    assert client.get("/tableau-de-bord/").status_code == 200
    assert client.session[LAST_SEEN] == refreshed  # rewritten at most once a minute


def test_an_administrator_ends_all_of_a_users_sessions(admin, conseiller, pap_a):
    browsers = [Client(), Client(), Client()]
    for browser in browsers[:2]:
        assert browser.login(username="conseiller", password=PASSWORD)
    assert browsers[2].login(username="pap-a", password=PASSWORD)
    assert Session.objects.count() == 3
    with pytest.raises(PermissionError):
        end_sessions(actor=conseiller, users=[pap_a])
    assert end_sessions(actor=admin, users=[conseiller]) == 2
    assert [b.get("/tableau-de-bord/").status_code for b in browsers] == [302, 302, 200]
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.object_id, entry.changes) == (
        admin,
        str(conseiller.pk),
        {"sessions": [2, 0]},
    )


def test_the_admin_action_ends_sessions(client, admin, conseiller):
    other = Client()
    assert other.login(username="conseiller", password=PASSWORD)
    client.force_login(admin)
    response = client.post(
        "/admin/territories/user/",
        {"action": "end_all_sessions", "_selected_action": [conseiller.pk]},
        follow=True,
    )
    assert "1 session a pris fin." in response.content.decode()
    assert other.get("/tableau-de-bord/").status_code == 302


def test_a_busy_session_still_ends_after_a_working_day(client, settings, conseiller):
    from territories.sessions import SIGNED_IN

    client.login(username="conseiller", password=PASSWORD)
    session = client.session
    session[SIGNED_IN] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session[LAST_SEEN] = int(time.time())  # active a moment ago
    session.save()
    response = client.get("/tableau-de-bord/", follow=True)
    assert "Votre session a pris fin après une journée de travail" in response.content.decode()
    assert client.get("/tableau-de-bord/").status_code == 302


def test_an_idle_api_call_gets_json_and_the_login_page_still_works(client, conseiller):
    client.login(username="conseiller", password=PASSWORD)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 3600
    session.save()
    response = client.get("/api/indicateurs.json")
    assert (response.status_code, response["Content-Type"]) == (401, "application/json")
    assert "inactivité" in response.json()["error"]
    client.login(username="conseiller", password=PASSWORD)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 3600
    session.save()
    signed_in = client.post("/connexion/", {"username": "conseiller", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
