"""The ``data_version`` triggers of migration 0002 learn a deferred mode, for bulk imports.

A statement-level trigger raises the version of the territories a statement touched. An import
of a million rows runs hundreds of statements in one transaction, so each territory row was
updated hundreds of times; every deferred foreign-key check on the territory then walked that
chain of row versions at COMMIT (the import lost a quarter of its speed). With
``SET LOCAL arrimage.defer_touch = 'on'`` the triggers only note the territories touched in the
temporary table ``arrimage_touched``, and :func:`indicators.freshness.versions_raised_once` raises each
version once at the end. Visibility is unchanged: the new versions commit with the rows.
"""

from importlib import import_module

from django.db import migrations

stored_results = import_module("indicators.migrations.0002_stored_results")
DEFER = "current_setting('arrimage.defer_touch', true) = 'on'"


def _functions(*, deferred):
    statements = []
    for table, hops in stored_results.WATCHED:
        joins, alias = stored_results._joins(hops, "r")

        def touched(rows, joins=joins, alias=alias):
            return f"SELECT {alias}.territory_id FROM {rows} r {joins}"

        def note(rows, touched=touched):
            return (
                f"INSERT INTO arrimage_touched (territory_id) "
                f"SELECT DISTINCT territory_id FROM ({touched(rows)}) t "
                f"ON CONFLICT DO NOTHING;"
            )

        deferred_branch = f"""
                IF {DEFER} THEN
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN {note("new_rows")} END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN {note("old_rows")} END IF;
                    RETURN NULL;
                END IF;"""
        statements.append(f"""
            CREATE OR REPLACE FUNCTION arrimage_touch_{table}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN{deferred_branch if deferred else ""}
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    {stored_results.BUMP} WHERE id IN ({touched("new_rows")});
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    {stored_results.BUMP} WHERE id IN ({touched("old_rows")});
                END IF;
                RETURN NULL;
            END $$""")
    return statements


def _sqlite_again(schema_editor):
    """SQLite alters a table by copying it, which loses its triggers (``referrals`` migration
    0003 dropped indexes that way): create them all again. No deferred mode on SQLite."""
    for statement in stored_results._sqlite_reverse() + stored_results._sqlite():
        schema_editor.execute(statement)


def deferred(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in _functions(deferred=True):
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        _sqlite_again(schema_editor)


def immediate(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in _functions(deferred=False):
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        _sqlite_again(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0002_stored_results"),
        ("referrals", "0003_fewer_indexes_for_bulk_imports"),
    ]

    operations = [
        migrations.RunPython(deferred, immediate),
    ]
