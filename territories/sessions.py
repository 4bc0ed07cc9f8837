"""Sessions of the people who use Arrimage (issue 16): when they were last active, and ending
all of a user's sessions.

``LAST_SEEN`` is kept in each session from its login; ``config.idle`` signs out a user idle for
too long. An administrator ends every session of a user (a lost laptop, a departure): the user's
open browsers are signed out at their next request. Sessions live in the database
(Django's default engine), which is what lets them be found and ended.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from territories import audit
from territories.access import is_administrator
from territories.models import AuditAction, User

LAST_SEEN = "arrimage_last_seen"
SIGNED_IN = "arrimage_signed_in"


def seen_at_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: a session starts active, and its start is kept (the absolute limit
    of ``config.idle``). Connected in ``TerritoriesConfig``."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LAST_SEEN] = now
        request.session[SIGNED_IN] = now


def end_sessions(*, actor: User, users: Iterable[User]) -> int:
    """Delete every unexpired session of ``users`` (administrators only); one audit entry per
    user whose sessions were ended. Returns how many sessions ended."""
    if not is_administrator(actor):
        raise PermissionError
    by_id = {str(user.pk): user for user in users}
    ended: dict[str, list[str]] = {}
    with transaction.atomic():
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            owner = session.get_decoded().get(SESSION_KEY)
            if owner in by_id:
                ended.setdefault(owner, []).append(session.session_key)
        keys = [key for session_keys in ended.values() for key in session_keys]
        Session.objects.filter(session_key__in=keys).delete()
        for owner, session_keys in ended.items():
            audit.record(
                actor=actor,
                instance=by_id[owner],
                action=AuditAction.UPDATE,
                changes={"sessions": [len(session_keys), 0]},
            )
    return len(keys)
