"""Row specs: how an app declares a kind of row it imports (DESIGN.md section 7).

A :class:`RowSpec` names its model, its :class:`Column` s (English header, French header,
parser, model field), its key (``unique_fields``) and the rules joining columns (``check``).
The engine gives each typed, checked row to it as a :class:`Row`. Each app declares its specs in
its own ``imports.py`` and registers them (:func:`importing.registry.register`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, models

from importing.bulk import copy_rows, model_rows
from importing.cells import Parser

if TYPE_CHECKING:
    from importing.staging import Stage


@dataclass(frozen=True)
class Column:
    """One column of a kind: ``name`` is the English header of DESIGN.md, ``french`` the header
    of the templates; ``aliases`` other accepted headers. The parsed value lands in
    ``values[field or name]``; ``field`` is the model attribute it sets (None: used otherwise)."""

    name: str
    french: str
    parse: Parser
    field: str | None = None
    required: bool = False
    key: bool = False
    aliases: tuple[str, ...] = ()
    empty: Any = None
    secret: bool = False  # never shown back (a family's file code): previews mask it

    @property
    def target(self) -> str:
        return self.field or self.name


@dataclass
class Row:
    line: int
    values: dict[str, Any]
    key: Any = None


class RowSpec:
    """One kind of row. Subclasses set ``kind``, ``model``, ``unique_fields`` and
    ``columns()``, and may override ``preload``, ``check``, ``prepare`` and ``existing``."""

    kind: str
    model: type[models.Model]
    unique_fields: tuple[str, ...] = ()  # the key's model fields, for the upsert
    keyed = True
    # PostgreSQL: COPY the rows by batches into a staging table and :meth:`merge` each in SQL
    # (the key's fields must be exactly a unique constraint, compared as stored): see
    # importing.staging. Otherwise rows are written by chunks (importing.writes).
    staged = False
    stage_extras: tuple[tuple[str, str], ...] = ()  # (value name, SQL type) staged beside fields
    also_written: tuple[str, ...] = ()  # other tables merge writes (their keys: set-based too)
    examples: tuple[dict[str, str], ...] = ()  # template rows, by English column name
    label: Any = ""  # what the import page calls the kind (a lazy translation)
    description: Any = ""  # one line saying what its rows are
    # Scope (``import_file(territory_ids=…)``): the column through which a row names its
    # territory (directly, or through what it refers to); None: the kind is for imports of
    # every territory only (administrators). See :meth:`territories_of`.
    scope_column: str | None = None
    # A counter the model raises on every change (optimistic concurrency: a form loaded before
    # the import then refuses to save over it); an update by the import raises it by one.
    version_field: str | None = None

    def __init__(self) -> None:
        self.context: dict[str, Any] = {}
        self.all_columns = self.columns()
        self.scope_target = next(
            (column.target for column in self.all_columns if column.name == self.scope_column),
            None,
        )

    def table(self, name: str) -> Callable[[], dict[str, Any]]:
        """A preloaded table of ``self.context``, read when rows are parsed."""
        return lambda: self.context[name]

    def preload(self) -> None:
        """Load once what rows refer to, into ``self.context``."""

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """Rules joining columns: (column name, message) pairs; may fill derived values."""
        return []

    def territories_of(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        """The territories a checked row touches (None: the province as a whole), read from the
        preloaded tables: by default the value of :attr:`scope_column`. A spec whose key can
        name a stored row of another territory adds that row's territory."""
        return (values[self.scope_target],)

    def key(self, values: dict[str, Any]) -> Any:
        return tuple(values[name] for name in self.unique_fields)

    def describe_key(self, row: Row) -> str:
        return ", ".join(str(part) for part in row.key)

    def written_fields(self, present: list[Column]) -> set[str]:
        """The model fields a file with the ``present`` columns sets."""
        return {column.field for column in present if column.field}

    def fields_of(self, row: Row, fields: set[str]) -> dict[str, Any]:
        return {name: row.values[name] for name in fields}

    def prepare(self, rows: list[Row]) -> None:
        """Before a chunk is written (e.g. create the families it refers to); not called for
        staged rows."""

    def merge(self, stage: Stage, update_fields: list[str]) -> None:
        """Staged rows (PostgreSQL): write a batch from ``stage``, sending the statements
        through ``stage.execute`` (the inserts and updates counted)."""
        stage.upsert(update_fields)

    def existing(self, rows: list[Row]) -> dict[Any, dict[str, Any]]:
        """The stored rows of the chunk's keys: key → ``{"pk": …, field: value}``.

        The default asks once per chunk for the rows matching each key field's values (a
        superset), then keeps the exact keys."""
        filters = {f"{name}__in": {row.values[name] for row in rows} for name in self.unique_fields}
        fields = self.written_fields(self.all_columns)
        if self.version_field:
            fields = fields | {self.version_field}
        stored = self.model.objects.filter(**filters).values("pk", *fields)
        keys = {row.key for row in rows}
        result = {}
        for values in stored:
            key = self.key(values)
            if key in keys:
                result[key] = values
        return result

    def insert(self, rows: list[dict[str, Any]]) -> None:
        """Insert new rows (field → value; absent fields take their default).

        On PostgreSQL through ``COPY``, several times faster than ``INSERT``; elsewhere through
        ``bulk_create``.
        """
        if connection.vendor != "postgresql":
            objects = [self.model(**values) for values in rows]
            self.model.objects.bulk_create(objects, batch_size=self.batch_size())
            return
        columns, tuples = model_rows(self.model, rows)
        copy_rows(self.model._meta.db_table, columns, tuples)

    def write_updates(self, objects: list[models.Model], fields: list[str]) -> None:
        self.model.objects.bulk_create(
            objects,
            batch_size=self.batch_size(),
            update_conflicts=True,
            unique_fields=list(self.unique_fields),
            update_fields=fields,
        )

    def batch_size(self) -> int:
        return max(1, 30000 // (len(self.model._meta.concrete_fields) + 1))
