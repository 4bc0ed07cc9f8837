"""The API answers JSON errors, never the HTML error page (issue 16): with the database down —
a real unreachable database, not a mock — it says 503 in French with Retry-After; pages keep
the HTML error page."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    """The connection points at a database that does not answer, for the requests of the test."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = "1"  # nothing listens there
        connection.settings_dict["OPTIONS"] = {**saved.get("OPTIONS", {}), "connect_timeout": 2}
    else:
        connection.settings_dict["NAME"] = "/nonexistent/folder/arrimage.sqlite3"
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_api_says_503_in_json_when_the_database_is_down(conseiller):
    client = signed_in(conseiller)
    for path in ("/api/indicateurs.json?periode=2024-2025", "/api/indicateurs.csv"):
        with database_down():
            response = client.get(path)
        assert response.status_code == 503, path
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "60"
        assert response.json() == {
            "error": "La base de données ne répond pas. Réessayez dans quelques minutes."
        }


def test_pages_keep_the_html_error_page(conseiller):
    client = signed_in(conseiller)
    with database_down():
        response = client.get("/tableau-de-bord/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
