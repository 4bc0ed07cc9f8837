"""What one server process remembers between requests: tallies and values, by what makes them.

Pages read every territory's stored tally on every request (suppression and the ``QC`` row are
decided over all of them) and made each one's exact values again: most of a warm page's time.
A territory's tally for a period at a day is a function of its data at one ``data_version``
(what :mod:`indicators.store` relies on), and its values a function of that tally and the
profiles. So the store remembers, under keys that name all they depend on:

- a stored tally read back: (territory, period, day, version);
- a territory's values: the same, and the profiles' signature;
- the ``QC`` row's values: every territory's version, the signature and the province's online
  respondents.

A write raises a version, and the next page makes what depends on it anew; a profile changed
changes the signature. Only counts and ratios are kept, nothing about a person.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from types import MappingProxyType
from typing import TypeVar

from indicators.compute.values import Value

T = TypeVar("T")

# 50 territories' tallies and values for a year and its 8 quarters are 900 entries of 1 to 3
# kB: room for a few days and periods, a few megabytes per server process.
LIMIT = 5_000

_remembered: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()


def remembered(key: Hashable, make: Callable[[], T]) -> T:
    """What is remembered under ``key`` (a tuple naming its kind first), else ``make()``'s,
    remembered; the least recently used are forgotten past :data:`LIMIT`. What is remembered
    is shared: callers never change it."""
    with _lock:
        if key in _remembered:
            _remembered.move_to_end(key)
            return _remembered[key]  # type: ignore[return-value]
    made = make()
    with _lock:
        _remembered[key] = made
        while len(_remembered) > LIMIT:
            _remembered.popitem(last=False)
    return made


def remembered_values(key: Hashable, make: Callable[[], dict[str, Value]]) -> Mapping[str, Value]:
    """Values remembered under ``key``, read-only (see :func:`remembered`)."""
    return remembered(key, lambda: MappingProxyType(make()))


def forget_all() -> None:
    """Forget everything (tests that change what values are made of without a new version)."""
    with _lock:
        _remembered.clear()
