"""Staged writes, on PostgreSQL, for the big kinds (``RowSpec.staged``: referrals).

Checked rows go by batches of :data:`BATCH_ROWS` through ``COPY`` into a temporary table, the
stage; then SQL writes each batch from it (:meth:`RowSpec.merge`): by default an ``UPDATE`` of
the stored rows whose values differ and an ``INSERT`` of the new keys, so importing a file
twice changes nothing. The stage holds the model's columns the file gives (``import_line`` and
the spec's ``stage_extras`` beside them); the others take their default, or a value the spec's
``merge`` computes in SQL (a referral's family).

No second thread: a batch's SQL is sent in pipeline mode (psycopg) and runs in the database
while Python reads and checks the next batch; the import waits for it only before the next
``COPY``. Foreign keys are checked as each statement ends (``SET CONSTRAINTS ALL IMMEDIATE``)
rather than all at ``COMMIT``, so that their checks run during the reading too. A rule the
checks missed, caught by the database, becomes one problem naming the batch's lines; nothing
more is staged once the file has a problem (the transaction then rolls back).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import psycopg
from django.db import DatabaseError, connection, models, transaction

from importing.bulk import copy_rows, inserted_fields
from importing.foreign_keys import add_foreign_keys, drop_foreign_keys, set_based_rows
from importing.problems import ImportReport
from importing.specs import Column, Row, RowSpec
from importing.writes import refused

BATCH_ROWS = 100_000


class Stage:
    """The temporary table of an import's rows, one batch at a time; ``name`` is quoted, ready
    for SQL. :meth:`execute` sends a merge's statements; :meth:`wait` gathers their counts."""

    def __init__(self, spec: RowSpec, present: list[Column]) -> None:
        self.spec = spec
        self.model = spec.model
        given = {column.target for column in spec.all_columns}
        written = spec.written_fields(present)
        self.fields = [
            field
            for field in inserted_fields(self.model)
            if field.attname in written and field.attname in given
        ]
        self.table = f"arrimage_stage_{self.model._meta.db_table}"
        self.name = connection.ops.quote_name(self.table)
        self.extras = [("import_line", "integer"), *spec.stage_extras]  # COPY gives them
        self.first_line = self.last_line = 0
        self.counts = {"created": 0, "updated": 0}
        self._pipeline: psycopg.Pipeline | None = None
        self._counted: list[tuple[str, psycopg.Cursor]] = []

    def create(self) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(field.column) for field in self.fields)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.name} ON COMMIT DROP AS "
                f"SELECT {names} FROM {quote(self.model._meta.db_table)} WITH NO DATA"
            )
            cursor.execute(
                f"ALTER TABLE {self.name} "
                + ", ".join(f"ADD COLUMN {quote(name)} {sql}" for name, sql in self.extras)
                + ", ADD COLUMN stored_id bigint"  # the stored row of the key (upsert)
            )

    def batches(self, rows: Iterable[Row], report: ImportReport, size: int) -> Iterator[list[list]]:
        """The rows as lists of staged values, ``size`` at a time, while the file is clean."""
        attnames = [field.attname for field in self.fields]
        adapted = [
            (index, field)
            for index, field in enumerate(self.fields)
            if isinstance(field, models.JSONField)
        ]
        extras = [name for name, _sql in self.spec.stage_extras]
        batch: list[list] = []
        for row in rows:
            if not report.ok:
                continue
            values = row.values
            cells = [values[name] for name in attnames]
            for index, field in adapted:
                cells[index] = field.get_db_prep_save(cells[index], connection)
            cells.append(row.line)
            cells.extend(values[name] for name in extras)
            batch.append(cells)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch and report.ok:
            yield batch

    def load(self, batch: list[list]) -> None:
        """Replace the stage's rows with ``batch``."""
        self.first_line, self.last_line = batch[0][len(self.fields)], batch[-1][len(self.fields)]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.name}")
        columns = [field.column for field in self.fields] + [name for name, _sql in self.extras]
        copy_rows(self.table, columns, batch)

    def execute(self, sql: str, params: list | None = None, *, counts: str = "") -> None:
        """Send a statement of the merge; ``counts``: add its row count to ``created`` or
        ``updated``. In pipeline mode it runs while the next batch is read."""
        pg = connection.connection
        if self._pipeline is None and psycopg.Pipeline.is_supported():
            self._pipeline = pg.pipeline()
            self._pipeline.__enter__()
        cursor = pg.cursor()
        with connection.wrap_database_errors:
            cursor.execute(sql, params)
        if counts:
            self._counted.append((counts, cursor))

    def wait(self) -> None:
        """Wait for the statements sent; raise the database's error, if any."""
        pipeline, self._pipeline = self._pipeline, None
        with connection.wrap_database_errors:
            if pipeline is not None:
                pipeline.__exit__(None, None, None)
        for name, cursor in self._counted:
            self.counts[name] += cursor.rowcount
        self._counted = []

    def abandon(self) -> None:
        """After an error: leave pipeline mode, the statements sent are lost."""
        pipeline, self._pipeline, self._counted = self._pipeline, None, []
        if pipeline is not None:
            try:
                pipeline.__exit__(None, None, None)
            except psycopg.Error:
                pass

    def upsert(
        self,
        update_fields: list[str],
        *,
        source: str = "",
        computed: dict[str, str] | None = None,
    ) -> None:
        """Update the stored rows of the staged keys whose values differ, then insert the rows
        of the other keys. ``source``: the ``FROM`` clause (the stage is ``s``); ``computed``:
        SQL of fields not staged.

        The stored row of each staged key is looked up once (``stored_id``, a column of the
        stage); the update and the insert then read it instead of each joining the table. Two
        plain statements rather than one ``INSERT … ON CONFLICT``: a new row then costs a plain
        insert, not a speculative one. The keys of the file are distinct (checked as rows are
        read)."""
        quote = connection.ops.quote_name
        model = self.model
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        staged = {field.attname for field in self.fields}
        computed = computed or {}
        source = source or f"{self.name} s"
        columns, selected, params = [], [], []
        for field in inserted_fields(model):
            column = quote(field.column)
            given = field.attname in staged or field.attname in computed
            if not given and field.has_db_default():  # the database's, per row (a random id)
                continue
            columns.append(column)
            if field.attname in staged:
                selected.append(f"s.{column} AS {column}")
            elif field.attname in computed:
                selected.append(f"{computed[field.attname]} AS {column}")
            else:
                selected.append(f"%s AS {column}")
                params.append(field.get_db_prep_save(field.get_default(), connection))
        keys = [quote(model._meta.get_field(name).column) for name in self.spec.unique_fields]
        self.execute(
            f"UPDATE {self.name} s SET stored_id = t.{pk} FROM {table} t WHERE "
            + " AND ".join(f"t.{key} = s.{key}" for key in keys)
        )
        changed = [quote(model._meta.get_field(name).column) for name in update_fields]
        selection = ", ".join(selected)
        assignments = [f"{column} = given.{column}" for column in changed]
        if self.spec.version_field:  # raised on the rows the update changes, in the same pass
            version = quote(model._meta.get_field(self.spec.version_field).column)
            assignments.append(f"{version} = t.{version} + 1")
        if changed:
            self.execute(
                f"UPDATE {table} t SET "
                + ", ".join(assignments)
                + f" FROM (SELECT {selection}, s.stored_id FROM {source}"
                + " WHERE s.stored_id IS NOT NULL) given"
                + f" WHERE t.{pk} = given.stored_id"
                + f" AND ({', '.join(f't.{column}' for column in changed)})"
                + f" IS DISTINCT FROM ({', '.join(f'given.{column}' for column in changed)})",
                params,
                counts="updated",
            )
        self.execute(
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" SELECT {selection} FROM {source} WHERE s.stored_id IS NULL",
            params,
            counts="created",
        )


def write_staged(
    spec: RowSpec,
    present: list[Column],
    rows: Iterable[Row],
    report: ImportReport,
    batch_rows: int = BATCH_ROWS,
) -> None:
    """Stage and merge the rows batch by batch (nothing more once the file has a problem)."""
    stage = Stage(spec, present)
    update_fields = sorted(spec.written_fields(present) - set(spec.unique_fields))
    rows = iter(rows)
    staged = 0
    threshold = set_based_rows()
    dropped: list[tuple[str, list[tuple[str, str]]]] | None = None
    tables = [spec.model._meta.db_table, *spec.also_written]
    try:
        with transaction.atomic():
            stage.create()
            with connection.cursor() as cursor:
                # Sort and hash a batch in memory; plan from a small sample of each batch (the
                # stage's ANALYZE); check foreign keys as each statement ends.
                cursor.execute("SET LOCAL work_mem = '256MB'")
                cursor.execute("SET LOCAL default_statistics_target = 10")
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            try:
                for batch in stage.batches(rows, report, batch_rows):
                    stage.wait()  # the previous batch's merge
                    if dropped is None:  # the first batch: a large import?
                        large = threshold and len(batch) >= threshold
                        dropped = [(t, drop_foreign_keys(t)) for t in tables] if large else []
                    stage.load(batch)
                    staged += len(batch)
                    stage.execute(f"ANALYZE {stage.name}")
                    spec.merge(stage, update_fields)
                stage.wait()
            except BaseException:
                stage.abandon()
                raise
            if dropped and report.ok:  # (a problem: the rollback brings them back)
                for table, keys in dropped:
                    add_foreign_keys(table, keys)
            with connection.cursor() as cursor:  # (an error: the savepoint's rollback does it)
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default
    except DatabaseError as error:
        refused(stage.first_line, stage.last_line, error, report)
        for _row in rows:  # check the other rows all the same
            pass
        return
    if not report.ok:
        return
    created, updated = stage.counts["created"], stage.counts["updated"]
    report.created += created
    report.updated += updated
    report.unchanged += staged - created - updated
