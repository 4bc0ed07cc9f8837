"""A child Django process for tests/security/test_static_files.py, with the production static
files (ARRIMAGE_STATIC_MANIFEST=1, DJANGO_STATIC_ROOT a folder of the test): collect them, then
print as JSON what a browser gets for the login page and its style sheet."""

import json
import re

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

call_command("collectstatic", interactive=False, verbosity=0)
client = Client(HTTP_HOST="localhost")
page = client.get("/connexion/").content.decode()
sheet = re.search(r'href="(/static/css/arrimage\.[0-9a-f]{12}\.css)"', page).group(1)
answer = client.get(sheet, HTTP_ACCEPT_ENCODING="gzip")
print(
    json.dumps(
        {
            "sheet": sheet,
            "status": answer.status_code,
            "cache": answer.get("Cache-Control", ""),
            "encoding": answer.get("Content-Encoding", ""),
        }
    )
)
