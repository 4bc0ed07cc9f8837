"""Which kinds of rows can be imported: each app registers its own.

The engine imports none of the apps (DESIGN.md section 3): when Django starts,
:meth:`importing.apps.ImportingConfig.ready` imports every installed app's ``imports`` module
(``autodiscover_modules("imports")``, as the admin finds ``admin.py``), and each of those calls
:func:`register` with its row specs. Kinds are listed in registration order: the apps' order
in ``INSTALLED_APPS``, then each app's own order (the order files are usually imported in).
"""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from importing.problems import UnknownKind
from importing.specs import RowSpec

KINDS: dict[str, type[RowSpec]] = {}


def register(*specs: type[RowSpec]) -> None:
    """Make ``specs`` importable under their ``kind``."""
    for spec in specs:
        registered = KINDS.setdefault(spec.kind, spec)
        if registered.__qualname__ != spec.__qualname__:  # the same one imported again is fine
            raise ValueError(f"Two row specs for the kind {spec.kind!r}: {registered}, {spec}.")
        KINDS[spec.kind] = spec


def discover() -> None:
    autodiscover_modules("imports")


def get_spec(kind: str) -> RowSpec:
    """A fresh spec of ``kind`` (it keeps the tables it preloads); raises :class:`UnknownKind`."""
    spec = KINDS.get(kind)
    if spec is None:
        raise UnknownKind(
            _("Unknown kind “%(kind)s”. Choose one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    return spec()
