"""Browser tests: Debian's Chromium, driven by Playwright, against a live server with the demo.

To test a page: ``page = page_as("conseiller", "/some/page/")`` (logs in, lands there; then
``page.goto(...)`` with paths relative to the live server), check what the page must show
with ``expect(page.locator(...))``, and end with ``assert_clean(page)`` (no console error, no
request to another host) and ``assert_accessible(page)`` (axe-core, WCAG 2.2 AA).
Every test in this folder is marked ``browser`` (``make test PYTEST_ARGS="-m 'not browser'"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connection, connections
from django.test.testcases import LiveServerThread
from django.test.utils import (
    modify_settings,
    override_settings,
    setup_databases,
    teardown_databases,
)
from playwright.sync_api import Page, sync_playwright

from demo.builder import load_demo

# Debian's Chromium (scripts/ensure-chromium.sh). Playwright's own browser download is never
# used: nothing runs `playwright install`, and the Python package ships only its driver.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "arrimage-demo"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HERE = Path(__file__).parent

# The database settings before pytest-django points them at the test database.
DATABASE_NAME_AT_START = settings.DATABASES["default"]["NAME"]


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder ``browser`` (before ``-m`` selects), skip them all when
    Chromium is missing, and run them after every other test (once pytest-django has sorted
    them): no other test may see the demo's committed rows or run under Playwright's loop."""
    skip = None
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(
            reason=f"Chromium absent ({CHROMIUM}) : tests du navigateur ignorés "
            "(make test l'installe sur Debian, en root)."
        )
    in_browser_folder = {item: HERE in Path(item.path).parents for item in items}
    for item, is_browser_test in in_browser_folder.items():
        if is_browser_test:
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(skip)
    result = yield
    items.sort(key=lambda item: in_browser_folder.get(item, False))  # stable: False first
    return result


@dataclass
class PageRecord:
    """What a page did that a test may not see on screen."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


# The record of every page opened by ``page_as`` or ``anonymous_page``, by page.
RECORDS: dict[Page, PageRecord] = {}


@pytest.fixture(scope="session")
def _test_database(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """The test database, also when this session runs browser tests only.

    pytest-django creates it only when some test asks for one (``django_db`` marker, ``db``
    fixture); browser tests cannot: their data is committed for the live server's threads, so
    they do not run in a rolled-back transaction.
    """
    if connection.settings_dict["NAME"] != DATABASE_NAME_AT_START:
        yield  # already set up for the other tests of the session
        return
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"}, keepdb=keepdb)
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)


@pytest.fixture(scope="package")
def demo_server(_test_database, django_db_blocker) -> Iterator[str]:
    """A live server on the test database with the demo loaded; yields its base URL.

    Loaded once for this folder (package scope; its tests run last, together) and committed
    (the server's threads have their own connections), so the database is put back as it was
    afterwards, the way Django's ``serialized_rollback`` does: the rows present before (those
    of the data migrations) are serialized, and after the last browser test the tables are
    emptied and those rows restored.

    The demo comes from its builder function: ``manage.py load_demo`` refuses to run with
    DEBUG off, and the suite runs with the production settings.

    Static files: STORAGES is Django's default (no manifest), so the live server's
    StaticFilesHandler serves them straight from the finders, DEBUG off or not.
    """
    # Never empty a real database.
    assert connection.settings_dict["NAME"] != DATABASE_NAME_AT_START, "pas la base de test"
    # tests/conftest.py makes every test use the MD5 hasher only: the demo users' passwords
    # must be hashed with it, or logging in would fail (and PBKDF2 would cost seconds here).
    hashers = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), hashers:
        before = connection.creation.serialize_db_to_string()
        load_demo(password=DEMO_PASSWORD)

    # As Django's LiveServerTestCase: an in-memory SQLite database is only reachable through
    # the connection that created it.
    shared = {}
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        shared["default"] = connections["default"]  # the connection itself, not the proxy
        connection.inc_thread_sharing()
    # With DEBUG off the session and CSRF cookies are Secure: Chromium keeps them over plain
    # http on localhost (and 127.0.0.1), which it counts as secure, so logging in works.
    server = LiveServerThread(
        "localhost", static_handler=StaticFilesHandler, connections_override=shared
    )
    server.daemon = True
    hosts = modify_settings(ALLOWED_HOSTS={"append": "localhost"})
    hosts.enable()
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
    finally:
        server.terminate()
        hosts.disable()
        if shared:
            connection.dec_thread_sharing()
        with django_db_blocker.unblock():
            # As TransactionTestCase: sequences go on from where the demo left them, so the
            # restored rows' ids are never handed out again.
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(before)


@pytest.fixture(autouse=True)
def _database_for_the_server(django_db_blocker) -> Iterator[None]:
    """pytest-django blocks database access outside ``django_db`` tests, in every thread:
    the live server's threads need it while a browser test runs."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="package")
def browser(demo_server):
    """Debian's Chromium, headless, launched once for this folder.

    Playwright's sync API runs an asyncio loop in this thread while it is started, and Django
    then refuses database queries here (SynchronousOnlyOperation): hence ``demo_server`` first,
    so that the demo is loaded before Playwright starts and removed after it stops. The test
    functions themselves should not query the database (the pages are what they test).
    """
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, demo_server) -> Iterator[Callable[[], Page]]:
    """Factory: a page in a fresh browser context (no cookies), recorded in ``RECORDS``.

    Requests to any other host are recorded, then aborted: the tests never reach the network.
    """
    contexts = []
    server_host = urlsplit(demo_server).netloc

    def is_outside(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != server_host

    def make() -> Page:
        context = browser.new_context(base_url=demo_server, locale="fr-CA")
        context.set_default_timeout(10_000)  # not Playwright's 30 s: a local server is quick
        contexts.append(context)
        page = context.new_page()
        record = RECORDS[page] = PageRecord()

        def on_console(message):
            if message.type == "error":
                where = message.location.get("url", "")
                record.console_errors.append(f"{message.text} ({where})")

        def on_request(request):
            if is_outside(request.url):
                record.outside_requests.append(request.url)

        page.on("console", on_console)
        page.on("pageerror", lambda error: record.console_errors.append(f"pageerror: {error}"))
        context.on("request", on_request)
        context.route(is_outside, lambda route: route.abort())
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            RECORDS.pop(page, None)
        context.close()


@pytest.fixture
def anonymous_page(new_page) -> Page:
    """A page nobody is logged in on (``page.goto("/connexion/")`` to begin)."""
    return new_page()


@pytest.fixture
def page_as(new_page) -> Callable[..., Page]:
    """Factory: ``page_as("coordination-a", "/territoires/A/")`` logs that demo user in
    through /connexion/ and returns the page, on ``path`` (the login form's ``next``); without
    ``path``, on the page ``/`` sends that user to. The record starts with that page."""

    def log_in(username: str, path: str | None = None) -> Page:
        page = new_page()
        page.goto("/connexion/" + (f"?{urlencode({'next': path})}" if path else ""))
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        RECORDS[page] = PageRecord()  # the login page has its own tests
        with page.expect_navigation():
            page.locator("form.login__form [type=submit]").click()
        assert "/connexion/" not in page.url, f"{username} n'a pas pu se connecter ({page.url})"
        if path:
            assert urlsplit(page.url).path == urlsplit(path).path, page.url
        return page

    return log_in


def assert_clean(page: Page, *, allowed_console_errors: tuple[str, ...] = ()) -> None:
    """No console error (script error, CSP refusal, missing file) and no request to any host
    but the live server. ``allowed_console_errors``: substrings of errors a test expects."""
    record = RECORDS[page]
    errors = [
        error
        for error in record.console_errors
        if not any(allowed in error for allowed in allowed_console_errors)
    ]
    assert not errors, "Erreurs dans la console :\n" + "\n".join(errors)
    assert not record.outside_requests, "Requêtes vers un autre hôte :\n" + "\n".join(
        record.outside_requests
    )


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the page as it is now."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}) : {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"      {summary}")
    assert not violations, f"axe-core, violations WCAG sur {page.url} :\n" + "\n".join(lines)
