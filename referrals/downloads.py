"""The referral list as a download for people (CSV or XLSX, French headers, pseudonyms only:
never a family code)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _

from referrals.models import Referral
from territories.downloads import people_download


def _columns() -> list[str]:
    return [
        _("Reference"),
        _("Territory"),
        _("Family (pseudonym)"),
        _("From sector"),
        _("To sector"),
        _("Corridor"),
        _("First contact on"),
        _("Referred on"),
        _("Taken in charge on"),
        _("Status"),
        _("Closed on"),
        _("Days waiting"),
        _("Consent given"),
        _("Consent language"),
        _("Interpreter needed"),
    ]


def _rows(referrals: Iterable[Referral]) -> Iterator[list]:
    for r in referrals:
        yield [
            r.ref,
            r.territory.code,
            r.family.pseudonym,
            r.from_sector_id,
            r.to_sector_id,
            r.corridor.code if r.corridor else "",
            r.first_contact_on,
            r.referred_on,
            r.taken_in_charge_on,
            r.get_status_display(),
            r.closed_on,
            r.days_waiting,
            r.consent,
            r.consent_language,
            r.interpreter,
        ]


def referral_download(referrals: Iterable[Referral], file_format: str) -> HttpResponse:
    return people_download(
        rows=_rows(referrals),
        columns=_columns(),
        filename=_("referrals"),
        file_format=file_format,
    )
