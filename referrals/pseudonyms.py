"""Family codes are stored only as a keyed hash; pages show a short pseudonym derived from it.

The code a coordinator types (their own file number) is normalised (surrounding spaces dropped,
inner runs of spaces made one, letters upper-cased) so that ``ab 12`` and ``AB 12`` find the same
family, then hashed with HMAC-SHA256 under ``ARRIMAGE_PSEUDONYM_KEY``. The key never reaches the
database: without it, a hash cannot be linked back to a file number.
"""

import hashlib
import hmac

from django.conf import settings


def normalise_code(code: str) -> str:
    return " ".join(code.split()).upper()


def hash_family_code(code: str) -> str:
    """The hex HMAC-SHA256 of a normalised family code."""
    normalised = normalise_code(code)
    if not normalised:
        raise ValueError("A family code cannot be empty.")
    key = settings.ARRIMAGE_PSEUDONYM_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def pseudonym_of(code_hash: str) -> str:
    """A short label for pages, e.g. ``F-3A9C-21B7``: stable, and reveals nothing of the code."""
    return f"F-{code_hash[:4].upper()}-{code_hash[4:8].upper()}"
