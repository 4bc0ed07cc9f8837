# A family's id is no longer a sequence (territories.random_ids): new families draw theirs at
# random within their territory, and the families already stored are given such an id, their
# referrals, audit entries, access-log lines and admin history following them.
#
# PostgreSQL alters the column in place (no identity any more, a random default). SQLite would
# rebuild the table, losing its triggers (the indicators' data_version triggers): there, the
# column stays as it is; the ORM gives every new family its id (random_id), and SQLite's own
# default is never used (only the PostgreSQL import writes families by SQL).

from django.db import migrations, models

from territories.random_ids import random_id_field, renumber

FIELD = random_id_field(default=None, serialize=False)  # drawn within its territory


def random_default(model_name: str, field: models.Field):
    """The operation making ``model_name``'s id ``field``, in place on PostgreSQL only."""

    def alter_column(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            model = apps.get_model("referrals", model_name)
            old = models.BigAutoField(primary_key=True, serialize=False, auto_created=True)
            new = field.clone()
            for each in (old, new):
                each.set_attributes_from_name("id")
                each.model = model
            schema_editor.alter_field(model, old, new)

    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name, "id", field)],
        database_operations=[migrations.RunPython(alter_column, migrations.RunPython.noop)],
    )


def renumber_families(apps, schema_editor):
    renumber(
        schema_editor,
        "referrals_family",
        "referrals.family",
        followers=[("referrals_referral", "family_id")],
        within="territory_id",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0005_corridor_route_key"),
        ("territories", "0008_access_log"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        random_default("family", FIELD),
        migrations.RunPython(renumber_families, migrations.RunPython.noop),
    ]
