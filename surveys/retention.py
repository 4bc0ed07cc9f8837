"""Retention of one-time survey codes (issue 16): once its campaign has closed, a code can no
longer be used, so it is deleted (its batch keeps how many codes it held). Run by
``manage.py purge_expired``."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from surveys.models import OneTimeCode


def purge_codes(*, today: date, dry_run: bool = False) -> int:
    """Delete (unless ``dry_run``) the codes of campaigns closed before ``today``."""
    expired = OneTimeCode.objects.filter(batch__campaign__closes_on__lt=today)
    with transaction.atomic():
        count = expired.count()
        if not dry_run and count:
            expired.delete()
    return count
