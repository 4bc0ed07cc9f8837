"""Lever 5's socio-health profiles: every territory's by fiscal year, the reference profile of
each year, and the profile a period uses (one query)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from territories.models import SocioHealthProfile
from territories.selectors import reference_values

P = TypeVar("P")


@dataclass(frozen=True)
class Profile:
    """A socio-health profile's values, for one fiscal year."""

    fiscal_year: int
    values: dict[str, Fraction | None]


def gather_profiles() -> tuple[dict[int, dict[int, Profile]], dict[int, Profile]]:
    """Every territory's profiles by year, and the reference profile of every year that has one.

    The reference of a year is the ``QC`` profile when recorded, else the field-by-field mean
    of that year's territory profiles (:func:`territories.selectors.reference_values`).
    """
    by_territory: dict[int, dict[int, Profile]] = defaultdict(dict)
    province: dict[int, Profile] = {}
    names = SocioHealthProfile.VALUE_FIELDS
    for territory_id, fiscal_year, *values in SocioHealthProfile.objects.values_list(
        "territory_id", "fiscal_year", *names
    ):
        profile = Profile(
            fiscal_year,
            {
                name: None if value is None else Fraction(value)
                for name, value in zip(names, values, strict=True)
            },
        )
        if territory_id is None:
            province[fiscal_year] = profile
        else:
            by_territory[territory_id][fiscal_year] = profile
    years = set(province) | {year for profiles in by_territory.values() for year in profiles}
    references = {
        year: Profile(
            year,
            reference_values(
                recorded=province[year].values if year in province else None,
                territories=[p[year].values for p in by_territory.values() if year in p],
            ),
        )
        for year in years
    }
    return by_territory, references


def profile_for(profiles: Mapping[int, P], fiscal_year: int) -> P | None:
    """The profile of ``fiscal_year``, else the latest earlier one (the whole profile), from
    ``profiles`` by fiscal year (:class:`Profile`, or stored profiles for the territory page)."""
    earlier = [year for year in profiles if year <= fiscal_year]
    return profiles[max(earlier)] if earlier else None
