"""Family codes are stored only as a keyed hash; pages show a short pseudonym derived from it.

The code a coordinator types (their own file number) is normalised (surrounding spaces dropped,
inner runs of spaces made one, letters upper-cased) so that ``ab 12`` and ``AB 12`` find the same
family, then hashed with HMAC-SHA256 under ``ARRIMAGE_PSEUDONYM_KEY``
(:mod:`territories.keyed_hash`, which also chains the keys of past rotations). The key never
reaches the database: without it, a hash cannot be linked back to a file number.
"""

from territories.keyed_hash import keyed_hash, rehash


def normalise_code(code: str) -> str:
    return " ".join(code.split()).upper()


def hash_family_code(code: str) -> str:
    """The hex HMAC-SHA256 of a normalised family code."""
    normalised = normalise_code(code)
    if not normalised:
        raise ValueError("A family code cannot be empty.")
    return keyed_hash(normalised)


def rehash_families(new_key: str) -> int:
    """Chain every family's hash on under ``new_key`` (a rotation); the number of families.
    Their pseudonyms change with their hashes."""
    from referrals.models import Family  # the model derives its pseudonym from this module

    families = Family.objects.only("code_hash").order_by().iterator(chunk_size=5000)
    changed = [
        Family(pk=family.pk, code_hash=rehash(family.code_hash, new_key)) for family in families
    ]
    Family.objects.bulk_update(changed, ["code_hash"], batch_size=2000)
    return len(changed)


# Crockford's base 32: no I, L, O nor U, so a label read aloud or copied by hand stays exact.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def pseudonym_of(code_hash: str) -> str:
    """A short label for pages, e.g. ``F-7QK2-M4XD``: stable, and reveals nothing of the code.

    40 bits of the hash: two families of a territory of 20,000 share one with a chance of
    about 1 in 5,000 (the pages identify families by pseudonym only for display).
    """
    bits = int(code_hash[:10], 16)
    chars = "".join(_ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return f"F-{chars[:4]}-{chars[4:]}"
