"""Malformed values in every form of the site (issue 16, « Bad input »): each gets a clear French
message and changes nothing.

The forms are discovered, not listed: every address of the permission matrix
(:data:`tests.security.test_permission_matrix.MATRIX`) that shows a page is opened on the demo
as the role that may write there (anonymous for public pages, else the coordinator of A, the
PAP of A or the administrator), and each POST form of the page (:mod:`tests.security.forms_html`)
receives, in every field: a 1,000,000-character value, a number beyond the database's integers,
a NUL character, bytes that are not UTF-8, nothing at all; its free-text boxes receive texts a
spreadsheet would run as formulas; its file inputs, 10 MB of junk. Each answer must be the form
again with its French messages (or a redirection that carries a French error, for the one-click
actions), never a server error; and no table of the database may gain or lose a row.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm
from django.urls import resolve
from django.utils import translation

from importing.formulas import FORMULA_MESSAGE
from tests.security.forms_html import PageForm, page_forms
from tests.security.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

HUGE = "9" * 1_000_000  # longer than any field, and digits: the number parsers get it too
BEYOND_BIGINT = "9" * 25
NUL = "x\x00y"
FORMULAS = ('=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)")
NOT_UTF8 = "\xe9t\xe9 \xff".encode("latin-1")  # « été » in Windows-1252, and a stray byte
JUNK = random.Random(16).randbytes(10 * 1024 * 1024)

# The roles that may write, in the order a page is tried (anonymous first for public pages).
WRITERS = ("coordination-a", "pap-a", "admin")
# Forms that keep nothing typed: the login and a family's survey code. A formula there is only
# a wrong name or code; every other malformed value is refused like anywhere else.
KEEP_NOTHING = ("login", "family_survey:start")
# Tables that record what happens on purpose, whatever is sent: the login's throttling
# (django-axes) counts refused attempts, the consultation log each page showing a family.
RECORDS_VISITS = ("axes", "territories.accesslogentry")

# A word of an English message (Django's own messages when the catalogue misses one).
ENGLISH = re.compile(
    r"\b(the|this|is|are|enter|ensure|select|field|value|valid|required|must|allowed|not|"
    r"characters|please)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Target:
    route: str  # the page's route in MATRIX
    role: str
    page: str  # the page's address
    form: PageForm
    url: str  # where the form posts
    action: str  # the route name of ``url``


def writer(route: str) -> str | None:
    visit = MATRIX[route]
    if visit.method != "get":
        return None
    if visit.expected["anonyme"] == 200:
        return "anonyme"
    return next((role for role in WRITERS if visit.expected[role] == 200), None)


def log_in(client, role: str) -> None:
    from territories.models import User

    client.logout()
    if role != "anonyme":
        client.force_login(User.objects.get(username=role))


def targets(client, demo, method: str = "post") -> Iterator[Target]:
    """Each form of each page sent with ``method``, once (the watch list's many one-click
    forms are one)."""
    seen = set()
    for route in MATRIX:
        role = writer(route)
        if role is None:
            continue
        log_in(client, role)
        page = MATRIX[route].path(demo)
        response = client.get(page)
        assert response.status_code == 200, (route, role, response.status_code)
        for form in page_forms(response.content.decode(), method):
            # Where the browser sends it (a GET form replaces the address's query string).
            url = urljoin(page, form.action)
            if method == "get":
                url = urlsplit(url)._replace(query="", fragment="").geturl()
            action = resolve(urlsplit(url).path).view_name
            key = (action, tuple(sorted(form.fields)))
            if action == "logout" or not form.fields or key in seen:
                continue  # the menu's log-out button; a button alone (a confirmation)
            seen.add(key)
            yield Target(route, role, page, form, url, action)


def row_counts() -> dict[str, int]:
    """The number of rows of every table of every model, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.app_label not in RECORDS_VISITS
            and model._meta.label_lower not in RECORDS_VISITS
        }
    )
    quote_name = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote_name(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


# -- what is sent -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    what: str
    send: Callable  # (client, target) -> response
    formula: bool = False  # the free-text boxes must each say the formula message


def _post(data: dict, files: dict | None = None):
    def send(client, target: Target):
        if target.form.enctype.startswith("multipart") or files:
            return client.post(target.url, {**data, **(files or {})})
        return client.post(  # as a browser sends it (bytes: percent-encoded as they are)
            target.url,
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )

    return send


def attempts(form: PageForm) -> Iterator[Attempt]:
    shown = form.as_shown()

    def into(names, value) -> dict:
        return {**shown, **dict.fromkeys(names, [value])}

    yield Attempt("1,000,000 characters", _post(into(form.fields, HUGE)))
    not_text = [name for name in form.fields if name not in form.free_text]
    if not_text:  # in a text box, digits are a fine text
        yield Attempt("a number beyond the database's", _post(into(not_text, BEYOND_BIGINT)))
    yield Attempt("a NUL character", _post(into(form.fields, NUL)))
    yield Attempt("bytes that are not UTF-8", _post(into(form.fields, NOT_UTF8)))
    for formula in FORMULAS if form.free_text else ():
        yield Attempt(f"the formula {formula}", _post(into(form.free_text, formula)), formula=True)
    if form.required:  # else an empty form is a complete answer (a story removed…)
        yield Attempt("an empty form", _post(form.emptied()))
    for control in form.controls:
        if control.kind == "file":
            chosen = {name: form.choices(name)[:1] for name in form.fields if form.choices(name)}
            for name in ("junk.csv", "junk.xlsx"):
                upload = SimpleUploadedFile(name, JUNK)
                yield Attempt(
                    f"10 MB of junk as {name}", _post({**shown, **chosen}, {control.name: upload})
                )


# -- what must come back ------------------------------------------------------------------------


def bound_forms(response) -> list[BaseForm]:
    if response.context is None:
        return []
    found = []
    for key in response.context.keys():
        value = response.context[key]
        if isinstance(value, BaseForm) and value.is_bound and value not in found:
            found.append(value)
    return found


def field_errors(forms: list[BaseForm]) -> dict[str, list[str]]:
    """Each field's messages, by the name the page gives its box."""
    return {
        form[name].html_name: list(form.errors.get(name, []))
        for form in forms
        for name in form.fields
    }


def refusal_problems(response, where: str, target: Target, attempt: Attempt) -> list[str]:
    """What is wrong with the answer to a malformed POST (nothing: an empty list)."""
    text = response.content.decode(errors="replace")
    if "Traceback" in text:
        return [f"{where}: a traceback"]
    if response.status_code == 302:  # a one-click action: back to the page, with a message
        said = [str(m) for m in get_messages(response.wsgi_request) if m.level >= constants.WARNING]
        if not said or target.action == resolve(urlsplit(target.page).path).view_name:
            return [f"{where}: accepted (302 to {response.url}), {said}"]
        return [f"{where}: English message {m!r}" for m in said if ENGLISH.search(m)]
    if response.status_code != 200:
        return [f"{where}: status {response.status_code}"]
    forms = bound_forms(response)
    messages = [
        str(message) for form in forms for errors in form.errors.values() for message in errors
    ]
    if not messages:
        return [f"{where}: no message"]
    problems = [f"{where}: English message {m!r}" for m in messages if ENGLISH.search(m)]
    problems += [f"{where}: message not shown {m!r}" for m in messages if escape(m) not in text]
    if attempt.formula and target.action not in KEEP_NOTHING:
        refused = str(FORMULA_MESSAGE)
        errors = field_errors(forms)
        problems += [
            f"{where}: {name} takes a formula"
            for name in target.form.free_text
            if refused not in errors.get(name, [])
        ]
    return problems


def test_every_form_refuses_malformed_values_in_french_and_changes_nothing(client, demo, settings):
    # The login's throttling would lock after a few refused attempts (tests/territories test
    # it); here every attempt must reach the form.
    settings.LOGIN_MAX_FAILURES = settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 10_000
    settings.SURVEY_CODE_MAX_FAILURES = 10_000
    # A million characters in every field at once: past the request size limit, which has its
    # own test below (the French 400 page).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    problems: list[str] = []
    found = []
    for target in list(targets(client, demo)):  # pages visited first: they store results
        found.append(target.action)
        log_in(client, target.role)
        before = row_counts()
        for attempt in attempts(target.form):
            where = f"{target.role} {target.action} ({target.url}), {attempt.what}"
            try:
                with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                    response = attempt.send(client, target)
                    problems += refusal_problems(response, where, target, attempt)
                    after = row_counts()
            except Exception as error:  # a server error: reported with the others
                problems.append(f"{where}: {type(error).__name__}: {error}")
                continue  # its savepoint is rolled back
            changed = {
                name: (before[name], count)
                for name, count in after.items()
                if count != before[name]
            }
            if changed:
                problems.append(f"{where}: rows changed {changed}")
            before = after
    assert not problems, "\n".join(problems)
    # The discovery found the forms (it cannot pass by finding none).
    assert {"referrals:create", "imports:start", "corridors:end", "login"} <= set(found)


def test_a_request_too_large_to_read_gets_the_french_400_page(client, coordination_a, settings):
    client.force_login(coordination_a)
    before = row_counts()
    body = urlencode({"ref": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    with translation.override(settings.LANGUAGE_CODE):
        response = client.post(
            "/orientations/nouvelle/", body, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 400
    assert "Requête refusée" in response.content.decode()
    assert "Rien n’a été enregistré" in response.content.decode()
    assert row_counts() == before


def test_every_filter_form_answers_malformed_values_without_an_error(client, demo):
    """The GET forms (filters, period pickers, the directory's search) write nothing and need
    not refuse a formula; a malformed value still gets a page — the filters' message, the
    page for a bad period (400) — never a server error."""
    problems = []
    for target in list(targets(client, demo, "get")):
        log_in(client, target.role)
        shown = target.form.as_shown()
        for what, value in (
            # An address is cut at a few thousand characters (gunicorn refuses a longer
            # request line), so a long value, not a million characters.
            ("4,000 characters", HUGE[:4000]),
            ("a number beyond the database's", BEYOND_BIGINT),
            ("a NUL character", NUL),
            ("bytes that are not UTF-8", NOT_UTF8),
            ("a formula", FORMULAS[0]),
        ):
            query = urlencode({**shown, **dict.fromkeys(target.form.fields, [value])}, doseq=True)
            where = f"{target.role} {target.action} ({target.url}), {what}"
            try:
                with transaction.atomic():
                    response = client.get(f"{target.url}?{query}")
            except Exception as error:  # a server error: reported with the others
                problems.append(f"{where}: {type(error).__name__}: {error}")
                continue
            if response.status_code not in (200, 302, 400, 404):
                problems.append(f"{where}: status {response.status_code}")
            elif "Traceback" in response.content.decode(errors="replace"):
                problems.append(f"{where}: a traceback")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("target", ["9999", "x\x00y", "été", "abc.def", "//autre.example/"])
def test_a_malformed_next_address_after_logging_in_leads_home(client, coordination_a, target):
    from tests.conftest import PASSWORD

    response = client.post(
        "/connexion/", {"username": "coordination-a", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == "/"
