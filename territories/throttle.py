"""Throttling of guesses of the one-time codes of family surveys (:mod:`surveys.views.family`),
kept in Django's cache; logins are throttled by django-axes (:mod:`territories.lockout`). The
client's address is read here for both.

The counter is one cache key per address, incremented atomically, so parallel
attempts cannot slip past it. With several server processes the cache must be shared
(``DJANGO_CACHE_URL``, e.g. a database cache): a per-process memory cache counts per process.
"""

from __future__ import annotations

import hashlib

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
