"""Throttling of guesses (DESIGN.md section 11), kept in Django's cache: logins, and the
one-time codes of family surveys (:mod:`surveys.views.family`).

After ``settings.LOGIN_MAX_FAILURES`` failed attempts for one user name (case-insensitive) from
one address, further attempts are refused — even with the right password — until
``settings.LOGIN_FAILURE_WINDOW_SECONDS`` have passed since the first of those failures. A
successful login clears the count.

The counter is one cache key per (user name, address), incremented atomically, so parallel
attempts cannot slip past it. With several server processes the cache must be shared
(``DJANGO_CACHE_URL``, e.g. a database cache): a per-process memory cache counts per process.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PREFIX = "arrimage:failures:"


def client_address(request: HttpRequest) -> str:
    """The address the request comes from.

    ``REMOTE_ADDR`` only: ``X-Forwarded-For`` is set by the client and cannot be trusted unless a
    proxy we run overwrites it (configure the proxy to set ``REMOTE_ADDR`` in that case).
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(namespace: str, *parts: str) -> str:
    # Hashed: cache backends restrict key characters and length; a user name may be anything.
    raw = "\n".join(parts).encode()
    return f"{_PREFIX}{namespace}:{hashlib.sha256(raw).hexdigest()}"


def count(namespace: str, *parts: str) -> int:
    """The failures counted for ``parts`` (e.g. a user name and an address) in ``namespace``."""
    return cache.get(_key(namespace, *parts), 0)


def add_failure(namespace: str, *parts: str, window: int) -> int:
    """Count one more failure for ``parts``; the count lives ``window`` seconds from the first
    failure. Returns the count within the current window."""
    key = _key(namespace, *parts)
    # add() starts the window at the first failure; incr() is atomic on shared caches.
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr(): a new window begins
        cache.set(key, 1, timeout=window)
        return 1


def failure_count(username: str, address: str) -> int:
    return count("login", username.strip().casefold(), address)


def is_blocked(username: str, address: str) -> bool:
    """True when this user name has failed too often from this address within the window."""
    return failure_count(username, address) >= settings.LOGIN_MAX_FAILURES


def record_failure(username: str, address: str) -> int:
    """Count one more failed attempt; returns the count within the current window."""
    return add_failure(
        "login",
        username.strip().casefold(),
        address,
        window=settings.LOGIN_FAILURE_WINDOW_SECONDS,
    )


def clear(username: str, address: str) -> None:
    """Forget the failures of this user name from this address (after a successful login)."""
    cache.delete(_key("login", username.strip().casefold(), address))
