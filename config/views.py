"""Project-wide views that belong to no app."""

import logging
import sys
from pathlib import Path

from django.db import Error as DatabaseError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from territories.models import Territory

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    """``/sante/`` for load balancers: 200 when our database answers, else 503.

    Answering ``SELECT 1`` is not enough: SQLite makes an empty file when the one configured is
    gone, and a kept connection still reads a file deleted since. So the check looks for the
    SQLite file first (without creating it), then reads the territories' table (one query).
    """
    try:
        _check_sqlite_file()
        Territory.objects.exists()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable.")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _check_sqlite_file() -> None:
    """Raise :class:`DatabaseError` when the database is an SQLite file that does not exist."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    if connection.settings_dict.get("OPTIONS", {}).get("uri"):
        return  # a ``file:`` URI: SQLite's business
    name = Path(connection.settings_dict["NAME"])
    if not name.is_file():
        raise DatabaseError(f"The SQLite database file {name} does not exist.")


API_PREFIX = "/api/"


def server_error(request, *args, **kwargs):
    """``handler500``: the API answers JSON, never the HTML error page — a script or Power BI
    reads the reason; 503 when the database is unreachable (try again later), else 500. Pages
    keep the HTML page (templates/500.html). No personal data in either."""
    if not request.path.startswith(API_PREFIX):
        return defaults.server_error(request, *args, **kwargs)
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):  # unreachable, not a bad query
        message = _("The database does not answer. Try again in a few minutes.")
        return JsonResponse({"error": str(message)}, status=503, headers={"Retry-After": "60"})
    return JsonResponse({"error": str(_("An error occurred on the server."))}, status=500)


def favicon(request):
    """``/favicon.ico``, which browsers ask for on pages without our layout (the admin): our
    icon, under its hashed name in production (read when asked, not at start-up)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
