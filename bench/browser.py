"""A browser as :mod:`bench.load`'s users need one: GET and POST over HTTP with a person's
cookies, and the fields of a page's form as a browser would send them.

Each request opens its own connection (gunicorn's sync workers close it after the answer) and
is timed whole, by the client. A POST carries what Django's CSRF check asks of a browser: the
``csrftoken`` cookie set by the form's page, the form's ``csrfmiddlewaretoken`` field, and an
``Origin`` (and ``Referer``) of the server itself.
"""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode

ERROR_MARKS = re.compile(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)</', re.S)


@dataclass
class Answer:
    status: int
    seconds: float
    body: str = ""
    location: str = ""

    def errors(self) -> str:
        """The errors a form shown again lists (or the page's title), for the error samples."""
        found = (re.sub(r"<[^>]+>|\s+", " ", text) for text in ERROR_MARKS.findall(self.body))
        shown = " | ".join(unescape(text).strip() for text in found if text.strip())
        title = re.search(r"<title>(.*?)</title>", self.body, re.S)
        return (shown or (unescape(title[1]).strip() if title else ""))[:300]


@dataclass
class Browser:
    """One person's browser: their cookies (the session from ``force_login``, then CSRF)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str) -> Answer:
        return self._exchange("GET", path, None, {})

    def post(self, path: str, fields: dict[str, str]) -> Answer:
        origin = f"http://127.0.0.1:{self.port}"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
        }
        return self._exchange("POST", path, urlencode(fields).encode(), headers)

    def _exchange(self, method: str, path: str, body: bytes | None, headers: dict) -> Answer:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            seconds = time.perf_counter() - started
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _sep, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value in ("", '""'):  # deleted (the messages once shown)
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
            return Answer(
                response.status,
                seconds,
                content.decode(errors="replace"),
                response.headers.get("Location", ""),
            )
        finally:
            connection.close()


@dataclass
class Form:
    """A form's fields as sent unchanged (``values``), and each select's or radio group's
    choices as (value, label) (``choices``)."""

    values: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def post_form(html: str, marker: str) -> Form | None:
    """The POST form of ``html`` whose class holds ``marker``, or ``None``."""
    parser = _FormParser(marker)
    parser.feed(html)
    parser.close()
    return parser.form


class _FormParser(HTMLParser):
    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.form: Form | None = None
        self._inside = False
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._label = ""
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            chosen = self.marker in attributes.get("class", "").split()
            self._inside = chosen and attributes.get("method", "").lower() == "post"
            if self._inside and self.form is None:
                self.form = Form()
            return
        if not self._inside or self.form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                self.form.choices.setdefault(name, []).append((attributes.get("value", "on"), ""))
                if "checked" in attributes:
                    self.form.values[name] = attributes.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.form.values[name] = attributes.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.form.choices[name] = []
        elif tag == "option" and self._select:
            self._option = (attributes.get("value", ""), "selected" in attributes)
            self._label = ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.form.values[name] = ""

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._label += data
        elif self._textarea is not None and self.form is not None:
            self.form.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "option" and self._option is not None and self._select and self.form:
            value, selected = self._option
            self.form.choices[self._select].append((value, self._label.strip()))
            if selected or self._select not in self.form.values:
                self.form.values[self._select] = value  # the first option unless one is chosen
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
