"""Identifiers that are not a sequence (DESIGN.md section 11).

A family's or a referral's id shows in addresses (``/orientations/familles/<id>/``, the
admin's, the access log's): drawn at random (a referral's among 2**52 values, a family's among
2**40 within its territory, :func:`random_id_within`), it tells nobody how many there are, and
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


# A family's id: its territory's number in the high bits, 40 random bits below. A territory's
# families stay together in the index of referrals by family, which the indicators read a
# territory at a time: fully random ids scattered those lookups and made the engine 30 % slower
# at 50 territories (BENCHMARKS.md). Still never a sequence: 2**40 values per territory.
WITHIN_BITS = 40


def random_id_within(scope: int) -> int:
    """A random id among those of ``scope`` (a territory's id)."""
    return (scope << WITHIN_BITS) | secrets.randbits(WITHIN_BITS)


def random_id_within_sql(vendor: str, scope_column: str) -> str:
    """The SQL of :func:`random_id_within` for the scope in ``scope_column``."""
    mask = (1 << WITHIN_BITS) - 1
    if vendor == "postgresql":
        draw = f"('x' || substr(md5(gen_random_uuid()::text), 1, 10))::bit({WITHIN_BITS})::bigint"
        return f"(({scope_column}::bigint << {WITHIN_BITS}) | {draw})"
    return f"(({scope_column} << {WITHIN_BITS}) | (random() & {mask}))"


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


def renumber(
    schema_editor,
    table: str,
    label: str,
    followers: list[tuple[str, str]],
    within: str | None = None,
) -> None:
    """Give every row of ``table`` a random id above every old one (no clash while
    renumbering; drawn again until no two are equal), within the scope of its column
    ``within`` if given, and follow it where it is written: ``followers`` (table, column
    holding the id), the audit trail, the access log and the admin's history (``label``: the
    model's ``app.model``). For a migration."""
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    draw = random_id_within_sql(vendor, "scope") if within else random_id_sql(vendor)
    execute(
        "CREATE TEMPORARY TABLE renumbering"
        " (old bigint PRIMARY KEY, old_text varchar(64) UNIQUE, scope bigint, new bigint)"
    )
    execute(
        "INSERT INTO renumbering SELECT id, CAST(id AS varchar(64)),"
        f" {within or 'NULL'}, NULL FROM {table}"
    )
    execute(f"UPDATE renumbering SET new = {draw}")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(old), 0) FROM renumbering")
        (highest,) = cursor.fetchone()
        if highest >= 1 << (BITS - 1):
            raise RuntimeError(f"The ids of {table} are already random.")
        clash = (
            f"new <= {highest} OR new IN"
            " (SELECT new FROM renumbering GROUP BY new HAVING count(*) > 1)"
        )
        while True:
            cursor.execute(f"SELECT count(*) FROM renumbering WHERE {clash}")
            if cursor.fetchone()[0] == 0:
                break
            execute(f"UPDATE renumbering SET new = {draw} WHERE {clash}")
    app_label, model = label.split(".")
    as_text = [
        ("territories_auditentry", f"object_type = '{label}'"),
        ("territories_accesslogentry", f"object_type = '{label}'"),
        (
            "django_admin_log",
            "content_type_id IN (SELECT id FROM django_content_type"
            f" WHERE app_label = '{app_label}' AND model = '{model}')",
        ),
    ]
    for other, column, old, new, condition in [
        *((other, column, "old", "new", "") for other, column in followers),
        *((other, "object_id", "old_text", "CAST(new AS varchar(64))", c) for other, c in as_text),
        (table, "id", "old", "new", ""),
    ]:
        where = f" AND {condition}" if condition else ""
        execute(
            f"UPDATE {other} SET {column} = (SELECT {new} FROM renumbering"
            f" WHERE {old} = {other}.{column})"
            f" WHERE {column} IN (SELECT {old} FROM renumbering){where}"
        )
    execute("DROP TABLE renumbering")


def random_id_field(**options) -> models.BigIntegerField:
    """A primary key drawn at random (by the ORM, else by the database), never typed
    (``options``: ``default=None`` for a model that draws its own; a migration's
    ``serialize=False``)."""
    options = {"default": random_id, **options}
    return models.BigIntegerField(
        primary_key=True, db_default=RandomId(), editable=False, **options
    )
