"""Reads for the territories pages: territory lists, profiles, positions and projects.

Every query goes through the user's scope (``for_user``, see ``territories.access``), except the
reference profile, which is by definition the province's (a recorded ``QC`` profile or the mean
over every territory: an aggregate, never a territory's own row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from territories.models import (
    Position,
    Project,
    SocioHealthProfile,
    Territory,
)

if TYPE_CHECKING:
    from territories.models import User

Number = TypeVar("Number", Decimal, Fraction)


# Territories list


def territories_for_list(*, user: User, as_of: date) -> QuerySet[Territory]:
    """The territories ``user`` may see, each with ``position_count`` and ``open_position_count``
    (positions open on ``as_of``): one query, whatever the number of territories."""
    open_on = Q(organizations__positions__opened_on__lte=as_of) & (
        Q(organizations__positions__closed_on__isnull=True)
        | Q(organizations__positions__closed_on__gte=as_of)
    )
    return (
        Territory.objects.for_user(user)
        .select_related("region")
        .annotate(
            position_count=Count("organizations__positions", distinct=True),
            open_position_count=Count("organizations__positions", filter=open_on, distinct=True),
        )
        .order_by("code")
    )


# Socio-health profiles


@dataclass(frozen=True)
class ProfileField:
    name: str
    label: str
    kind: str  # "integer", "decimal" or "percent": how pages print it


PROFILE_FIELDS: tuple[ProfileField, ...] = (
    ProfileField("screenings_agir_tot", _("Children screened by the Agir tôt platform"), "integer"),
    ProfileField(
        "reports_per_1000",
        _("Youth-protection reports per 1,000 children aged 0–17"),
        "decimal",
    ),
    ProfileField(
        "out_of_network_pct",
        _("Children aged 0–4 in no childcare service nor 4-year-old kindergarten"),
        "percent",
    ),
    ProfileField(
        "vulnerable_eqdem_pct",
        _("Children vulnerable in at least one EQDEM domain"),
        "percent",
    ),
    ProfileField("immigrant_families_pct", _("Immigrant families"), "percent"),
)


@dataclass(frozen=True)
class ReferenceProfile:
    """The reference profile of a fiscal year (DESIGN.md section 6).

    ``recorded``: the province's ``QC`` profile of that year; otherwise the field-by-field
    unweighted mean of the ``territory_count`` territory profiles of that year (empty values
    skipped; a field empty everywhere stays ``None``).
    """

    fiscal_year: int
    values: dict[str, Decimal | None]
    recorded: bool
    territory_count: int
    illustrative: bool

    @property
    def fiscal_year_key(self) -> str:
        return f"{self.fiscal_year}-{self.fiscal_year + 1}"


def reference_profile(fiscal_year: int) -> ReferenceProfile:
    """The ``QC`` profile of ``fiscal_year`` when one is recorded, else the mean of the territory
    profiles of that year (:func:`reference_values`, in decimals). One query."""
    profiles = list(SocioHealthProfile.objects.filter(fiscal_year=fiscal_year))
    province = next((p for p in profiles if p.territory_id is None), None)
    territories = [p for p in profiles if p.territory_id is not None]
    values = reference_values(
        recorded=None if province is None else _decimal_values(province),
        territories=[_decimal_values(p) for p in territories],
    )
    if province is not None:
        return ReferenceProfile(
            fiscal_year=fiscal_year,
            values=values,
            recorded=True,
            territory_count=0,
            illustrative=province.illustrative,
        )
    return ReferenceProfile(
        fiscal_year=fiscal_year,
        values=values,
        recorded=False,
        territory_count=len(territories),
        illustrative=any(p.illustrative for p in territories),
    )


def reference_values(
    *,
    recorded: Mapping[str, Number | None] | None,
    territories: Sequence[Mapping[str, Number | None]],
) -> dict[str, Number | None]:
    """The values of a fiscal year's reference profile (DESIGN.md section 6): the ``recorded``
    ``QC`` profile's when there is one, else the field-by-field unweighted mean of the
    ``territories``' profiles of that year (empty values skipped; a field empty everywhere stays
    None). Exact in the type of the values given: the engine passes fractions, pages decimals."""
    if recorded is not None:
        return dict(recorded)
    means: dict[str, Number | None] = {}
    for name in SocioHealthProfile.VALUE_FIELDS:
        known = [values[name] for values in territories if values[name] is not None]
        means[name] = sum(known, type(known[0])(0)) / len(known) if known else None
    return means


def _decimal_values(profile: SocioHealthProfile) -> dict[str, Decimal | None]:
    return {name: _as_decimal(getattr(profile, name)) for name in SocioHealthProfile.VALUE_FIELDS}


def _as_decimal(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class ProfileRow:
    field: ProfileField
    value: Decimal | int | None
    reference: Decimal | None


def profile_rows(*, profile: SocioHealthProfile, reference: ReferenceProfile) -> list[ProfileRow]:
    """One row per profile value: the territory's value beside the reference's."""
    return [
        ProfileRow(
            field=field,
            value=getattr(profile, field.name),
            reference=reference.values.get(field.name),
        )
        for field in PROFILE_FIELDS
    ]


# Positions and projects of a territory (no family-level data)


def territory_positions(*, user: User, territory: Territory) -> QuerySet[Position]:
    """The PAP positions of ``territory``, with their organization and sector (one query)."""
    return (
        Position.objects.for_user(user)
        .filter(organization__territory=territory)
        .select_related("organization__sector")
        .order_by("organization__sector__code", "code")
    )


def territory_projects(*, user: User, territory: Territory) -> QuerySet[Project]:
    """The territorial projects of ``territory``, most recent first (one query)."""
    return (
        Project.objects.for_user(user).filter(territory=territory).order_by("-started_on", "code")
    )
