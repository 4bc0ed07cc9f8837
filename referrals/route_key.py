"""The database refuses a referral whose corridor is of another territory or goes the other way.

``Referral.clean()`` and the import check it first, with a French message; this is the last
line, for whatever writes without them. On PostgreSQL, a composite foreign key
``(corridor_id, territory_id, from_sector_id, to_sector_id)`` → the corridor's unique
``(id, territory_id, from_sector_id, to_sector_id)`` (``corridor_route_key``); a referral without
corridor is not checked (``MATCH SIMPLE``). A large import drops and adds back every foreign key
of the table by its definition (:mod:`importing.foreign_keys`): this one too.

SQLite (the development default) cannot add a foreign key to a table: triggers raise
``ABORT`` (an ``IntegrityError``) instead, on the referral's insert and update and on a change of
a corridor's territory or sectors under its referrals. SQLite drops a table's triggers when a
migration rebuilds it: a later migration altering ``referrals_referral`` or
``referrals_corridor`` calls :func:`add` again.
"""

from __future__ import annotations

NAME = "referral_corridor_route"
MESSAGE = "referral_corridor_route: the corridor is of another territory or goes the other way"

_POSTGRESQL = (
    f"ALTER TABLE referrals_referral ADD CONSTRAINT {NAME} "
    "FOREIGN KEY (corridor_id, territory_id, from_sector_id, to_sector_id) "
    "REFERENCES referrals_corridor (id, territory_id, from_sector_id, to_sector_id)"
)

_MISMATCH = (
    "NEW.corridor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM referrals_corridor c"
    " WHERE c.id = NEW.corridor_id AND c.territory_id = NEW.territory_id"
    " AND c.from_sector_id = NEW.from_sector_id AND c.to_sector_id = NEW.to_sector_id)"
)
_ORPHANED = (
    "EXISTS (SELECT 1 FROM referrals_referral r WHERE r.corridor_id = NEW.id"
    " AND (r.territory_id <> NEW.territory_id OR r.from_sector_id <> NEW.from_sector_id"
    " OR r.to_sector_id <> NEW.to_sector_id))"
)
_SQLITE_TRIGGERS = {
    f"{NAME}_insert": f"BEFORE INSERT ON referrals_referral WHEN {_MISMATCH}",
    f"{NAME}_update": f"BEFORE UPDATE ON referrals_referral WHEN {_MISMATCH}",
    f"{NAME}_corridor": (
        "BEFORE UPDATE OF territory_id, from_sector_id, to_sector_id ON referrals_corridor"
        f" WHEN {_ORPHANED}"
    ),
}


def add(schema_editor) -> None:
    """Add the check for the connection's database (a migration's ``RunPython``)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_POSTGRESQL)
    elif vendor == "sqlite":
        for name, when in _SQLITE_TRIGGERS.items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(
                f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE referrals_referral DROP CONSTRAINT IF EXISTS {NAME}")
    elif vendor == "sqlite":
        for name in _SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
