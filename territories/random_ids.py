"""Identifiers that are not a sequence (DESIGN.md section 11).

A family's id shows in addresses (``/orientations/familles/<id>/``, the admin's, the access
log's): drawn at random among 2**52 values, it tells nobody how many families there are, and
one id gives no hint of another. Scope still decides who may open a page; this only stops the
counting and the guessing.

:func:`random_id` draws in Python (the ORM, bulk inserts); :class:`RandomId` draws the same in
the database, the default of the column for rows written by SQL (the set-based import's merge).
Two families drawing the same id is a chance of about 1 in 4,500 over a million families; the
insert is then refused by the primary key, never merged.
"""

import secrets

from django.db import models

BITS = 52
_MASK = (1 << BITS) - 1


def random_id() -> int:
    """A random id from 1 to 2**52, from the operating system's secure source."""
    return secrets.randbits(BITS) + 1


def random_id_sql(vendor: str) -> str:
    """The SQL expression drawing one id, for ``vendor`` (``postgresql`` or ``sqlite``)."""
    if vendor == "postgresql":
        # gen_random_uuid() is drawn from the secure source; md5 spreads all of its bits.
        return f"(('x' || substr(md5(gen_random_uuid()::text), 1, 13))::bit({BITS})::bigint + 1)"
    return f"((random() & {_MASK}) + 1)"


class RandomId(models.Func):
    """:func:`random_id_sql` as a database default (``db_default``)."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        return random_id_sql(connection.vendor), []
