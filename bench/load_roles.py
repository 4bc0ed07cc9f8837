"""What each role does in :mod:`bench.load`, as a person in a browser would, with the data a
coordinator or a PAP would type (always valid: a form shown again with errors is an error).

- **Advisor**: a page among the overview, the territories' case pages and indicator pages.
- **Coordinator** of a territory, one action at a time: a page of theirs (their overview, their
  territory's page, the referral list), or a new referral (the form ``/orientations/nouvelle/``,
  then its POST: a new or known family, two sectors or a corridor of the territory, dates of the
  last two weeks, pending, taken in charge or declined), or the month's journal grid
  (``/territoires/<code>/journal/<YYYY-MM>/``, this month: every cell sent back as shown, one to
  three changed: hours with a decimal comma, counts).
- **PAP** of a territory: the survey list ``/sondages/``, the open campaign's questionnaire
  ``/sondages/<id>/repondre/``, then its POST (a score from 1 to 5 per item); a PAP answers once,
  so the next questionnaire is answered from the next account of the person's pool.

After each request, a pause drawn in ``think`` (reading the page); after a form is shown, one
drawn in ``typing`` instead (filling it in: a referral's ten fields, a survey's items are not
typed in seconds). A write succeeds with a redirect (302 or 303), a page with 200; anything else
is an error.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bench.browser import Answer, Browser, post_form

KIND_URLS = {
    "overview": "/tableau-de-bord/",
    "territory": "/territoires/<code>/",
    "indicator": "/indicateurs/<code>/",
    "referral list": "/orientations/",
    "referral form": "/orientations/nouvelle/",
    "grid form": "/territoires/<code>/journal/<YYYY-MM>/",
    "survey list": "/sondages/",
    "survey form": "/sondages/<id>/repondre/",
    "referral": "POST /orientations/nouvelle/",
    "grid": "POST /territoires/<code>/journal/<YYYY-MM>/",
    "survey": "POST /sondages/<id>/repondre/",
}
WRITES = ("referral", "grid", "survey")
COORDINATOR_ACTIONS = {"browse": 2, "referral": 2, "grid": 1}  # weights of the next action
CORRIDOR_LABEL = re.compile(r"\((\S+) → (\S+)\)\s*$")


@dataclass
class Visit:
    """One request: who made it, of which kind, its status, time and whether it succeeded."""

    role: str
    kind: str
    status: int
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Site:
    """What the people visit, and what they need to fill forms."""

    port: int
    period: str
    advisor_pages: list[tuple[str, str]]  # (kind, path)
    today: date
    hours_kinds: tuple[str, ...]
    session_cookie: str
    think: tuple[float, float]
    typing: tuple[float, float]
    stop: float  # time.monotonic() after which no request starts


class Walk:
    """One person's visit, from their arrival until ``site.stop``."""

    def __init__(self, person, site: Site, chance: random.Random, record: Callable) -> None:
        self.person = person
        self.site = site
        self.chance = chance
        self.record = record
        self.browser = Browser(site.port, {site.session_cookie: person.sessions[0]})
        self.families: list[str] = []

    def run(self) -> None:
        time.sleep(self.chance.uniform(0, self.site.think[1]))  # not all at once
        {"advisor": self._advisor, "coordinator": self._coordinator, "pap": self._pap}[
            self.person.role
        ]()

    def _running(self) -> bool:
        return time.monotonic() < self.site.stop

    def _advisor(self) -> None:
        while self._running():
            self._page(*self.chance.choice(self.site.advisor_pages))

    def _coordinator(self) -> None:
        code, query = self.person.territory, f"?periode={self.site.period}"
        pages = [
            ("overview", f"/tableau-de-bord/{query}"),
            ("territory", f"/territoires/{code}/{query}"),
            ("referral list", "/orientations/"),
        ]
        actions, weights = zip(*COORDINATOR_ACTIONS.items(), strict=True)
        while self._running():
            action = self.chance.choices(actions, weights)[0]
            if action == "browse":
                self._page(*self.chance.choice(pages))
            elif action == "referral":
                self.enter_referral()
            else:
                self.fill_grid(f"/territoires/{code}/journal/{self.site.today:%Y-%m}/")

    def _pap(self) -> None:
        for session in self.person.sessions:
            if not self._running():
                return
            self.answer_survey(session)
        while self._running():  # every account has answered: the list only
            self._page("survey list", "/sondages/")

    def answer_survey(self, session: str) -> None:
        """As the PAP of ``session``: the list, the questionnaire, the answers."""
        path = f"/sondages/{self.person.campaign}/repondre/"
        self.browser.cookies = {self.site.session_cookie: session}
        self._page("survey list", "/sondages/")
        page = self._running() and self._page("survey form", path, typing=True)
        form = page and self._form(page, "likert-form", "survey")
        if not form or not self._running():
            return
        fields = dict(form.values)
        for name in form.choices:
            if re.fullmatch(r"q[0-9]+", name):
                fields[name] = str(self.chance.choices(range(1, 6), (1, 2, 3, 4, 3))[0])
        self._write("survey", path, fields)

    def enter_referral(self) -> None:
        path = "/orientations/nouvelle/"
        page = self._page("referral form", path, typing=True)
        form = page and self._form(page, "referral-form", "referral")
        if not form or not self._running():
            return
        chance, today = self.chance, self.site.today
        fields = dict(form.values)
        if self.families and chance.random() < 0.3:
            fields["family_code"] = chance.choice(self.families)  # a family already referred
        else:
            fields["family_code"] = f"BANC-{self.person.territory}-{chance.getrandbits(40):x}"
            self.families.append(fields["family_code"])
        corridors = [choice for choice in form.choices.get("corridor", []) if choice[0]]
        corridor = chance.choice(corridors) if corridors and chance.random() < 0.5 else None
        route = corridor and CORRIDOR_LABEL.search(corridor[1])
        if route:  # along a corridor of the territory: its two sectors, in its direction
            fields["corridor"] = corridor[0]
            fields["from_sector"], fields["to_sector"] = route[1], route[2]
        else:
            sectors = [value for value, _label in form.choices["from_sector"] if value]
            fields["from_sector"], fields["to_sector"] = chance.sample(sectors, 2)
            fields["corridor"] = ""
        referred = today - timedelta(chance.randint(1, 14))
        fields["referred_on"] = f"{referred:%Y-%m-%d}"
        fields["first_contact_on"] = f"{referred - timedelta(chance.randint(0, 7)):%Y-%m-%d}"
        status = chance.choices(("pending", "taken_in_charge", "declined"), (5, 4, 1))[0]
        fields["status"] = status
        if status == "taken_in_charge":
            taken = referred + timedelta(chance.randint(0, (today - referred).days - 1))
            fields["taken_in_charge_on"] = f"{taken:%Y-%m-%d}"
        fields["consent"] = chance.choice(("true", "true", "unknown"))
        fields["consent_language"] = chance.choice(("fr", "fr", "en", "es", ""))
        if chance.random() < 0.1:
            fields["interpreter"] = "on"
        self._write("referral", path, fields)

    def fill_grid(self, path: str) -> None:
        page = self._page("grid form", path, typing=True)
        form = page and self._form(page, "journal-grid", "grid")
        if not form or not self._running():
            return
        fields = dict(form.values)
        cells = [name for name in fields if name.startswith("cell-")]
        for name in self.chance.sample(cells, min(len(cells), self.chance.randint(1, 3))):
            if name.split("-", 2)[2] in self.site.hours_kinds:
                fields[name] = f"{self.chance.randint(1, 40) / 2:g}".replace(".", ",")
            else:
                fields[name] = str(self.chance.randint(0, 4))
        self._write("grid", path, fields)

    def _page(self, kind: str, path: str, typing: bool = False) -> Answer | None:
        """GET ``path`` (200 expected), then the pause (reading, or ``typing`` a form); the
        page, or None."""
        answer = self._request(kind, path, None, self.site.typing if typing else self.site.think)
        return answer if answer and answer.status == 200 else None

    def _write(self, kind: str, path: str, fields: dict[str, str]) -> None:
        self._request(kind, path, fields, self.site.think)

    def _request(
        self, kind: str, path: str, fields: dict | None, pause: tuple[float, float]
    ) -> Answer | None:
        try:
            if fields is None:
                answer = self.browser.get(path)
            else:
                answer = self.browser.post(path, fields)
        except OSError as error:
            self.record(Visit(self.person.role, kind, 0, float("nan"), False, str(error)))
            answer = None
        else:
            ok = answer.status in ((302, 303) if fields is not None else (200,))
            detail = (
                "" if ok else f"{path}: {answer.errors() or answer.location or answer.body[:200]}"
            )
            self.record(Visit(self.person.role, kind, answer.status, answer.seconds, ok, detail))
        time.sleep(self.chance.uniform(*pause))
        return answer

    def _form(self, page: Answer, marker: str, kind: str):
        """The page's form to post, or None (recorded as an error of ``kind``)."""
        form = post_form(page.body, marker)
        if form is None or "csrfmiddlewaretoken" not in form.values:
            self.record(Visit(self.person.role, kind, 0, float("nan"), False, f"no {marker} form"))
            return None
        return form
