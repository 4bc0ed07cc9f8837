"""Keyed hashes of what is never stored in clear: family file codes (:mod:`referrals.pseudonyms`)
and one-time survey codes (:mod:`surveys.codes`). HMAC-SHA256 under ``ARRIMAGE_PSEUDONYM_KEY``,
a key that never reaches the database (each use derives its own key from it by a ``purpose``).

**Rotation** (docs/incidents.md). A hash cannot be computed again without its code, and codes are
not kept: so a new key is chained on. Each stored hash becomes ``HMAC(new key, stored hash)``
(:func:`rehash`), and a typed code is hashed under each key in turn, the oldest first
(``ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS``, then ``ARRIMAGE_PSEUDONYM_KEY``). A copy of the database
and an exposed old key no longer check a guess: the new key is needed too.
``manage.py rotate_pseudonym_key`` does it.

**Fingerprint.** The database keeps the hash of a fixed text under the configured keys
(:class:`territories.models.KeyFingerprint`). Keys that do not match it would make every typed
code a new family: ``manage.py check --database default`` (and so ``migrate``, ``make serve``)
refuses them (:mod:`territories.checks`).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

FINGERPRINT_TEXT = "arrimage-fingerprint"
FINGERPRINT_PURPOSE = b"arrimage-key-fingerprint"


def configured_keys() -> list[str]:
    """The keys a code goes through, the oldest first."""
    return [*settings.ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS, settings.ARRIMAGE_PSEUDONYM_KEY]


def _derived(key: str, purpose: bytes) -> bytes:
    raw = key.encode()
    return hmac.digest(raw, purpose, hashlib.sha256) if purpose else raw


def keyed_hash(text: str, *, purpose: bytes = b"", keys: list[str] | None = None) -> str:
    """The hex HMAC-SHA256 of ``text`` under each key in turn (``keys``: the configured ones)."""
    value = text.encode()
    for key in configured_keys() if keys is None else keys:
        value = hmac.digest(_derived(key, purpose), value, hashlib.sha256).hex().encode()
    return value.decode()


def rehash(stored: str, new_key: str, *, purpose: bytes = b"") -> str:
    """A stored hash chained on under ``new_key``: what :func:`keyed_hash` gives once
    ``new_key`` follows the keys it was computed with."""
    return hmac.digest(_derived(new_key, purpose), stored.encode(), hashlib.sha256).hex()


def fingerprint(keys: list[str] | None = None) -> str:
    """What the database keeps to recognise its keys (``keys``: the configured ones)."""
    return keyed_hash(FINGERPRINT_TEXT, purpose=FINGERPRINT_PURPOSE, keys=keys)
