# A referral's id is no longer a sequence either (/orientations/<id>/, the admin's addresses):
# as 0006 did for families, in place on PostgreSQL, renumbering the stored referrals.

from importlib import import_module

from django.db import migrations

from territories.random_ids import random_id_field, renumber

family_ids = import_module("referrals.migrations.0006_family_random_ids")


def renumber_referrals(apps, schema_editor):
    renumber(schema_editor, "referrals_referral", "referrals.referral", followers=[])


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0006_family_random_ids"),
    ]

    operations = [
        family_ids.random_default("referral", random_id_field(serialize=False)),
        migrations.RunPython(renumber_referrals, migrations.RunPython.noop),
    ]
