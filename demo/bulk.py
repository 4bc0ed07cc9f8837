"""Fast writing of many generated rows: COPY on PostgreSQL, ``bulk_create`` elsewhere.

``generate_demo`` writes a million referrals; PostgreSQL's ``COPY … FROM STDIN`` (the import
engine's writer, :func:`importing.bulk.copy_rows`) takes them in seconds where ``INSERT``
batches take minutes. Other databases
(SQLite for tests) get ``bulk_create`` with the same rows, so both paths write the same thing.
Rows are tuples in the order of ``columns`` (field attnames such as ``territory_id``), primary
keys included: the caller numbers them, and :meth:`RowWriter.finish` moves the sequences past them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models

from importing.bulk import copy_rows

BATCH_SIZE = 5000


class RowWriter:
    """Writes rows of one model at a time; counts what it wrote per model."""

    def __init__(self) -> None:
        self.copy = connection.vendor == "postgresql"
        self.counts: dict[type[models.Model], int] = {}

    def write(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]
    ) -> int:
        written = (
            self._copy(model, columns, rows) if self.copy else self._bulk(model, columns, rows)
        )
        self.counts[model] = self.counts.get(model, 0) + written
        return written

    @staticmethod
    def _copy(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
        fields = [model._meta.get_field(column).column for column in columns]
        return copy_rows(model._meta.db_table, fields, rows)

    @staticmethod
    def _bulk(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
        written = 0
        batch: list[models.Model] = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            if len(batch) == BATCH_SIZE:
                model.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        model.objects.bulk_create(batch)
        return written + len(batch)

    def finish(self) -> None:
        """Move the id sequences of the models written with explicit ids past their rows."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.counts))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    def analyze(self) -> None:
        """Refresh PostgreSQL's planner statistics of the tables written (no-op elsewhere)."""
        if not self.copy:
            return
        with connection.cursor() as cursor:
            for model in self.counts:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
