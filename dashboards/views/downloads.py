"""Downloads every dashboard offers: ``?format=csv`` or ``?format=xlsx`` (the export's rows)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from indicators.compute import Results
from indicators.export import write_csv, write_xlsx

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def requested_format(request) -> tuple[str, str]:
    """The file format asked for (``""``: the page itself) and a French message if unknown."""
    value = request.GET.get("format", "").strip().lower()
    if value and value not in FORMATS:
        return "", _("« %(value)s » is not a file format: choose csv or xlsx.") % {
            "value": value[:20]
        }
    return value, ""


def export_response(results: Results, *, file_format: str, name: str) -> HttpResponse:
    """``results`` as the export's file (DESIGN.md section 7), to download."""
    if file_format == "csv":
        text = io.StringIO()
        write_csv(results, text)
        content: bytes = text.getvalue().encode("utf-8")
    else:
        binary = io.BytesIO()
        write_xlsx(results, binary)
        content = binary.getvalue()
    response = HttpResponse(content, content_type=FORMATS[file_format])
    filename = f"{name}-{results.period.key}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
