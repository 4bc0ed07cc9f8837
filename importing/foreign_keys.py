"""A large staged import checks its table's foreign keys once, set-based (PostgreSQL).

PostgreSQL checks a foreign key row by row, with one lookup per inserted row and key (five for
a referral: about half the database's time of a large import). The engine resolves every code
to a stored id before staging, so these checks only guard against its own mistakes; for a
large import (:data:`SET_BASED_ROWS` rows or more, setting ``IMPORTING_SET_BASED_FK_ROWS``)
they are made once instead: the foreign keys of the table (and of the spec's ``also_written``
tables: a referral's families) are dropped inside the import's
transaction and added back, with the very definition ``pg_get_constraintdef`` gave, once the
rows are written. ``ADD CONSTRAINT … FOREIGN KEY`` validates all the table's rows with one
anti-join per key, and a violation rolls the whole import back. Another session never sees the
table without them: the transaction commits them back or rolls the drop back.

The price is the locks: ``DROP CONSTRAINT`` takes an ``ACCESS EXCLUSIVE`` lock on the table
until the import commits, so reads of the table (dashboards) wait for a large import instead
of seeing the old rows; the referenced tables are locked ``SHARE ROW EXCLUSIVE`` (readable, not
writable). Small imports keep the plain path and its row locks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

SET_BASED_ROWS = 100_000


def set_based_rows() -> int:
    """The rows from which an import checks its foreign keys set-based (0: never)."""
    return getattr(settings, "IMPORTING_SET_BASED_FK_ROWS", SET_BASED_ROWS)


def drop_foreign_keys(table: str) -> list[tuple[str, str]]:
    """Drop the foreign keys of ``table`` (unquoted name); return their (name, definition)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [connection.ops.quote_name(table)],
        )
        keys = cursor.fetchall()
        if keys:
            cursor.execute(
                f"ALTER TABLE {connection.ops.quote_name(table)} "
                + ", ".join(f"DROP CONSTRAINT {connection.ops.quote_name(n)}" for n, _d in keys)
            )
    return keys


def add_foreign_keys(table: str, keys: list[tuple[str, str]]) -> None:
    """Add back the foreign keys :func:`drop_foreign_keys` dropped, checking every row."""
    if not keys:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {quote(table)} "
            + ", ".join(f"ADD CONSTRAINT {quote(name)} {sql}" for name, sql in keys)
        )
