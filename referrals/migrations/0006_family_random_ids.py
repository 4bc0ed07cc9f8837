# A family's id is no longer a sequence (territories.random_ids): new families draw theirs at
# random, and the families already stored are given a random id, their referrals, audit
# entries, access-log lines and admin history following them.
#
# PostgreSQL alters the column in place (no identity any more, a random default). SQLite would
# rebuild the table, losing its triggers (the indicators' data_version triggers): there, the
# column stays as it is; the ORM gives every new family its id (random_id), and SQLite's own
# default is never used (only the PostgreSQL import writes families by SQL).

from django.db import migrations, models

from territories.random_ids import BITS, RandomId, random_id, random_id_sql

FIELD = models.BigIntegerField(
    primary_key=True, default=random_id, db_default=RandomId(), serialize=False
)

# Where a family's id is written besides the family itself: (table, column, condition).
FOLLOWERS = [
    ("referrals_referral", "family_id", ""),
    ("territories_auditentry", "object_id", "object_type = 'referrals.family'"),
    ("territories_accesslogentry", "object_id", "object_type = 'referrals.family'"),
    (
        "django_admin_log",
        "object_id",
        "content_type_id IN (SELECT id FROM django_content_type"
        " WHERE app_label = 'referrals' AND model = 'family')",
    ),
]


def alter_column(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        model = apps.get_model("referrals", "Family")
        old = models.BigAutoField(primary_key=True, serialize=False, auto_created=True)
        old.set_attributes_from_name("id")
        old.model = model
        new = FIELD.clone()
        new.set_attributes_from_name("id")
        new.model = model
        schema_editor.alter_field(model, old, new)


def renumber(apps, schema_editor):
    """Each stored family gets a random id above every old one (no clash while renumbering),
    drawn again until no two are equal."""
    execute = schema_editor.execute
    draw = random_id_sql(schema_editor.connection.vendor)
    execute(
        "CREATE TEMPORARY TABLE family_renumbering"
        " (old bigint PRIMARY KEY, old_text varchar(64) UNIQUE, new bigint)"
    )
    execute(
        "INSERT INTO family_renumbering"
        f" SELECT id, CAST(id AS varchar(64)), {draw} FROM referrals_family"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(old), 0) FROM family_renumbering")
        (highest,) = cursor.fetchone()
        if highest >= 1 << (BITS - 1):
            raise RuntimeError("The families' ids are already random.")
        clash = (
            f"new <= {highest} OR new IN"
            " (SELECT new FROM family_renumbering GROUP BY new HAVING count(*) > 1)"
        )
        while True:
            cursor.execute(f"SELECT count(*) FROM family_renumbering WHERE {clash}")
            if cursor.fetchone()[0] == 0:
                break
            execute(f"UPDATE family_renumbering SET new = {draw} WHERE {clash}")
    for table, column, condition in FOLLOWERS:
        as_text = column == "object_id"
        old = "old_text" if as_text else "old"
        new = "CAST(new AS varchar(64))" if as_text else "new"
        where = f" AND {condition}" if condition else ""
        execute(
            f"UPDATE {table} SET {column} = (SELECT {new} FROM family_renumbering"
            f" WHERE {old} = {table}.{column})"
            f" WHERE {column} IN (SELECT {old} FROM family_renumbering){where}"
        )
    execute(
        "UPDATE referrals_family SET id = (SELECT new FROM family_renumbering"
        " WHERE old = referrals_family.id)"
    )
    execute("DROP TABLE family_renumbering")


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0005_corridor_route_key"),
        ("territories", "0008_access_log"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterField("family", "id", FIELD)],
            database_operations=[migrations.RunPython(alter_column, migrations.RunPython.noop)],
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
