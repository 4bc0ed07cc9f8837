"""One-time codes: making them, writing them for people, hashing them for the database.

A code is 10 characters of Crockford's base 32 (digits and letters without I, L, O, U: 50 bits,
drawn by :mod:`secrets`), printed as two groups of five (``7KQ2M-XH4RD``). Typing is forgiving:
case, spaces and dashes do not matter, and I, L and O are read as 1, 1 and 0. Only the keyed
hash (HMAC-SHA256 with a key derived from ``ARRIMAGE_PSEUDONYM_KEY``, never in the database:
:mod:`territories.keyed_hash`) is stored, so the database alone cannot give a code back, nor
check guesses offline.
"""

from __future__ import annotations

import secrets

from surveys.models import OneTimeCode
from territories.keyed_hash import keyed_hash, rehash

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
BITS = LENGTH * 5  # 32 symbols: 5 bits each
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
PURPOSE = b"arrimage-survey-codes"


def new_code() -> str:
    """A fresh random code, normalized (no dash)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed: str) -> str | None:
    """The code as stored, from what a person typed; ``None`` when it cannot be a code."""
    code = "".join(typed.split()).replace("-", "").upper().translate(_READ_AS)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def display(code: str) -> str:
    """``7KQ2MXH4RD`` → ``7KQ2M-XH4RD``."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def digest(code: str) -> str:
    """The keyed hash stored for a normalized code."""
    return keyed_hash(code, purpose=PURPOSE)


def rehash_codes(new_key: str) -> int:
    """Chain every stored code's hash on under ``new_key`` (a rotation); the number of codes."""
    codes = list(OneTimeCode.objects.only("digest").order_by())
    for code in codes:
        code.digest = rehash(code.digest, new_key, purpose=PURPOSE)
    OneTimeCode.objects.bulk_update(codes, ["digest"], batch_size=2000)
    return len(codes)
