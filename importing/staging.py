"""Staged writes, on PostgreSQL, for the big kinds (``RowSpec.staged``: referrals).

Every checked row of the file goes through one ``COPY`` into a temporary table, the stage; then
SQL writes them all at once from it (:meth:`RowSpec.merge`): by default one
``INSERT … SELECT … ON CONFLICT`` on the key that updates only the rows whose values differ, so
importing a file twice changes nothing. The ``COPY`` is fed as rows are read and checked: the
database server parses each row while Python checks the next, with no second thread.

The stage holds the model's columns the file gives (``import_line`` and the spec's
``stage_extras`` beside them); the others take their default, or a value the spec's ``merge``
computes in SQL (a referral's family). A rule the checks missed, caught by the database,
becomes one problem naming the file's lines. Nothing is staged once the file has a problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import DatabaseError, connection, models, transaction

from importing.bulk import copy_rows, inserted_fields
from importing.problems import ImportReport
from importing.specs import Column, Row, RowSpec
from importing.writes import refused


class Stage:
    """The temporary table of one import's rows; ``name`` is quoted, ready for SQL."""

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
        self.first_line = self.last_line = self.count = 0

    def fill(self, rows: Iterable[Row], report: ImportReport) -> None:
        """Create the stage and ``COPY`` ``rows`` into it, as they come."""
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        names = ", ".join(quote(field.column) for field in self.fields)
        extras = [("import_line", "integer"), *self.spec.stage_extras]
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.name} ON COMMIT DROP AS "
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
            cursor.execute(
                f"ALTER TABLE {self.name} "
                + ", ".join(f"ADD COLUMN {quote(name)} {sql}" for name, sql in extras)
            )
        columns = [field.column for field in self.fields] + [name for name, _sql in extras]
        copy_rows(self.table, columns, self._tuples(rows, report))
        if self.count:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self.name}")

    def _tuples(self, rows: Iterable[Row], report: ImportReport) -> Iterator[tuple]:
        attnames = [field.attname for field in self.fields]
        adapted = [
            (index, field)
            for index, field in enumerate(self.fields)
            if isinstance(field, models.JSONField)
        ]
        extras = [name for name, _sql in self.spec.stage_extras]
        for row in rows:
            if not report.ok:
                continue
            values = row.values
            cells = [values[name] for name in attnames]
            for index, field in adapted:
                cells[index] = field.get_db_prep_save(cells[index], connection)
            cells.append(row.line)
            cells.extend(values[name] for name in extras)
            if not self.count:
                self.first_line = row.line
            self.last_line = row.line
            self.count += 1
            yield cells

    def upsert(
        self,
        update_fields: list[str],
        *,
        source: str = "",
        computed: dict[str, str] | None = None,
    ) -> tuple[int, int]:
        """``INSERT`` the staged rows into the model's table, or update the stored rows of their
        keys whose values differ. ``source``: the ``FROM`` clause (the stage is ``s``);
        ``computed``: SQL of fields not staged. Returns (created, updated)."""
        quote = connection.ops.quote_name
        model = self.model
        table = quote(model._meta.db_table)
        staged = {field.attname for field in self.fields}
        computed = computed or {}
        columns, selected, params = [], [], []
        for field in inserted_fields(model):
            columns.append(quote(field.column))
            if field.attname in staged:
                selected.append(f"s.{quote(field.column)}")
            elif field.attname in computed:
                selected.append(computed[field.attname])
            else:
                selected.append("%s")
                params.append(field.get_db_prep_save(field.get_default(), connection))
        key = ", ".join(
            quote(model._meta.get_field(name).column) for name in self.spec.unique_fields
        )
        changed = [quote(model._meta.get_field(name).column) for name in update_fields]
        if changed:
            action = (
                "DO UPDATE SET "
                + ", ".join(f"{column} = EXCLUDED.{column}" for column in changed)
                + f" WHERE ({', '.join(f'{table}.{column}' for column in changed)})"
                + f" IS DISTINCT FROM ({', '.join(f'EXCLUDED.{column}' for column in changed)})"
            )
        else:
            action = "DO NOTHING"
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH written AS (INSERT INTO {table} ({', '.join(columns)}) "
                f"SELECT {', '.join(selected)} FROM {source or self.name + ' s'} "
                f"ON CONFLICT ({key}) {action} RETURNING xmax = 0 AS inserted) "
                "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
                "FROM written",
                params,
            )
            created, updated = cursor.fetchone()
        return created, updated


def write_staged(
    spec: RowSpec, present: list[Column], rows: Iterable[Row], report: ImportReport
) -> None:
    """Stage every row, then merge them (nothing when the file has a problem)."""
    stage = Stage(spec, present)
    update_fields = sorted(spec.written_fields(present) - set(spec.unique_fields))
    rows = iter(rows)
    try:
        with transaction.atomic():
            stage.fill(rows, report)
    except DatabaseError as error:
        refused(stage.first_line, stage.last_line, error, report)
        for _row in rows:  # check the other rows all the same
            pass
        return
    if not report.ok or not stage.count:
        return
    with connection.cursor() as cursor:  # sort and hash a million staged rows in memory
        cursor.execute("SET LOCAL work_mem = '256MB'")
    try:
        with transaction.atomic():
            created, updated = spec.merge(stage, update_fields)
    except DatabaseError as error:
        refused(stage.first_line, stage.last_line, error, report)
        return
    report.created += created
    report.updated += updated
    report.unchanged += stage.count - created - updated
