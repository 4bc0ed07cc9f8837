"""Project-wide pages: logging in and out, throttling, home, health, every page's layout."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = "/connexion/"
LOGOUT = "/deconnexion/"


class PageStructure(HTMLParser):
    """What the layout tests look at: h1s, style attributes, scripts, the html lang, ids."""

    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.style_attributes = 0
        self.style_elements = 0
        self.inline_scripts = 0
        self.lang = None
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "h1":
            self.h1_count += 1
        if tag == "style":
            self.style_elements += 1
        # A json_script (type application/json) is data, not a script that runs.
        if (
            tag == "script"
            and not attributes.get("src")
            and (attributes.get("type") != "application/json")
        ):
            self.inline_scripts += 1
        if "style" in attributes:
            self.style_attributes += 1
        if any(name.startswith("on") for name in attributes):  # onclick=… is inline script too
            self.inline_scripts += 1
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a":
            self.links.append(attributes.get("href"))


def structure(response) -> PageStructure:
    parser = PageStructure()
    parser.feed(response.content.decode())
    return parser


def log_in(client, username, password=PASSWORD, next_url=None, address="127.0.0.1"):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Login page


def test_login_page_is_french_and_labels_its_fields(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()

    assert response.status_code == 200
    assert structure(response).lang == "fr-CA"
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'role="alert"' not in html


def test_login_url_names():
    assert reverse("login") == LOGIN
    assert reverse("logout") == LOGOUT
    assert reverse("home") == "/"
    assert reverse("health") == "/sante/"


def test_login_with_the_right_password_logs_in(client, conseiller):
    response = log_in(client, "conseiller")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert is_logged_in(client)


def test_login_follows_a_local_next_but_not_another_host(client, conseiller):
    response = log_in(client, "conseiller", next_url="/territoires/")
    assert response.url == "/territoires/"

    client.logout()
    response = log_in(client, "conseiller", next_url="https://ailleurs.example/")
    assert response.url == reverse("home")


@pytest.mark.parametrize(
    ("cast", "landing"),
    [
        ("admin", "/admin/"),
        ("conseiller", "/tableau-de-bord/"),
        ("coordination_a", "/territoires/A/"),
        ("pap_a", "/territoires/A/"),
    ],
)
def test_login_then_home_lands_each_role_where_it_works(client, request, cast, landing):
    user = request.getfixturevalue(cast)

    response = log_in(client, user.username)
    response = client.get(response.url)

    assert response.status_code == 302
    assert response.url == landing


def test_wrong_password_shows_an_error_announced_to_screen_readers(client, conseiller):
    response = log_in(client, "conseiller", password="pas-le-bon")

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not is_logged_in(client)


# Login throttling


def test_login_is_refused_after_too_many_failures_even_with_the_right_password(
    client, conseiller, settings
):
    settings.LOGIN_MAX_FAILURES = 3
    for _attempt in range(2):
        assert log_in(client, "conseiller", password="pas-le-bon").status_code == 200
    # The failure that reaches the limit already says attempts are paused.
    assert log_in(client, "conseiller", password="pas-le-bon").status_code == 429

    response = log_in(client, "conseiller")

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.LOGIN_FAILURE_WINDOW_SECONDS)
    assert 'role="alert"' in response.content.decode()
    assert not is_logged_in(client)


def test_throttling_ignores_the_case_of_the_user_name(client, conseiller, settings):
    settings.LOGIN_MAX_FAILURES = 2
    log_in(client, "Conseiller", password="pas-le-bon")
    log_in(client, "CONSEILLER", password="pas-le-bon")

    assert log_in(client, "conseiller").status_code == 429


def test_throttling_counts_per_address(client, conseiller, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _attempt in range(2):
        log_in(client, "conseiller", password="pas-le-bon", address="10.0.0.1")

    assert log_in(client, "conseiller", address="10.0.0.2").status_code == 302


def test_throttling_does_not_touch_other_user_names(client, conseiller, pap_a, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _attempt in range(2):
        log_in(client, "conseiller", password="pas-le-bon")

    assert log_in(client, "pap-a").status_code == 302


def test_successful_login_clears_the_failure_count(client, conseiller, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _attempt in range(2):
        log_in(client, "conseiller", password="pas-le-bon")
    assert log_in(client, "conseiller").status_code == 302
    client.post(LOGOUT)

    for _attempt in range(2):  # 4 failures in all, but only 2 since the success
        log_in(client, "conseiller", password="pas-le-bon")
    response = log_in(client, "conseiller")

    assert response.status_code == 302
    assert is_logged_in(client)


# Logout


def test_logout_by_post_logs_out(client, conseiller):
    client.force_login(conseiller)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert not is_logged_in(client)


def test_logout_by_get_is_refused(client, conseiller):
    client.force_login(conseiller)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert is_logged_in(client)


# Home


def test_home_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("cast", "landing"),
    [
        ("admin", "/admin/"),
        ("conseiller", "/tableau-de-bord/"),
        ("coordination_a", "/territoires/A/"),
        ("coordination_b", "/territoires/B/"),
        ("pap_a", "/territoires/A/"),
    ],
)
def test_home_redirects_per_role(client, request, cast, landing):
    client.force_login(request.getfixturevalue(cast))

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == landing


def test_home_sends_a_coordinator_of_several_territories_to_the_overview(
    client, coordination_a, territory_b
):
    coordination_a.territories.add(territory_b)
    client.force_login(coordination_a)

    assert client.get("/").url == "/tableau-de-bord/"


def test_home_sends_a_pap_without_territory_to_the_overview(client, pap_a):
    pap_a.territories.clear()
    client.force_login(pap_a)

    assert client.get("/").url == "/tableau-de-bord/"


def test_home_sends_a_superuser_to_the_admin_whatever_the_role(client, pap_a):
    pap_a.is_superuser = pap_a.is_staff = True
    pap_a.save()
    client.force_login(pap_a)

    assert client.get("/").url == "/admin/"


# Health


def test_health_is_ok_when_the_database_answers(client, db):
    response = client.get("/sante/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_unavailable_when_the_database_does_not_answer(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    # Undone before the test database is torn down, which needs a working cursor.
    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", unreachable)
        response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_health_needs_no_login_and_is_not_cached(client, db):
    response = client.get("/sante/")

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# Layout of every page


PAGES = [
    ("anonymous", "/connexion/"),
    ("conseiller", "/territoires/"),
    ("conseiller", "/territoires/A/"),
    ("coordination_a", "/territoires/A/"),
    ("pap_a", "/territoires/A/"),
    ("conseiller", "/tableau-de-bord/"),
    ("coordination_a", "/tableau-de-bord/?periode=2024-2025-T1"),
    ("conseiller", "/tableau-de-bord/?periode=pas-une-periode"),  # 400, the whole page
    ("conseiller", "/indicateurs/L2_ESCAPE_RATE_PCT/"),
    ("pap_a", "/indicateurs/L6_PAP_SATISFACTION/"),
    ("conseiller", "/territoires/INCONNU/"),  # the 404 page
]


@pytest.mark.parametrize(("cast", "url"), PAGES)
def test_every_page_has_one_h1_no_inline_style_nor_script(client, request, territory_a, cast, url):
    if cast != "anonymous":
        client.force_login(request.getfixturevalue(cast))

    response = client.get(url)
    page = structure(response)

    assert response.status_code in (200, 400, 404)
    assert page.lang == "fr-CA"
    assert page.h1_count == 1
    assert page.style_attributes == 0
    assert page.style_elements == 0
    assert page.inline_scripts == 0
    assert "contenu" in page.ids  # the skip link's target
    assert "#contenu" in page.links
    assert response.content.decode().count("– Arrimage</title>") == 1


@pytest.mark.parametrize(("cast", "url"), PAGES)
def test_every_page_sends_the_content_security_policy(client, request, territory_a, cast, url):
    if cast != "anonymous":
        client.force_login(request.getfixturevalue(cast))

    policy = client.get(url)["Content-Security-Policy"]

    assert policy == settings.CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


def test_a_login_without_csrf_token_gets_our_french_403_page(db, conseiller):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        LOGIN, {"username": "conseiller", "password": PASSWORD}
    )
    page = structure(response)

    assert response.status_code == 403
    assert page.lang == "fr-CA" and page.h1_count == 1 and page.style_attributes == 0


def test_bootstrap_comes_from_our_own_static_files(client, db):
    html = client.get(LOGIN).content.decode()

    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    assert "/static/vendor/bootstrap/js/bootstrap.bundle.min.js" in html
    assert "/static/css/arrimage.css" in html
    assert "//cdn" not in html and "https://" not in html


def test_bootstrap_files_are_found_by_staticfiles():
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")
    assert finders.find("vendor/bootstrap/js/bootstrap.bundle.min.js")
    assert finders.find("css/arrimage.css")


# Navigation


def test_navigation_shows_the_user_and_a_logout_form(client, conseiller):
    client.force_login(conseiller)

    html = client.get("/territoires/").content.decode()

    assert "Camille Tremblay" in html
    assert str(conseiller.get_role_display()) in html
    assert f'method="post" action="{LOGOUT}"' in html
    assert 'aria-current="page"' in html


def test_navigation_offers_the_admin_to_administrators_only(client, admin, conseiller):
    client.force_login(conseiller)
    assert 'href="/admin/"' not in client.get("/territoires/").content.decode()

    client.force_login(admin)
    assert 'href="/admin/"' in client.get("/territoires/").content.decode()


def test_anonymous_pages_have_no_navigation(client, db):
    html = client.get(LOGIN).content.decode()

    assert LOGOUT not in html
    assert 'href="/territoires/"' not in html


def test_favicon_ico_points_at_our_own_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/static/img/favicon.svg")


def test_one_address_cannot_try_many_user_names(client, conseiller, pap_a, settings):
    """The address alone has its own, higher limit (an office may share one): once reached,
    every name from it is paused, even with the right password; other addresses are not."""
    settings.LOGIN_MAX_FAILURES, settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3, 4
    for name in ("alice", "bruno", "chloe", "denis"):  # 1 failure each: no pair reaches 3
        log_in(client, name, password="x", address="10.0.0.7")
    assert log_in(client, "pap-a", address="10.0.0.7").status_code == 429
    assert log_in(client, "pap-a", address="10.0.0.8").status_code == 302


def test_signing_in_clears_only_ones_own_failures(client, conseiller, pap_a, settings):
    """Someone with an account cannot wipe the address's failures on other names."""
    settings.LOGIN_MAX_FAILURES, settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3, 4
    for _attempt in range(2):
        log_in(client, "conseiller", password="x", address="10.0.0.7")
    log_in(client, "pap-a", password="x", address="10.0.0.7")
    assert log_in(client, "pap-a", address="10.0.0.7").status_code == 302
    client.post(LOGOUT)
    log_in(client, "quelquun", password="x", address="10.0.0.7")  # 2 + 1 kept: 3, then 4
    assert log_in(client, "autre", password="x", address="10.0.0.7").status_code == 429


def test_failures_are_counted_in_the_database_and_cool_off(client, conseiller, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    settings.LOGIN_MAX_FAILURES = 2
    for _attempt in range(2):
        log_in(client, "Conseiller", password="x", address="10.0.0.3")
    attempt = AccessAttempt.objects.get()  # shared by every server process
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "conseiller",
        "10.0.0.3",
        2,
    )
    assert log_in(client, "conseiller", address="10.0.0.3").status_code == 429
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - window)
    assert log_in(client, "conseiller", address="10.0.0.3").status_code == 302


def test_the_address_comes_from_our_proxy_only(client, conseiller, settings):
    """Behind nginx (a trusted proxy), X-Real-IP is the client's address; from anyone else the
    header is ignored, or a client could escape the throttle by writing it."""
    settings.LOGIN_MAX_FAILURES, settings.TRUSTED_PROXIES = 2, ["127.0.0.1"]
    for _attempt in range(2):
        client.post(LOGIN, {"username": "conseiller", "password": "x"}, HTTP_X_REAL_IP="10.9.9.9")
    assert log_in(client, "conseiller").status_code == 302  # proxy's own address: not 10.9.9.9
    client.post(LOGOUT)
    spoofed = {"username": "conseiller", "password": PASSWORD}
    response = client.post(LOGIN, spoofed, REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="10.9.9.9")
    assert response.status_code == 302  # the header is not believed from 10.1.1.1
    client.post(LOGOUT)
    response = client.post(LOGIN, spoofed, HTTP_X_REAL_IP="10.9.9.9")
    assert response.status_code == 429  # 10.9.9.9, through the proxy, is paused
