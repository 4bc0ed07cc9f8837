"""Static files in production (issue 16): collected with hashed names and compressed copies,
served by WhiteNoise from our own host, cached for a year. In a child process with the
production setting, since the suite serves them as they are."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.child import child_env

CHILD = Path(__file__).with_name("static_child.py")


def test_static_files_are_hashed_compressed_and_long_cached(tmp_path):
    env = {
        **child_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}"),
        "ARRIMAGE_STATIC_MANIFEST": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    done = subprocess.run(
        [sys.executable, str(CHILD)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["status"] == 200
    assert found["encoding"] == "gzip"
    assert "immutable" in found["cache"] and "max-age=315360000" in found["cache"]
    assert (tmp_path / "static" / found["sheet"].removeprefix("/static/")).is_file()
    assert list((tmp_path / "static" / "vendor" / "plotly").glob("plotly.min.*.js.gz"))
