"""Static files in production (issue 16): collected with hashed names and compressed copies,
served by WhiteNoise from our own host, cached for a year. In a child process with the
production setting, since the suite serves them as they are."""

from pathlib import Path

from tests.child import last_json, run_child

CHILD = Path(__file__).with_name("static_child.py")


def test_static_files_are_hashed_compressed_and_long_cached(tmp_path):
    production = {"ARRIMAGE_STATIC_MANIFEST": "1", "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    output = run_child([str(CHILD)], f"sqlite:///{tmp_path / 'unused.sqlite3'}", env=production)
    found = last_json(output)
    assert found["status"] == 200
    assert found["encoding"] == "gzip"
    assert "immutable" in found["cache"] and "max-age=315360000" in found["cache"]
    assert (tmp_path / "static" / found["sheet"].removeprefix("/static/")).is_file()
    assert list((tmp_path / "static" / "vendor" / "plotly").glob("plotly.min.*.js.gz"))
