# Optimistic concurrency: every change of a referral raises its version (referrals.services).
#
# SQLite would rebuild the table to add a column with a default, losing its triggers (the
# indicators' data_version triggers): there, a plain ALTER TABLE … ADD COLUMN instead.

from django.db import migrations, models


def add_version(apps, schema_editor):
    model = apps.get_model("referrals", "Referral")
    field = model._meta.get_field("version")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "ALTER TABLE referrals_referral ADD COLUMN version integer unsigned NOT NULL"
            ' DEFAULT 1 CHECK ("version" >= 0)'
        )
    else:
        schema_editor.add_field(model, field)


def remove_version(apps, schema_editor):
    schema_editor.execute("ALTER TABLE referrals_referral DROP COLUMN version")


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_fewer_indexes_for_bulk_imports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="referral",
                    name="version",
                    field=models.PositiveIntegerField(
                        default=1, db_default=1, editable=False, verbose_name="version"
                    ),
                ),
            ],
        ),
        migrations.RunPython(add_version, remove_version),
    ]
