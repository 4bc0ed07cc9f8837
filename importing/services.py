"""The import: :func:`import_file` reads a file of one kind and writes it whole or not at all
(DESIGN.md section 7). The management command ``import_data`` and the benchmark call it.

Rows are typed and checked one by one against tables the spec preloads once (no query per
row), then written: staged (:mod:`importing.staging`, the big kinds on PostgreSQL) or by chunks
(:mod:`importing.writes`), all in one transaction. After the first invalid row nothing more is
written but checking goes on, so that the report lists every problem; then it rolls back.

The engine imports none of the apps (DESIGN.md section 3). Two settings name, as dotted paths
loaded with ``import_string``, what the apps above it do around an import:

- ``IMPORTING_AROUND_WRITES``: a context manager entered inside the transaction around the
  writes (``indicators.freshness.versions_raised_once``: each territory's ``data_version`` is
  raised once per import, not once per statement);
- ``IMPORTING_AUDIT``: a function called in the same transaction after a successful import, as
  ``audit(actor=, model=, file_name=, sha256=, report=)`` (``territories.audit.record_import``:
  one audit entry per import; a failed import writes none).

Either may be unset (empty): the engine then does without.

An import may be limited to some territories (``territory_ids``: a coordinator's): each spec
says how a row names its territory (``RowSpec.scope_column``, ``territories_of``), read from
its preloaded tables, and a row of another territory is a problem like any other. A dry run
(``dry_run=True``) checks and writes everything in the transaction, then rolls it back: its
report says exactly what the import would create, update and leave unchanged (the preview).
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from importing.files import read_header, read_rows
from importing.problems import CountsChanged, ImportFileError, ImportReport, KindOutOfScope
from importing.registry import get_spec
from importing.rows import bind_header, checked_rows
from importing.staging import BATCH_ROWS, write_staged
from importing.writes import write_in_chunks

CHUNK_SIZE = 5000


def import_file(
    kind: str,
    path: str | Path,
    *,
    actor: Any = None,
    chunk_size: int | None = None,
    territory_ids: frozenset[int] | None = None,
    dry_run: bool = False,
    expected: tuple[int, int, int] | None = None,
    file_name: str | None = None,
) -> ImportReport:
    """Import ``path`` as rows of ``kind``: all of them, or none when any is invalid.

    ``actor``: the user the audit entry names (None: nobody). ``chunk_size``: rows written at a
    time (default: :data:`CHUNK_SIZE` by chunks, :data:`~importing.staging.BATCH_ROWS`
    staged). ``territory_ids``: the territories rows may touch (None: every territory and the
    province). ``dry_run``: write nothing, report what would be written. ``expected``: the
    (created, updated, unchanged) counts the import must give (a preview's, that had no
    problem), else :class:`~importing.problems.CountsChanged` is raised and nothing is written.
    ``file_name``: the name the audit entry records (default: the file's). Raises
    :class:`~importing.problems.ImportFileError` (or ``UnknownKind``, ``KindOutOfScope``) when
    the file cannot be read at all or the kind has no territory to limit it to; otherwise the
    report says what was (or would be) written or lists every problem (nothing written).
    """
    spec = get_spec(kind)
    if territory_ids is not None and spec.scope_column is None:
        raise KindOutOfScope(
            _("Only administrators may import rows of the kind “%(kind)s”.") % {"kind": kind}
        )
    path = Path(path)
    report = ImportReport(kind=kind)
    rows = read_rows(path)
    bound = bind_header(spec, read_header(rows), report)
    if not report.ok:
        return report
    spec.preload()
    present = [column for _index, column, _written in bound]
    checked = checked_rows(spec, bound, rows, report, territory_ids)
    with transaction.atomic():
        with _around_writes():
            if spec.staged and connection.vendor == "postgresql":
                write_staged(spec, present, checked, report, chunk_size or BATCH_ROWS)
            else:
                write_in_chunks(spec, present, checked, report, chunk_size or CHUNK_SIZE)
        counts = (report.created, report.updated, report.unchanged)
        if expected is not None and (not report.ok or counts != tuple(expected)):
            raise CountsChanged(
                _(
                    "The data changed since the preview: the import would now create, update "
                    "or leave unchanged other rows. Nothing was imported: look at the new "
                    "preview."
                )
            )
        if report.ok and not report.rows:  # nothing to import is not an import
            raise ImportFileError(
                _("The file has its header line only: there is no row to import.")
            )
        if report.ok and not dry_run:
            _audit(actor=actor, model=spec.model, path=path, name=file_name, report=report)
        else:
            transaction.set_rollback(True)
    if not report.ok:
        report.created = report.updated = report.unchanged = 0
    return report


def _around_writes() -> contextlib.AbstractContextManager:
    path = getattr(settings, "IMPORTING_AROUND_WRITES", "")
    return import_string(path)() if path else contextlib.nullcontext()


def _audit(*, actor: Any, model: Any, path: Path, name: str | None, report: ImportReport) -> None:
    audit = getattr(settings, "IMPORTING_AUDIT", "")
    if not audit:
        return
    with path.open("rb") as stream:
        sha256 = hashlib.file_digest(stream, "sha256").hexdigest()
    import_string(audit)(
        actor=actor, model=model, file_name=name or path.name, sha256=sha256, report=report
    )
