"""The import pages (``/importer/``): choose a kind and a file, see the preview, confirm.

Coordinators import the rows of their territories, administrators any row; advisors and PAPs
get 404. The previewed file waits server-side (:mod:`territories.import_uploads`) under a random
token that only the session which previewed it knows.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from importing.csv_templates import template_csv
from importing.problems import CountsChanged, ImportFileError, Problem
from importing.registry import KINDS
from territories import import_uploads
from territories.access import data_entry_or_404
from territories.import_forms import ImportUploadForm

SESSION_KEY = "arrimage_imports"  # token → the record of a preview (import_uploads)
KEPT_PREVIEWS = 5  # per session; older previews and their files are dropped


@login_required
def start(request):
    data_entry_or_404(request.user)
    kinds = import_uploads.kinds_for(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            record = import_uploads.preview_upload(
                user=request.user,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            _keep(request, record)
            return redirect("imports:preview", token=record["token"])
    return render(request, "territories/imports/start.html", {"form": form, "kinds": kinds})


@login_required
def preview(request, token: str):
    data_entry_or_404(request.user)
    record = _record_or_404(request, token)
    context = {
        "record": record,
        "spec": KINDS[record["kind"]],
        "problems": [str(Problem(*problem)) for problem in record["problems"]],
        "mask": import_uploads.MASK,
    }
    return render(request, "territories/imports/preview.html", context)


@require_POST
@login_required
def confirm(request, token: str):
    data_entry_or_404(request.user)
    record = _record_or_404(request, token)
    if record["problems"]:  # a file with problems is not kept: nothing to confirm
        raise Http404
    try:
        report = import_uploads.confirm_upload(user=request.user, record=record)
    except import_uploads.UploadGone:
        _drop(request, token)
        messages.error(request, _gone_message())
        return redirect("imports:start")
    except CountsChanged as error:
        _keep(request, import_uploads.refresh_preview(user=request.user, record=record))
        messages.warning(request, str(error))
        return redirect("imports:preview", token=token)
    except ImportFileError as error:
        _drop(request, token)
        messages.error(request, str(error))
        return redirect("imports:start")
    _drop(request, token)
    messages.success(request, _done_message(report))
    return redirect("imports:start")


@require_POST
@login_required
def cancel(request, token: str):
    data_entry_or_404(request.user)
    record = _record_or_404(request, token)
    import_uploads.discard_upload(record)
    _drop(request, token)
    messages.info(request, _("The import was cancelled: nothing was written."))
    return redirect("imports:start")


@login_required
def download_template(request, kind: str):
    data_entry_or_404(request.user)
    if kind not in {spec.kind for spec in import_uploads.kinds_for(request.user)}:
        raise Http404
    response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="modele-{kind}.csv"'
    return response


def _records(request) -> dict:
    return request.session.setdefault(SESSION_KEY, {})


def _record_or_404(request, token: str) -> dict:
    """A preview of this session, made by this user; else 404 (tokens are not shared)."""
    record = _records(request).get(token)
    if record is None or record["user"] != request.user.pk:
        raise Http404
    return record


def _keep(request, record: dict) -> None:
    records = _records(request)
    records[record["token"]] = record
    for old in list(records)[:-KEPT_PREVIEWS]:
        import_uploads.discard_upload(records.pop(old))
    request.session.modified = True


def _drop(request, token: str) -> None:
    _records(request).pop(token, None)
    request.session.modified = True


def _gone_message() -> str:
    return _(
        "The file previewed is no longer there or was changed since the preview (files wait a "
        "day at most). Nothing was imported: send it again."
    )


def _done_message(report) -> str:
    return _(
        "Import done (%(kind)s): %(rows)d rows, %(created)d created, %(updated)d updated, "
        "%(unchanged)d unchanged. The indicators include them from now on."
    ) % {
        "kind": KINDS[report.kind].label or report.kind,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
