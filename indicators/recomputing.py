"""One recomputation of stored results at a time (:mod:`indicators.store`,
:mod:`indicators.breakdowns.tallies`).

After a write, every page showing the territory finds its stored results stale. Without a lock,
each server process that receives such a page recomputes them at once, the same work done
several times over while the machine is busiest. With it, the first recomputes and stores; the
others wait for it, then read again and find the results made (or recompute what is still
missing). A PostgreSQL advisory lock, held until the end of the transaction that stores the
results; one lock for all recomputations, so that two never wait for each other in turn.
SQLite, one writer at a time anyway, takes none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

LOCK_ID = 0x417272696D616765  # "Arrimage": a number no other lock of the database uses


@contextmanager
def one_at_a_time() -> Iterator[None]:
    """A transaction in which no other process recomputes stored results."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        yield
