# The fingerprint of the pseudonym keys (territories.keyed_hash): recorded under the keys
# configured when the table is made, which are those the stored hashes were computed with.

from django.db import migrations, models

from territories.keyed_hash import fingerprint


def record(apps, schema_editor):
    apps.get_model("territories", "KeyFingerprint").objects.create(value=fingerprint())


class Migration(migrations.Migration):

    dependencies = [
        ('territories', '0010_incident_register'),
    ]

    operations = [
        migrations.CreateModel(
            name='KeyFingerprint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.CharField(max_length=64, verbose_name='fingerprint')),
                ('changed_at', models.DateTimeField(auto_now=True, verbose_name='changed at')),
            ],
            options={
                'verbose_name': 'pseudonym key fingerprint',
                'verbose_name_plural': 'pseudonym key fingerprints',
            },
        ),
        migrations.RunPython(record, migrations.RunPython.noop),
    ]
