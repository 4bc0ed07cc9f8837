"""The downloadable templates of ``static/modeles/<kind>.csv``: French headers and example rows.

After changing a spec, write them again: ``python manage.py shell -c "from
importing.csv_templates import write_templates; write_templates()"`` (a test checks they are in
sync).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.conf import settings

from importing.registry import KINDS, get_spec

TEMPLATES_DIR = Path(settings.BASE_DIR) / "static" / "modeles"


def template_csv(kind: str) -> str:
    """The downloadable template of ``kind``: French headers and example rows, ``;``-separated,
    with a BOM so that Excel reads the accents."""
    spec = get_spec(kind)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    columns = spec.all_columns
    writer.writerow([column.french for column in columns])
    for example in spec.examples:
        writer.writerow([example.get(column.name, "") for column in columns])
    return "\ufeff" + buffer.getvalue()


def write_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every kind's template as ``<directory>/<kind>.csv``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in KINDS:
        path = directory / f"{kind}.csv"
        path.write_bytes(template_csv(kind).encode("utf-8"))
        paths.append(path)
    return paths
