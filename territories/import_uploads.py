"""Imports through the upload page (``/importer/``): a preview, then the import of exactly what
was previewed (DESIGN.md section 7).

The engine (:func:`importing.services.import_file`) does the work; this module keeps the
uploaded file between the two steps and binds it to the user who sent it:

- :func:`preview_upload` saves the file under a random token in ``settings.IMPORT_UPLOAD_DIR``
  (a private directory, never served), runs a dry run limited to the user's territories and
  returns what the session keeps: the kind, the file's name and SHA-256, the counts, every
  problem and the first rows. A file with problems is not kept: there is nothing to confirm.
- :func:`confirm_upload` checks that the file is still the one previewed (same SHA-256), then
  imports it in one transaction, refusing (:class:`~importing.problems.CountsChanged`) when the
  counts are no longer those of the preview; the file is deleted once imported.

Files left behind (a preview never confirmed) are deleted after :data:`KEEP_SECONDS` by the
next upload (:func:`delete_old_uploads`).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from importing.files import first_rows
from importing.problems import ImportFileError, ImportReport
from importing.registry import KINDS, get_spec
from importing.rows import bind_header
from importing.services import import_file
from importing.specs import RowSpec
from territories.access import is_administrator, territory_ids
from territories.models import User

KEEP_SECONDS = 24 * 3600  # a previewed file not confirmed within a day is deleted
PREVIEW_ROWS = 10
PREVIEW_CELL_CHARS = 80  # a cell of the preview table is cut beyond this
MASK = "••••••"  # in place of a secret cell (a family's file code)


class UploadGone(Exception):
    """The previewed file is missing or was changed: it cannot be imported."""


def kinds_for(user: User) -> list[type[RowSpec]]:
    """The kinds ``user`` may import: all for administrators; for coordinators, those whose rows
    belong to a territory (not the territories themselves)."""
    specs = list(KINDS.values())
    if is_administrator(user):
        return specs
    return [spec for spec in specs if spec.scope_column is not None]


def upload_dir() -> Path:
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def upload_path(token: str, suffix: str) -> Path:
    return upload_dir() / f"{token}{suffix}"


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def preview_upload(*, user: User, kind: str, uploaded: UploadedFile) -> dict[str, Any]:
    """Keep ``uploaded`` under a new token and preview its import as ``user``; returns the
    session's record of the preview. Raises :class:`ImportFileError` (nothing kept) when the
    file cannot be read at all."""
    delete_old_uploads()
    token = secrets.token_urlsafe(24)
    suffix = Path(uploaded.name).suffix.lower()
    path = upload_path(token, suffix)
    digest = hashlib.sha256()
    with path.open("xb") as stream:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            stream.write(chunk)
    try:
        report = import_file(kind, path, territory_ids=territory_ids(user), dry_run=True)
        header, rows = first_rows(path, PREVIEW_ROWS)
    except ImportFileError:
        path.unlink(missing_ok=True)
        raise
    hidden = _secret_indices(kind, header)
    withheld = hidden is None  # a secret column may be unmasked: no row is shown nor kept
    if hidden is None:
        hidden, rows = set(), []
    record = {
        "token": token,
        "user": user.pk,
        "kind": kind,
        "name": Path(uploaded.name).name[:200],
        "suffix": suffix,
        "sha256": digest.hexdigest(),
        "rows": report.rows,
        "counts": [report.created, report.updated, report.unchanged],
        "problems": [[p.line, p.column, p.message] for p in report.problems],
        "more_problems": report.more_problems,
        "header": [_cut(cell) for cell in header],
        "rows_withheld": withheld,
        "first_rows": [
            [line, [MASK if i in hidden and cell else _cut(cell) for i, cell in enumerate(cells)]]
            for line, cells in rows
        ],
    }
    if not report.ok:
        path.unlink(missing_ok=True)  # nothing to confirm
    return record


def confirm_upload(*, user: User, record: dict[str, Any]):
    """Import the previewed file of ``record`` as ``user``, exactly as previewed. Raises
    :class:`UploadGone` when the file is missing or changed,
    :class:`~importing.problems.CountsChanged` when the data changed since the preview (nothing
    written either way). The file is deleted once imported."""
    path = upload_path(record["token"], record["suffix"])
    claimed = path.with_name(path.name + ".importing")
    try:  # atomic: a second confirmation sent meanwhile (a double click) finds no file
        path.rename(claimed)
    except FileNotFoundError:
        raise UploadGone from None
    if sha256_of(claimed) != record["sha256"]:
        claimed.unlink(missing_ok=True)
        raise UploadGone
    try:
        report = import_file(
            record["kind"],
            claimed,
            actor=user,
            territory_ids=territory_ids(user),
            expected=tuple(record["counts"]),
            file_name=record["name"],
        )
    except BaseException:
        claimed.rename(path)  # not imported: it can be previewed again
        raise
    claimed.unlink(missing_ok=True)
    return report


def refresh_preview(*, user: User, record: dict[str, Any]) -> dict[str, Any]:
    """The preview of ``record``'s kept file again (after the data changed)."""
    path = upload_path(record["token"], record["suffix"])
    report = import_file(record["kind"], path, territory_ids=territory_ids(user), dry_run=True)
    if not report.ok:
        path.unlink(missing_ok=True)
    return record | {
        "rows": report.rows,
        "counts": [report.created, report.updated, report.unchanged],
        "problems": [[p.line, p.column, p.message] for p in report.problems],
        "more_problems": report.more_problems,
    }


def discard_upload(record: dict[str, Any]) -> None:
    upload_path(record["token"], record["suffix"]).unlink(missing_ok=True)


def delete_old_uploads(now: float | None = None) -> int:
    """Delete the kept files older than :data:`KEEP_SECONDS`; returns how many."""
    limit = (time.time() if now is None else now) - KEEP_SECONDS
    deleted = 0
    for path in upload_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _secret_indices(kind: str, header: list[str]) -> set[int] | None:
    """The cells never shown back (a family's file code: kept nowhere in clear, not even in
    the session); None when the kind has a secret column and the header has any problem (an
    unknown, duplicated or missing column): a misspelled or repeated family column would not be
    masked, so no row is shown nor kept at all."""
    spec = get_spec(kind)
    report = ImportReport(kind=kind)
    bound = bind_header(spec, header, report)
    if not report.ok and any(column.secret for column in spec.all_columns):
        return None
    return {index for index, column, _written in bound if column.secret}


def _cut(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"
