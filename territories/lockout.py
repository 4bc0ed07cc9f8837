"""Login throttling with django-axes (DESIGN.md section 11, issue 16), counted in the database so
that every server process shares the counts.

Two limits, so that one address cannot try many user names and one person cannot lock another
out from elsewhere:

- ``LOGIN_MAX_FAILURES`` failures of one user name (case-insensitive) from one address lock that
  pair — even with the right password — until ``LOGIN_FAILURE_WINDOW_SECONDS`` have passed since
  the last failure; the same name from another address is not locked;
- ``LOGIN_MAX_FAILURES_PER_ADDRESS`` failures from one address, whatever the user names, lock the
  address (higher: an office may sit behind one address).

A successful login clears its own pair's failures only: someone who has an account cannot wipe
out the address's failures on other names by signing in. The login page says so in French
(``territories.views``).
"""

from __future__ import annotations

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

from territories.throttle import client_address


def username_of(request, credentials: dict | None) -> str:
    """The user name as axes counts it: stripped and case-folded, without NUL characters
    (PostgreSQL refuses them in a query; the login form says they are not allowed)."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    return str(raw or "").replace("\x00", "").strip().casefold()[:150]


def failure_limit(request, credentials: dict | None = None) -> int:
    return settings.LOGIN_MAX_FAILURES


def cool_off(request=None) -> timedelta:
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def address_of(request) -> str:
    return client_address(request)


class LoginLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit for an address alone."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # settings.AXES_LOCKOUT_PARAMETERS: the pair first, then the address alone.
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Scaled so that the address locks at its own limit when compared with the pair's.
        limit, address_limit = settings.LOGIN_MAX_FAILURES, settings.LOGIN_MAX_FAILURES_PER_ADDRESS
        return max(pair, address * limit // address_limit)


def clear_pair(request, username: str) -> None:
    """After a successful login: forget this user name's failures from this address."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(
        username=username_of(request, {"username": username}), ip_address=address_of(request)
    ).delete()


class LoginBackend(AxesStandaloneBackend):
    """Axes' check before the model backend. Without a request (the shell, a management
    command, the test client's ``login``) there is nothing to throttle: it steps aside instead
    of refusing. Every web login — ``/connexion/``, the admin's login sends there — passes one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
