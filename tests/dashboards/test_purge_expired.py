"""``manage.py purge_expired`` (Law 25, issue 16), at its boundaries: a family whose last
referral is exactly 7 years old stays, one day more and it goes with its referrals; codes of
closed campaigns go, those of a campaign closing today stay; log lines of exactly 365 days stay.
The audit entries about a family that goes go with it. A dry run changes nothing; the run is
audited (counts only)."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from referrals.models import Family, Referral
from surveys.models import CodeBatch, OneTimeCode
from territories import audit
from territories.models import AccessLogEntry, AuditAction, AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
CUTOFF = date(2019, 12, 4)  # 7 years before


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_expired", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def family_last_referred(territory, last: date, earlier: date | None = None) -> Family:
    family = factories.family(territory)
    for day in filter(None, (earlier, last)):
        factories.referral(territory, family=family, first_contact_on=day, referred_on=day)
    return family


@pytest.fixture
def expired(territory_a):
    kept = family_last_referred(territory_a, CUTOFF, earlier=date(2015, 1, 5))
    day_before = CUTOFF - timedelta(days=1)
    gone = family_last_referred(territory_a, day_before, earlier=date(2016, 3, 1))
    closed = factories.campaign(
        territory_a, kind="family", opens_on=date(2026, 9, 1), closes_on=TODAY - timedelta(days=1)
    )
    open_today = factories.campaign(
        territory_a, kind="family", opens_on=date(2026, 11, 1), closes_on=TODAY
    )
    for campaign in (closed, open_today):
        batch = CodeBatch.objects.create(campaign=campaign, created_on=date(2026, 9, 1), size=2)
        for n in range(2):
            OneTimeCode.objects.create(batch=batch, digest=f"{campaign.pk}-{n}".ljust(64, "0"))
    for days in (365, 366):
        line = AccessLogEntry.objects.create(what=f"il y a {days} jours")
        moment = timezone.make_aware(datetime.combine(TODAY - timedelta(days=days), time(9)))
        AccessLogEntry.objects.filter(pk=line.pk).update(at=moment)
    from axes.models import AccessAttempt

    for minutes_ago in (10, 16):  # the window is 15 minutes: the older one locks nothing
        attempt = AccessAttempt.objects.create(
            username=f"nom-{minutes_ago}", ip_address="10.0.0.1", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=timezone.now() - timedelta(minutes=minutes_ago)
        )
    return kept, gone


def test_a_family_left_without_referral_goes(territory_a):
    orphan = factories.family(territory_a)
    purge()
    assert not Family.objects.filter(pk=orphan.pk).exists()


def trail_of(family: Family) -> list[AuditEntry]:
    """Entries about the family and each of its referrals, as the forms would leave."""
    objects = [family, *Referral.objects.filter(family=family)]
    return [audit.record(actor=None, action=AuditAction.CREATE, instance=row) for row in objects]


def test_the_boundaries(expired, settings):
    from axes.models import AccessAttempt

    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900
    kept, gone = expired
    kept_trail = trail_of(kept)
    trail_of(gone)
    said = purge()
    assert list(Family.objects.values_list("pk", flat=True)) == [kept.pk]
    assert Referral.objects.filter(family=kept).count() == 2
    assert OneTimeCode.objects.count() == 2  # the campaign closing today keeps its codes
    assert list(AccessLogEntry.objects.values_list("what", flat=True)) == ["il y a 365 jours"]
    assert CodeBatch.objects.count() == 2  # batches keep how many codes they held
    assert "précède le 2019-12-04\u00a0: 1 (2 orientations) supprimés, avec les 3 entrées" in said
    assert "Codes à usage unique de sondages fermés\u00a0: 2 supprimés." in said
    assert "d’avant le 2025-12-04\u00a0: 1 supprimés." in said
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["nom-10"]
    entry = AuditEntry.objects.get(object_id="purge_expired")
    assert entry.changes == {
        "purge_expired": [
            None,
            {
                "families": 1,
                "referrals": 2,
                "audit_entries": 3,
                "codes": 2,
                "access_log": 1,
                "login_attempts": 1,
            },
        ]
    }
    assert set(AuditEntry.objects.exclude(pk=entry.pk)) == set(kept_trail)
    assert gone.pseudonym not in str(entry.changes)


def test_a_dry_run_says_and_changes_nothing(expired):
    trail = trail_of(expired[1])
    said = purge("--dry-run")
    assert "1 (2 orientations) seraient supprimés, avec les 3 entrées" in said
    assert (Family.objects.count(), OneTimeCode.objects.count()) == (2, 4)
    assert AccessLogEntry.objects.count() == 2
    assert list(AuditEntry.objects.order_by("pk")) == trail


def test_a_bad_date_is_refused_in_french():
    with pytest.raises(CommandError, match="n’est pas une date AAAA-MM-JJ"):
        call_command("purge_expired", "--today", "2026-13-01")


def test_the_retention_is_a_setting(expired, settings):
    settings.RETENTION_YEARS = 12
    purge()
    assert Family.objects.count() == 2
