"""Many rows at once: PostgreSQL's ``COPY … FROM STDIN``, several times faster than ``INSERT``.

:func:`copy_rows` is the one COPY writer of the project: the import engine streams checked rows
through it (:mod:`importing.staging`, :meth:`importing.specs.RowSpec.insert`) and ``generate_demo``
writes its million referrals with it (:mod:`demo.bulk`). :func:`model_rows` turns rows given as
``{field: value}`` into tuples in the model's column order, absent fields taking their default.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL: ``COPY`` ``rows`` (tuples in the order of ``columns``, database column names)
    into ``table``; returns how many. ``rows`` may be a generator: the database takes each row
    as it comes, while the next ones are computed."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    written = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
    return written


def inserted_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields an insert gives (the automatic key aside)."""
    return [
        field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)
    ]


def model_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]]
) -> tuple[list[str], Iterator[tuple]]:
    """The columns of ``model`` (its automatic key aside) and ``rows`` (field attname → value)
    as tuples in their order; a field a row lacks takes its default (a callable default is
    called per row), a JSON field is adapted."""
    fields = inserted_fields(model)
    generated = {
        field.attname: field.default
        for field in fields
        if field.has_default() and callable(field.default)
    }
    constant = {field.attname: field.get_default() for field in fields}
    adapted = [field for field in fields if isinstance(field, models.JSONField)]
    order = [field.attname for field in fields]

    def tuples() -> Iterator[tuple]:
        for values in rows:
            for field in adapted:
                if field.attname in values:
                    values[field.attname] = field.get_db_prep_save(
                        values[field.attname], connection
                    )
            yield tuple(
                values[name]
                if name in values
                else generated[name]()
                if name in generated
                else constant[name]
                for name in order
            )

    return [field.column for field in fields], tuples()
