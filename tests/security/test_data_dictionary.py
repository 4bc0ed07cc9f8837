"""docs/data-dictionary.md names every table and every field of Arrimage's apps (Law 25, issue
16), each table with its purpose, who sees it and how long it is kept: a new field cannot go
undocumented."""

import re

from django.apps import apps
from django.conf import settings

APPS = ("territories", "referrals", "surveys", "indicators")


def sections() -> dict[str, str]:
    text = (settings.BASE_DIR / "docs" / "data-dictionary.md").read_text()
    parts = re.split(r"^## `([a-z_]+)`.*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_table_and_field_is_described():
    documented = sections()
    missing = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            table = model._meta.db_table
            if table not in documented:
                missing.append(table)
                continue
            section = documented[table]
            for heading in ("À quoi elle sert", "Qui la voit", "Conservation"):
                if f"**{heading}**" not in section:
                    missing.append(f"{table}: {heading}")
            for field in model._meta.get_fields():
                if (field.concrete or field.many_to_many) and not (
                    field.auto_created and not field.concrete
                ):
                    if f"| `{field.name}` |" not in section:
                        missing.append(f"{table}.{field.name}")
    assert missing == []
