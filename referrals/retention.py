"""Retention of family-level data (Law 25, issue 16): a family whose last referral is older than
``ARRIMAGE_RETENTION_YEARS`` (7 by default) is deleted with its referrals, and a family left
without any referral (families are recorded with one) is deleted too. Run by
``manage.py purge_expired``.

The cut-off is the same calendar day that many years before ``today``: a family whose last
referral was made on the cut-off day is kept, one made the day before is not (February 29 moves
to February 28). The audit entries about those families and referrals go with them (they keep
their values); the run's own entry keeps only counts. Deleting referrals raises the
territories' ``data_version``: the indicators of the periods they counted in are computed again
without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q

from referrals.models import Family, Referral
from territories import audit


def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # February 29
        return today.replace(year=today.year - years, day=28)


@dataclass(frozen=True)
class FamiliesPurged:
    cutoff: date
    families: int
    referrals: int
    audit_entries: int


def purge_families(*, today: date, dry_run: bool = False) -> FamiliesPurged:
    """Delete (unless ``dry_run``) the families whose last referral is before the cut-off."""
    cutoff = years_before(today, settings.RETENTION_YEARS)
    expired = (
        Family.objects.annotate(last=Max("referrals__referred_on"))
        .filter(Q(last__lt=cutoff) | Q(last__isnull=True))
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        ids = list(expired)
        referrals = Referral.objects.filter(family_id__in=ids)
        referral_ids = list(referrals.values_list("pk", flat=True))
        trail = [audit.entries_about(Family, ids), audit.entries_about(Referral, referral_ids)]
        counted = FamiliesPurged(
            cutoff, len(ids), len(referral_ids), sum(entries.count() for entries in trail)
        )
        if not dry_run and ids:
            for entries in trail:
                entries.delete()
            referrals.delete()
            Family.objects.filter(pk__in=ids).delete()
    return counted
