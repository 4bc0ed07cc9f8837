"""Corridor pages (``/corridors/``): list, create, edit and end a territory's corridors, each
showing what it lacks to count as formal (``FORMAL_CRITERIA`` of ``referrals.models``)."""
