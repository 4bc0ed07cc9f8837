"""Throttling of guesses of the one-time codes of family surveys (:mod:`surveys.views.family`),
kept in Django's cache; logins are throttled by django-axes (:mod:`territories.lockout`). The
client's address is read here for both.

The counter is one cache key per address, incremented atomically, so parallel
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

    ``REMOTE_ADDR``; but when that is one of our own proxies (``ARRIMAGE_TRUSTED_PROXIES``,
    e.g. nginx on 127.0.0.1), the ``X-Real-IP`` it sets. A header is never believed from anyone
    else: a client can write any ``X-Forwarded-For`` or ``X-Real-IP`` it likes.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if remote in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded[:45]  # the longest IPv6 text
    return remote


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
