"""Stored results learn the day they were made (``computed_on``): a settled period's results
are kept once under its settling day and hold on every later day (``indicators.storage_days``).

Stored results are a cache, made again on demand: the rows kept so far are dropped rather than
given a day they may not have been made on.
"""

import datetime

from django.db import migrations, models


def forget_stored(apps, schema_editor):
    for name in ("StoredTally", "StoredBreakdown", "StoredProvinceTally"):
        apps.get_model("indicators", name).objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0005_triggers_after_participation_key"),
    ]

    operations = [
        migrations.RunPython(forget_stored, migrations.RunPython.noop),
        *[
            migrations.AddField(
                model_name=name,
                name="computed_on",
                field=models.DateField(default=datetime.date(2000, 1, 1)),
                preserve_default=False,
            )
            for name in ("storedtally", "storedbreakdown", "storedprovincetally")
        ],
    ]
