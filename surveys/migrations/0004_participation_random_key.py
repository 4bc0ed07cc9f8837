"""Participation records get a random key (UUID4) instead of a sequence, and a user who has
answered can no longer be deleted with their records.

A sequence gave the order in which people answered; beside the responses' days it could match
a person to an answer. The column cannot be cast from integer to uuid: a new column is filled,
then takes the old one's place.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Participation = apps.get_model("surveys", "Participation")
    for participation in Participation.objects.only("pk").iterator():
        Participation.objects.filter(pk=participation.pk).update(key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0003_default_questions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="participation", name="id"),
        migrations.RenameField(model_name="participation", old_name="key", new_name="id"),
        migrations.AlterField(
            model_name="participation",
            name="id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_participations",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
    ]
