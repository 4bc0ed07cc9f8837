"""What a page's ``?format=`` asks for. The files themselves are written by
:mod:`dashboards.spreadsheet` (the pages' downloads, in French) and :mod:`indicators.export`
(the machine format of the export command and the API)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from indicators.export import FORMATS


def requested_format(request) -> tuple[str, str]:
    """The file format asked for (``""``: the page itself) and a French message if unknown."""
    value = request.GET.get("format", "").strip().lower()
    if value and value not in FORMATS:
        return "", _("« %(value)s » is not a file format: choose csv or xlsx.") % {
            "value": value[:20]
        }
    return value, ""
