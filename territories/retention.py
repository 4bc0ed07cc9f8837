"""Retention of the consultation log (issue 16): who viewed family-level pages is kept
``ARRIMAGE_ACCESS_LOG_DAYS`` days (365 by default), then deleted. Run by
``manage.py purge_expired``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from territories.models import AccessLogEntry


def access_log_cutoff(today: date) -> datetime:
    """The first moment kept: midnight, ``ACCESS_LOG_DAYS`` days before ``today``."""
    day = today - timedelta(days=settings.ACCESS_LOG_DAYS)
    return timezone.make_aware(datetime.combine(day, time.min))


def purge_access_log(*, today: date, dry_run: bool = False) -> int:
    """Delete (unless ``dry_run``) the log lines older than the cut-off."""
    expired = AccessLogEntry.objects.filter(at__lt=access_log_cutoff(today))
    with transaction.atomic():
        count = expired.count()
        if not dry_run and count:
            expired.delete()
    return count


def purge_login_attempts(*, dry_run: bool = False) -> int:
    """Delete (unless ``dry_run``) the failed-login counts (django-axes: a typed user name and an
    address) whose window has passed: they lock nothing any more."""
    from axes.models import AccessAttempt

    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    expired = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - window)
    with transaction.atomic():
        count = expired.count()
        if not dry_run and count:
            expired.delete()
    return count
