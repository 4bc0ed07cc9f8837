"""Run by ``test_migrations.py`` in a child process on its own database: migrate to the survey
schema before migration 0004, write two participation records, migrate to the end, and report
their keys and whether writing a third still raises the territory's data version."""

import django

django.setup()

import json  # noqa: E402
from datetime import date  # noqa: E402

from tests.migration_states import apps_before, migrate_to_the_end, territory_z  # noqa: E402

BEFORE = [("surveys", "0003_default_questions"), ("indicators", "0004_stored_breakdowns")]

old = apps_before(BEFORE)
territory = territory_z(old)
campaign = old.get_model("surveys", "Campaign").objects.create(
    kind="pap",
    territory=territory,
    name="T1",
    opens_on=date(2024, 1, 1),
    closes_on=date(2024, 3, 31),
)
User = old.get_model("territories", "User")
for number in range(2):
    user = User.objects.create(username=f"pap{number}", role="pap")
    old.get_model("surveys", "Participation").objects.create(campaign=campaign, user=user)

migrate_to_the_end()

from surveys.models import Participation  # noqa: E402
from territories.models import Territory  # noqa: E402
from territories.models import User as CurrentUser  # noqa: E402

version = Territory.objects.get(code="Z").data_version
Participation.objects.create(
    campaign_id=campaign.pk, user=CurrentUser.objects.create(username="pap9", role="pap")
)
print(
    json.dumps(
        {
            "keys": [str(key) for key in Participation.objects.values_list("pk", flat=True)],
            "users": sorted(Participation.objects.values_list("user__username", flat=True)),
            "version_raised": Territory.objects.get(code="Z").data_version > version,
        }
    )
)
