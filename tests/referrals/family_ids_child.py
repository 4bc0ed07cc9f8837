"""Run by ``test_family_ids.py`` in a child process on its own database: migrate to the schema
before ``referrals`` 0006, store three families with sequential ids (one with a referral; an
audit entry and an access-log line about the family, one about the referral), migrate to the
end and report what became of them."""

import django

django.setup()

import json  # noqa: E402
from datetime import date  # noqa: E402

from django.db import connection  # noqa: E402

from tests.migration_states import apps_before, migrate_to_the_end, territory_z  # noqa: E402

BEFORE = [("referrals", "0005_corridor_route_key"), ("territories", "0010_incident_register")]

old = apps_before(BEFORE)
territory = territory_z(old)
Family = old.get_model("referrals", "Family")
hashes = [f"{number:064x}" for number in (1, 2, 3)]
for number, code_hash in enumerate(hashes, start=1):
    Family.objects.create(id=number, territory=territory, code_hash=code_hash)
Sector = old.get_model("territories", "Sector")
first, second = Sector.objects.order_by("code")[:2]
referral = old.get_model("referrals", "Referral").objects.create(
    territory=territory,
    ref="Z-1",
    family_id=2,
    from_sector=first,
    to_sector=second,
    first_contact_on=date(2024, 5, 1),
    referred_on=date(2024, 5, 2),
)
for model in ("AuditEntry", "AccessLogEntry"):
    fields = {"action": "update"} if model == "AuditEntry" else {"what": "family"}
    for object_type, object_id in (("referrals.family", 2), ("referrals.referral", referral.pk)):
        old.get_model("territories", model).objects.create(
            object_type=object_type, object_id=str(object_id), territory=territory, **fields
        )

migrate_to_the_end()

from referrals.models import Family as CurrentFamily  # noqa: E402
from referrals.models import Referral  # noqa: E402
from territories.models import AccessLogEntry, AuditEntry, Territory  # noqa: E402

second_family = CurrentFamily.objects.get(code_hash=hashes[1])
new = CurrentFamily.objects.create(territory=Territory.objects.get(code="Z"), code_hash="f" * 64)
by_sql = None
if connection.vendor == "postgresql":  # the set-based import writes families by SQL
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO referrals_family (territory_id, code_hash, immigrant)"
            " VALUES (%s, %s, false) RETURNING id",
            [territory.pk, "e" * 64],
        )
        by_sql = cursor.fetchone()[0]
print(
    json.dumps(
        {
            "ids": sorted(
                CurrentFamily.objects.filter(code_hash__in=hashes).values_list("pk", flat=True)
            ),
            "referral_family": Referral.objects.get(ref="Z-1").family_id,
            "referral": [referral.pk, Referral.objects.get(ref="Z-1").pk],
            "referral_trail": [
                model.objects.get(object_type="referrals.referral").object_id
                for model in (AuditEntry, AccessLogEntry)
            ],
            "second": second_family.pk,
            "audit": AuditEntry.objects.get(object_type="referrals.family").object_id,
            "access_log": AccessLogEntry.objects.get(object_type="referrals.family").object_id,
            "new": new.pk,
            "by_sql": by_sql,
            "territory": territory.pk,
        }
    )
)
