"""The engine sits below every app (DESIGN.md section 3): it imports none of them, and no
module of it grows past 400 lines."""

import ast
from pathlib import Path

from django.conf import settings

APPS = {"territories", "referrals", "surveys", "indicators", "dashboards", "demo"}
ENGINE = Path(settings.BASE_DIR) / "importing"


def test_the_engine_imports_none_of_the_apps():
    found = []
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in APPS]
    assert found == []


def test_no_engine_module_is_over_400_lines():
    assert [
        path.name for path in ENGINE.rglob("*.py") if len(path.read_text().splitlines()) > 400
    ] == []
