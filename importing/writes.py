"""Writing checked rows by chunks through the ORM: the small kinds, and every kind on SQLite.

Each chunk asks once for the stored rows of its keys (:meth:`RowSpec.existing`), inserts the new
ones (COPY on PostgreSQL) and updates those whose values differ; an unchanged row is not
written, so importing the same file twice changes nothing. A rule the checks missed, caught by
the database, becomes a problem naming the chunk's lines (:func:`refused`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from importing.problems import ImportReport
from importing.specs import Column, Row, RowSpec


def write_in_chunks(
    spec: RowSpec,
    present: list[Column],
    rows: Iterable[Row],
    report: ImportReport,
    chunk_size: int,
) -> None:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= chunk_size:
            if report.ok:
                write_chunk(spec, present, chunk, report)
            chunk = []
    if chunk and report.ok:
        write_chunk(spec, present, chunk, report)


def write_chunk(spec: RowSpec, present: list[Column], chunk: list[Row], report: ImportReport):
    fields = spec.written_fields(present)
    key_fields = set(spec.unique_fields)
    update_fields = sorted(fields - key_fields)
    if not connection.force_debug_cursor:  # DEBUG: do not keep the SQL of a million rows
        connection.queries_log.clear()
    try:
        with transaction.atomic():
            spec.prepare(chunk)
            stored = spec.existing(chunk) if spec.keyed else {}
            new, changed = [], []
            for row in chunk:
                values = spec.fields_of(row, fields)
                old = stored.get(row.key)
                if old is None:
                    new.append(values)
                elif any(values[name] != old[name] for name in update_fields):
                    for name in key_fields:  # the stored spelling of the key
                        values[name] = old[name]
                    if spec.version_field:
                        values[spec.version_field] = old[spec.version_field] + 1
                    changed.append(spec.model(pk=old["pk"], **values))
                else:
                    report.unchanged += 1
            if new:
                spec.insert(new)
            if changed:
                versioned = [spec.version_field] if spec.version_field else []
                spec.write_updates(changed, update_fields + versioned)
    except DatabaseError as error:
        refused(chunk[0].line, chunk[-1].line, error, report)
        return
    report.created += len(new)
    report.updated += len(changed)


def refused(first: int, last: int, error: DatabaseError, report: ImportReport) -> None:
    """A rule the checks missed, caught by the database: the lines written are named."""
    report.add(
        first,
        "-",
        _("The database refused the rows of lines %(first)d to %(last)d: %(error)s")
        % {"first": first, "last": last, "error": error},
    )
