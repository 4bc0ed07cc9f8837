"""A child Django process for tests/test_backup.py, on the database of DATABASE_URL:
``prepare`` migrates it, loads the demo and writes one audited change; ``state`` prints, as
JSON, the indicators export of 2023-2024 and the audit trail."""

import io
import json
import sys
from datetime import date

import django

django.setup()

from django.core.management import call_command  # noqa: E402

AS_OF = "2026-12-04"


def prepare() -> None:
    from demo.builder import load_demo
    from indicators.periods import Period
    from indicators.stories import write_story
    from territories.models import Territory, User

    call_command("migrate", verbosity=0)
    load_demo()
    write_story(
        actor=User.objects.get(username="coordination-a"),
        territory=Territory.objects.get(code="A"),
        indicator="L2_ESCAPE_RATE_PCT",
        period=Period.parse("2023-2024"),
        text="Un corridor a perdu sa porte d’entrée.",
        today=date(2026, 12, 4),
    )


def state() -> None:
    from territories.models import AuditEntry

    out = io.StringIO()
    call_command("export_indicators", period="2023-2024", as_of=AS_OF, stdout=out)
    trail = [
        [entry.pk, entry.actor_id, entry.action, entry.object_type, entry.object_id,
         entry.changes, entry.at.isoformat()]
        for entry in AuditEntry.objects.order_by("pk")
    ]  # fmt: skip
    print(json.dumps({"export": out.getvalue(), "trail": trail}))


{"prepare": prepare, "state": state}[sys.argv[1]]()
