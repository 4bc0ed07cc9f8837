"""The environment of a child Django process on a database of its own (tests that cannot use
the test database: a migration from an earlier schema, a missing SQLite file)."""

from __future__ import annotations

import os

from django.conf import settings


def child_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        "ARRIMAGE_PSEUDONYM_KEY": "test-only-pseudonym-key",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "ARRIMAGE_STATIC_MANIFEST": "0",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
