# The database refuses a referral whose corridor is of another territory or goes the other way
# (referrals.route_key): a unique key on the corridor's route, then a composite foreign key
# (PostgreSQL) or triggers (SQLite).
#
# On SQLite, Django would add the unique constraint by rebuilding the table, which loses its
# triggers (the indicators' data_version triggers): a unique index there instead.

from django.db import migrations, models

from referrals import route_key

ROUTE_KEY = models.UniqueConstraint(
    fields=("id", "territory", "from_sector", "to_sector"), name="corridor_route_key"
)


def add_route_key(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE UNIQUE INDEX corridor_route_key ON referrals_corridor"
            " (id, territory_id, from_sector_id, to_sector_id)"
        )
    else:
        schema_editor.add_constraint(apps.get_model("referrals", "Corridor"), ROUTE_KEY)
    route_key.add(schema_editor)


def remove_route_key(apps, schema_editor):
    route_key.remove(schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS corridor_route_key")
    else:
        schema_editor.remove_constraint(apps.get_model("referrals", "Corridor"), ROUTE_KEY)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_referral_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddConstraint(model_name="corridor", constraint=ROUTE_KEY)]
        ),
        migrations.RunPython(add_route_key, remove_route_key),
    ]
