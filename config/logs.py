"""Structured logs (issue 16): one JSON object a line, without personal data.

A record gives its time (UTC, ISO 8601), level, logger and message. For a request — Django's
``django.request`` records carry it — the method, the path (never the query string, which may
hold a typed family code or a search) and the status. An exception gives its type and where it
was raised, never its message nor the traceback's values: either may quote a row.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, trace = record.exc_info
            frames = traceback.extract_tb(trace)
            entry["exception"] = kind.__name__
            if frames:
                entry["raised_at"] = f"{frames[-1].filename}:{frames[-1].lineno}"
        return json.dumps(entry, ensure_ascii=False)
