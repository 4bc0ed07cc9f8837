"""SQLite copies ``surveys_participation`` to change its key (``surveys`` migration 0004), which
loses its ``data_version`` triggers: create them again. PostgreSQL keeps them."""

from importlib import import_module

from django.db import migrations

deferred_touch = import_module("indicators.migrations.0003_deferred_touch")


def again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        deferred_touch._sqlite_again(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0004_stored_breakdowns"),
        ("surveys", "0004_participation_random_key"),
    ]

    operations = [
        migrations.RunPython(again, again),
    ]
