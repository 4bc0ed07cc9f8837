"""The monthly journal grid of a territory: ``/territoires/<code>/journal/<YYYY-MM>/``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from territories.access import territory_for_data_entry_or_404
from territories.downloads import FORMATS, people_download
from territories.journal_forms import COLUMN_LABELS, JournalMonthForm
from territories.services import journal
from territories.services.journal import COLUMNS, HOURS_KINDS, MonthChanged

_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
FIRST_YEAR = 2000


def _month_or_none(key: str, today: date) -> date | None:
    """``2024-07`` → 2024-07-01, for a month from 2000 up to this one; else ``None``."""
    match = _MONTH_RE.fullmatch((key or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < FIRST_YEAR:
        return None
    month = date(int(match[1]), int(match[2]), 1)
    return month if month <= today.replace(day=1) else None


@login_required
def journal_current(request, code: str):
    """``/territoires/<code>/journal/``: the month asked for (``?mois=YYYY-MM``), else this one."""
    territory = territory_for_data_entry_or_404(request.user, code)
    today = timezone.localdate()
    month = _month_or_none(request.GET.get("mois", ""), today) or today
    return redirect("territory_data:journal-month", code=territory.code, month=f"{month:%Y-%m}")


@login_required
def journal_month(request, code: str, month: str):
    """The grid: GET shows the month, POST saves it whole or not at all."""
    territory = territory_for_data_entry_or_404(request.user, code)
    today = timezone.localdate()
    start = _month_or_none(month, today)
    if start is None:
        raise Http404
    current = journal.load_month(territory=territory, month=start)
    if request.GET.get("format") in FORMATS:
        return _download(current, request.GET["format"])
    form = JournalMonthForm(request.POST or None, month=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = journal.save_month(
                actor=request.user,
                territory=territory,
                month=start,
                values=form.cell_values(),
                digest=form.cleaned_data["digest"],
            )
        except MonthChanged as conflict:
            form = JournalMonthForm.after_conflict(request.POST, conflict.current)
        except ValidationError as error:
            form.add_cell_errors(error)
        else:
            messages.success(request, _saved_message(start, changed))
            return redirect(request.path)
    return render(request, "territories/journal_month.html", _context(territory, form, today))


def _context(territory, form: JournalMonthForm, today: date) -> dict:
    month = form.month
    return {
        "territory": territory,
        "month": month,
        "form": form,
        "columns": [COLUMN_LABELS[kind] for kind in COLUMNS],
        "totals": _totals(month),
        "previous": (month.start - timedelta(days=1)).replace(day=1),
        "next": month.end + timedelta(days=1),
        "this_month": today.replace(day=1),
    }


def _saved_message(start: date, changed: int) -> str:
    if not changed:
        return _("Journal of %(month)s saved: nothing had changed.") % {"month": f"{start:%Y-%m}"}
    return ngettext(
        "Journal of %(month)s saved: %(count)d entry created, changed or deleted.",
        "Journal of %(month)s saved: %(count)d entries created, changed or deleted.",
        changed,
    ) % {"month": f"{start:%Y-%m}", "count": changed}


def _totals(month: journal.JournalMonth) -> list:
    """Each column's total over the month as recorded (what the indicators count)."""
    totals = []
    for kind in COLUMNS:
        values = [month.values[(position.pk, kind)] for position in month.positions]
        present = [value for value in values if value is not None]
        totals.append((kind in HOURS_KINDS, sum(present) if present else None))
    return totals


def _download(month: journal.JournalMonth, file_format: str):
    columns = [_("Position"), _("Title"), _("Organization"), _("Sector")]
    columns += [str(COLUMN_LABELS[kind]) for kind in COLUMNS]
    rows = [
        [
            position.code,
            position.title,
            position.organization.code,
            position.organization.sector_id,
            *values,
        ]
        for position, values in month.rows()
    ]
    return people_download(
        rows=rows,
        columns=columns,
        filename=f"journal-{month.territory.code}-{month.start:%Y-%m}",
        file_format=file_format,
    )
