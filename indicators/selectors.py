"""Reads for the indicator pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Max, Min, OuterRef, Subquery

from indicators.models import IndicatorTarget
from indicators.periods import Period, covered_periods
from indicators.registry import Target
from referrals.models import Referral
from surveys.models import Response
from territories.models import JournalEntry, SocioHealthProfile, Territory


def data_date_range(*, as_of: date) -> tuple[date, date] | None:
    """The first and last day of recorded activity (referrals, journal, survey answers).

    Dates after ``as_of`` are not counted: the data of the future is not known yet. Three
    aggregate queries, whatever the number of rows. Activity dates are not family-level
    data, so this is not scoped to a user.
    """
    bounds = [
        _referral_bounds(as_of),
        JournalEntry.objects.filter(date__lte=as_of).aggregate(first=Min("date"), last=Max("date")),
        Response.objects.filter(submitted_on__lte=as_of).aggregate(
            first=Min("submitted_on"), last=Max("submitted_on")
        ),
    ]
    firsts = [bound["first"] for bound in bounds if bound["first"] is not None]
    lasts = [bound["last"] for bound in bounds if bound["last"] is not None]
    if not firsts:
        return None
    return min(firsts), max(lasts)


def _referral_bounds(as_of: date) -> dict[str, date | None]:
    """The first and last referral day up to ``as_of``, read at both ends of each territory's
    (territory, referred_on) index: a few probes per territory instead of reading every
    referral, which has no index on its date alone (each index slows the bulk imports)."""
    referrals = Referral.objects.filter(territory=OuterRef("pk"), referred_on__lte=as_of)
    return Territory.objects.annotate(
        first_day=Subquery(referrals.order_by("referred_on").values("referred_on")[:1]),
        last_day=Subquery(referrals.order_by("-referred_on").values("referred_on")[:1]),
    ).aggregate(first=Min("first_day"), last=Max("last_day"))


def periods_covered_by_data(*, as_of: date) -> list[Period]:
    """Every fiscal year, quarter and month the recorded data covers, newest first per kind."""
    bounds = data_date_range(as_of=as_of)
    if bounds is None:
        return []
    return covered_periods(first=bounds[0], last=bounds[1])


def target_overrides(*, indicator: str, user) -> dict[str, Target | None]:
    """The territories of ``user``'s scope that have their own target for ``indicator``, by code
    (None: the override removes the target). One query."""
    rows = (
        IndicatorTarget.objects.for_user(user)
        .filter(indicator=indicator, territory__isnull=False)
        .select_related("territory")
        .order_by("territory__code")
    )
    return {row.territory.code: row.as_target() for row in rows}


def borrowed_profile_years(territory_ids: list[int], fiscal_year: int) -> dict[int, int]:
    """For the territories without a socio-health profile for ``fiscal_year``, the earlier
    fiscal year whose profile the indicators use instead (DESIGN.md section 6), by territory id.
    One query, whatever the number of territories."""
    rows = (
        SocioHealthProfile.objects.filter(
            territory_id__in=territory_ids, fiscal_year__lte=fiscal_year
        )
        .values("territory_id")
        .annotate(year=Max("fiscal_year"))
        .order_by()
    )
    return {row["territory_id"]: row["year"] for row in rows if row["year"] < fiscal_year}
