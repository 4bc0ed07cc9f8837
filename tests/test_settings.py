"""Start-up: with DEBUG off, missing secrets stop the application with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env_overrides: str) -> subprocess.CompletedProcess:
    # Empty values, not absent ones: a developer's .env must not fill them in (the settings
    # read .env without overriding what the environment already holds).
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "", "ARRIMAGE_PSEUDONYM_KEY": ""}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ARRIMAGE_PSEUDONYM_KEY"])
def test_missing_secret_stops_start_up_when_debug_is_off(missing):
    secrets = {"DJANGO_SECRET_KEY": "s" * 50, "ARRIMAGE_PSEUDONYM_KEY": "k" * 32}
    del secrets[missing]
    result = start(**secrets)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} is not set" in result.stderr


def test_debug_on_starts_with_development_defaults():
    result = start(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_is_off_unless_set():
    result = start(DJANGO_SECRET_KEY="s" * 50, ARRIMAGE_PSEUDONYM_KEY="k" * 32)
    assert result.returncode == 0, result.stderr


def test_interface_language_is_quebec_french(settings):
    assert settings.LANGUAGE_CODE == "fr-ca"
    assert settings.USE_I18N


def test_deploy_checks_are_clean_with_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ARRIMAGE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="a-long-production-like-secret-" + "x7Q!" * 10,
        ARRIMAGE_PSEUDONYM_KEY="k" * 40,
        DJANGO_ALLOWED_HOSTS="arrimage.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
