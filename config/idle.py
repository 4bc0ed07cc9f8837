"""Sessions end after inactivity (DESIGN.md section 11, issue 16).

A signed-in user idle for ``settings.SESSION_IDLE_SECONDS`` is signed out on their next request
and sent to the login page with a French message; ``SESSION_COOKIE_AGE`` still bounds a session
however busy (a working day). The last activity is kept in the session, rewritten at most once a
minute, so a page costs no session write in between (a login sets it: ``territories.sessions``).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import ngettext

from territories.sessions import LAST_SEEN

REFRESH_SECONDS = 60  # how stale the kept activity may get before it is rewritten


class IdleSessionMiddleware:
    """After ``AuthenticationMiddleware`` and ``MessageMiddleware``: sign out a user idle for
    too long, with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                minutes = settings.SESSION_IDLE_SECONDS // 60
                messages.info(
                    request,
                    ngettext(
                        "Your session ended after %(minutes)d minute without activity. Please "
                        "sign in again.",
                        "Your session ended after %(minutes)d minutes without activity. Please "
                        "sign in again.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen >= REFRESH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
