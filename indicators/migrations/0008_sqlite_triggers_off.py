"""SQLite remakes ``territories_organization`` and ``territories_position`` to add their issue-15
fields (``territories`` migration 0009). Renaming a remade table makes SQLite check every trigger
of the schema, and the ``data_version`` trigger of positions names ``territories_organization``,
which is missing at that moment: drop the triggers before, and 0009 creates them again after.
PostgreSQL alters its tables in place and keeps its triggers."""

from importlib import import_module

from django.db import migrations

stored_results = import_module("indicators.migrations.0002_stored_results")
deferred_touch = import_module("indicators.migrations.0003_deferred_touch")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in stored_results._sqlite_reverse():
            schema_editor.execute(statement)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        deferred_touch._sqlite_again(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0007_indicator_story"),
    ]
    run_before = [
        ("territories", "0009_organization_entry_point_position_limits_and_more"),
    ]

    operations = [
        migrations.RunPython(drop, create),
    ]
