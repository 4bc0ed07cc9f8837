"""Dates a referral may not take, in forms, services and imports alike.

A take-in-charge is recorded once it happened, never ahead: the indicators of a settled period
then hold on every later day until data changes (:mod:`indicators.storage_days`).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TAKEN_IN_THE_FUTURE = _("A take-in-charge is recorded once it has happened: not after today.")


def taken_in_the_future(taken: date | None) -> bool:
    """Whether a take-in-charge date lies after today."""
    return taken is not None and taken > timezone.localdate()
