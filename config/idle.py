"""Sessions end after inactivity, and after a working day however busy (DESIGN.md section 11,
issue 16).

A signed-in user idle for ``settings.SESSION_IDLE_SECONDS``, or signed in for longer than
``SESSION_COOKIE_AGE``, is signed out on their next request: a page sends them to the login page
with a French message, the API answers JSON 401. The last activity is kept in the session,
rewritten at most once a minute, so a page costs no session write in between; the login time is
kept too, since each write moves the session's own expiry forward (``territories.sessions`` sets
both at login). The login and logout addresses are left alone: signing in again, or out, works
whatever the old session's state.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from territories.sessions import LAST_SEEN, SIGNED_IN

REFRESH_SECONDS = 60  # how stale the kept activity may get before it is rewritten
API_PREFIX = "/api/"


def _ended_message(idle: bool) -> str:
    if not idle:
        return gettext("Your session ended after a working day. Please sign in again.")
    minutes = settings.SESSION_IDLE_SECONDS // 60
    return ngettext(
        "Your session ended after %(minutes)d minute without activity. Please sign in again.",
        "Your session ended after %(minutes)d minutes without activity. Please sign in again.",
        minutes,
    ) % {"minutes": minutes}


class IdleSessionMiddleware:
    """After ``AuthenticationMiddleware`` and ``MessageMiddleware``: sign out a user idle for
    too long, or signed in for too long, with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path not in (reverse("login"), reverse("logout"))
        ):
            now = int(time.time())
            seen = request.session.get(LAST_SEEN)
            signed_in = request.session.get(SIGNED_IN)
            idle = seen is not None and now - seen > settings.SESSION_IDLE_SECONDS
            too_long = signed_in is not None and now - signed_in > settings.SESSION_COOKIE_AGE
            if idle or too_long:
                logout(request)
                message = _ended_message(idle)
                if request.path.startswith(API_PREFIX):
                    return JsonResponse({"error": message}, status=401)
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen >= REFRESH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
