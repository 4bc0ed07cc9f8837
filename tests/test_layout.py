"""The layout of DESIGN.md section 3: dependencies flow one way, and no module grows past 400
lines.

``territories`` ← ``referrals``, ``surveys`` ← ``indicators`` ← ``dashboards``; ``importing``
below them all; ``demo`` and ``config`` on top. A module may import its own app and the apps
below it, never one above or beside it. Imports are read from the source (``ast``), including
imports inside functions and modules named by a string to ``import_module``/``import_string``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each app may NOT import (the apps above it, and beside it).
FORBIDDEN = {
    "importing": {
        "territories",
        "referrals",
        "surveys",
        "indicators",
        "dashboards",
        "demo",
        "config",
    },
    "territories": {"referrals", "surveys", "indicators", "dashboards", "demo", "config"},
    "referrals": {"surveys", "indicators", "dashboards", "demo", "config"},
    "surveys": {"referrals", "indicators", "dashboards", "demo", "config"},
    "indicators": {"dashboards", "demo", "config"},
    "dashboards": {"demo", "config"},
    "demo": {"config"},
}
SIZED = [*FORBIDDEN, "config", "bench"]
MAX_LINES = 400


def modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def imported(path: Path) -> set[str]:
    """The top-level packages ``path`` imports, by statement or by a string module name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None))
            in ("import_module", "import_string")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_only_the_apps_below_it(app):
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(app)
        for name in imported(path) & FORBIDDEN[app]
    }
    assert sorted(wrong) == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The reader above finds both kinds of imports (so the test cannot pass by reading none)."""
    source = tmp_path / "module.py"
    source.write_text(
        "from indicators.store import results\n"
        "def f():\n"
        "    import dashboards.views\n"
        "    return import_module('demo.data')\n"
    )
    assert imported(source) == {"indicators", "dashboards", "demo"}


@pytest.mark.parametrize("app", SIZED)
def test_no_module_is_over_400_lines(app):
    long = {
        str(path.relative_to(ROOT)): count
        for path in modules(app)
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
