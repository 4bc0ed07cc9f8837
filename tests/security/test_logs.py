"""Logs are JSON lines without personal data (issue 16): a request's path, never its query
string; an exception's type and place, never its message."""

import json
import logging

from django.test import RequestFactory

from config.logs import JsonFormatter


def test_a_request_error_is_logged_without_query_nor_exception_message():
    request = RequestFactory().get("/orientations/?q=DOSSIER-SECRET-42")
    try:
        raise ValueError("famille DOSSIER-SECRET-42 introuvable")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
            (request.path,), sys.exc_info(),
        )  # fmt: skip
    record.request, record.status_code = request, 500
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "Internal Server Error: /orientations/"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/orientations/", 500)
    assert entry["exception"] == "ValueError" and entry["raised_at"].endswith("test_logs.py:15")
    assert "SECRET" not in line
    assert "\n" not in line
