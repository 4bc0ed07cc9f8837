"""The files the dashboards hand out: ``?format=csv`` or ``?format=xlsx`` on a page (the export's
rows) and the breakdowns' download, all written by :mod:`indicators.export`."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from indicators.compute import Results
from indicators.export import COLUMNS, FORMATS, export_rows, write_csv, write_xlsx


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
    return file_response(
        export_rows(results),
        columns=COLUMNS,
        file_format=file_format,
        sheet=results.period.key,
        filename=f"{name}-{results.period.key}.{file_format}",
    )


def file_response(
    rows: Sequence[Mapping[str, str]],
    *,
    columns: Sequence[str],
    file_format: str,
    sheet: str,
    filename: str,
) -> HttpResponse:
    """``rows`` as a CSV (UTF-8) or XLSX attachment named ``filename``."""
    if file_format == "csv":
        text = io.StringIO()
        write_csv(rows, text, columns=columns)
        content = text.getvalue().encode("utf-8")
    else:
        binary = io.BytesIO()
        write_xlsx(rows, binary, columns=columns, sheet=sheet)
        content = binary.getvalue()
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
