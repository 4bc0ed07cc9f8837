"""How stored indicator results stay fresh: each territory's ``data_version``.

``Territory.data_version`` is a counter on the territory's row. Database triggers on every table
the indicators read (families, referrals, corridors, positions, assignments, journal entries,
projects, profiles, survey responses and participations: migrations ``indicators/0002`` and
``0003``) raise it whenever a row of that territory is written, through the ORM, a bulk update,
an import or raw SQL. Stored results (:mod:`indicators.store`) and kept breakdown tallies are
stamped with the version they were computed at, so a page recomputes exactly the territories
whose version moved and never shows a stale number. ``TerritoryQuerySet.mark_changed()`` raises
it by hand; :func:`versions_raised_once` makes a bulk write raise it once per territory.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

DEFERRING = "arrimage_deferring_versions"  # set on the connection inside versions_raised_once


@contextmanager
def versions_raised_once() -> Iterator[None]:
    """Inside a transaction: raise the ``data_version`` of the territories the enclosed writes
    touch once, at the end, rather than once per statement (bulk imports).

    On PostgreSQL the triggers then only note the territories in a temporary table (``indicators``
    migration 0003); the versions are raised when the block ends, in the same transaction, so they
    commit with the rows. Hundreds of updates of one territory row in a transaction would slow every
    later foreign-key check on it. The block is a savepoint: when it raises, its writes, the
    deferred mode and the notes are rolled back together. A block inside another leaves the
    raising to the outer one. SQLite, the development database, keeps its row-level triggers.
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("versions_raised_once() needs a transaction.")
    if getattr(connection, DEFERRING, False):
        yield
        return
    deferred = connection.vendor == "postgresql"
    with transaction.atomic():
        if deferred:
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMPORARY TABLE IF NOT EXISTS arrimage_touched "
                    "(territory_id bigint PRIMARY KEY) ON COMMIT DROP"
                )
                cursor.execute("SET LOCAL arrimage.defer_touch = 'on'")
        setattr(connection, DEFERRING, True)
        try:
            yield
        finally:
            setattr(connection, DEFERRING, False)
        if not deferred or connection.needs_rollback:  # rolled back: nothing to raise
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL arrimage.defer_touch = 'off'")
            cursor.execute(
                "UPDATE territories_territory SET data_version = data_version + 1 "
                "WHERE id IN (SELECT territory_id FROM arrimage_touched)"
            )
            cursor.execute("DROP TABLE arrimage_touched")
