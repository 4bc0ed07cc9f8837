"""The people of ``bench.load`` post what a browser would, and the app takes it: each write a
coordinator or a PAP makes is accepted (a form shown again with errors would be a load error).
On the browser tests' live server and demo (committed, and put back after this folder)."""

import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from django.utils import timezone

from bench.load_cast import cast
from bench.load_roles import Site, Walk
from referrals.models import Referral
from surveys.models import Participation
from territories.models import JournalEntry, Territory
from territories.services.journal import HOURS_KINDS


def test_coordinator_and_pap_writes_are_accepted(demo_server, settings):
    # Playwright's loop may run in this thread (the folder's browser): Django queries from
    # another one.
    with ThreadPoolExecutor(1) as other:
        other.submit(_writes_are_accepted, demo_server, settings.SESSION_COOKIE_NAME).result()


def _writes_are_accepted(demo_server: str, session_cookie: str) -> None:
    territory = Territory.objects.get(code="A")
    referrals = Referral.objects.filter(territory=territory)
    entries = JournalEntry.objects.filter(position__organization__territory=territory)
    before = (referrals.count(), entries.count())
    today = timezone.localdate()
    people = cast(advisors=1, coordinators=["A"], paps=["A"], accounts_per_pap=2, today=today)
    site = Site(
        port=int(demo_server.rsplit(":", 1)[1]),
        period="2024-2025",
        advisor_pages=[],
        today=today,
        hours_kinds=tuple(str(kind) for kind in HOURS_KINDS),
        session_cookie=session_cookie,
        think=(0, 0),
        typing=(0, 0),
        stop=time.monotonic() + 120,
    )
    visits = []
    coordinator = Walk(people[1], site, random.Random(1), visits.append)
    for _referral in range(6):
        coordinator.enter_referral()
    for _month in range(3):
        coordinator.fill_grid(f"/territoires/A/journal/{today:%Y-%m}/")
    pap = Walk(people[2], site, random.Random(2), visits.append)
    for session in people[2].sessions:
        pap.answer_survey(session)

    assert [visit.detail for visit in visits if not visit.ok] == []
    writes = Counter(visit.kind for visit in visits if visit.status in (302, 303))
    assert writes == {"referral": 6, "grid": 3, "survey": 2}
    assert referrals.count() == before[0] + 6
    assert entries.count() > before[1]
    assert Participation.objects.filter(campaign_id=people[2].campaign).count() == 2
