"""The indicator engine: every indicator of DESIGN.md section 6, for a period, at a date.

One call, :func:`compute`, computes the 19 indicators for a period, an as-of date and a
selection of territories, plus the province row ``QC``. It is set-based: a fixed number of SQL
queries, each aggregating for every territory at once (``GROUP BY`` territory), whatever the
number of territories or rows. The heavy part, referrals (lever 2), is one statement with two
correlated ``EXISTS`` that PostgreSQL answers from the ``(family, referred_on)`` index.

How it is built:

1. :func:`_gather` reads, per territory, additive **tallies** (:class:`Tally`): counts, sums and
   the like (families of the cohort, escaped families, hours, pairs of positions…). Tallies of
   several territories add up, which is how the province row is made (the design's pooled
   data), and how later pages regroup.
2. :func:`_values` turns one tally into exact values (:class:`fractions.Fraction`) with their
   ``n``, following each formula; the province row's exceptions (mean of sector counts, sums of
   applicable counts, the reference profile) are in :func:`_province_values`.
3. Targets, statuses and the suppression of small survey groups (with complementary
   suppression, decided over every territory) come last, in :func:`compute`.

Values stay exact until the export rounds them; a status compares the exact value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import combinations

from django.conf import settings
from django.db import NotSupportedError
from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Q, Sum

from indicators import registry
from indicators.models import IndicatorTarget
from indicators.periods import Period
from referrals.models import Corridor, Referral, ReferralStatus
from surveys.models import Channel, Participation, Response, SurveyKind
from territories.models import (
    PROVINCE_CODE,
    Assignment,
    JournalEntry,
    JournalKind,
    Position,
    Project,
    ReferenceFramework,
    SocioHealthProfile,
    Territory,
)

MET = "met"
NOT_MET = "not_met"
NO_TARGET = "no_target"
SUPPRESSED = "suppressed"
NOT_APPLICABLE = "not_applicable"
STATUSES = (MET, NOT_MET, NO_TARGET, SUPPRESSED, NOT_APPLICABLE)

# Profile fields whose excess over the reference triggers a priority (DESIGN.md section 6).
PRIORITY_FIELDS = {
    "child_protection": "reports_per_1000",
    "out_of_network": "out_of_network_pct",
    "vulnerability": "vulnerable_eqdem_pct",
    "immigration": "immigrant_families_pct",
}


class UnknownTerritories(ValueError):
    """Territory codes asked for that name no territory."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = sorted(codes)
        super().__init__(", ".join(self.codes))


# Results


@dataclass(frozen=True)
class Row:
    """One indicator of one territory (or ``QC``): the export's row, with exact values."""

    territory: str
    indicator: str
    value: Fraction | None
    target: registry.Target | None
    status: str
    n: int | None

    @property
    def definition(self) -> registry.Indicator:
        return registry.get(self.indicator)


@dataclass
class Results:
    """Every row of one computation, in the export's order, and how to find one."""

    period: Period
    as_of: date
    territories: list[str]
    rows: list[Row]
    priorities: dict[str, list[str]] = field(default_factory=dict)
    _index: dict[tuple[str, str], Row] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {(row.territory, row.indicator): row for row in self.rows}

    def get(self, territory: str, indicator: str) -> Row:
        """The row of ``territory`` (a code or ``QC``) and ``indicator``; KeyError if absent."""
        return self._index[(territory, indicator)]

    def for_territory(self, territory: str) -> list[Row]:
        return [row for row in self.rows if row.territory == territory]


# Tallies: additive counts per territory


@dataclass
class Tally:
    """What one territory (or several, added up) contributes to the formulas."""

    # Lever 1
    sectors_active: int = 0
    sectors_conforming: int = 0
    pairs: int = 0
    jaccard_sum: Fraction = Fraction(0)
    presentations: int = 0
    # Lever 2
    cohort: int = 0
    families: int = 0
    escaped_families: int = 0
    loops: int = 0
    taken: int = 0
    delay_days: int = 0
    corridors_active: int = 0
    corridors_formal: int = 0
    # Lever 3 and 6
    departures: int = 0
    staff_at_start: int = 0
    staff_at_end: int = 0
    paps: int = 0
    supervision_hours: Decimal = Decimal(0)
    support_requests: int = 0
    # Lever 4
    projects: int = 0
    family_responses: int = 0
    family_score: int = 0
    family_respondents: int = 0
    pap_responses: int = 0
    pap_score: int = 0
    pap_respondents: int = 0  # paper answers: one respondent each
    pap_online_respondents: int = 0  # distinct PAPs who answered online
    # Lever 5: active corridors by the priorities they answer ("" for none, else the sorted
    # priorities joined by "|"). Which priorities a territory triggers depends on every
    # territory's profile, so it is applied when values are made, not when tallies are read.
    corridor_priorities: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: Tally) -> Tally:
        total = Tally()
        for item in fields(Tally):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if isinstance(mine, dict):
                summed = dict(mine)
                for key, count in theirs.items():
                    summed[key] = summed.get(key, 0) + count
            else:
                summed = mine + theirs
            setattr(total, item.name, summed)
        return total

    def adapted_corridors(self, triggered: Iterable[str]) -> int:
        """Active corridors answering at least one of the ``triggered`` priorities."""
        wanted = set(triggered)
        return sum(
            count for key, count in self.corridor_priorities.items() if wanted & set(key.split("|"))
        )

    def to_json(self) -> dict:
        """The tally as JSON-ready values (exact: fractions and decimals as text)."""
        data = {}
        for item in fields(Tally):
            value = getattr(self, item.name)
            data[item.name] = str(value) if isinstance(value, Fraction | Decimal) else value
        return data

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        tally = cls()
        for item in fields(Tally):
            if item.name not in data:
                continue
            current = getattr(tally, item.name)
            value = data[item.name]
            if isinstance(current, Fraction | Decimal):
                value = type(current)(value)
            setattr(tally, item.name, value)
        return tally


@dataclass(frozen=True)
class Profile:
    """A socio-health profile's values, for one fiscal year."""

    fiscal_year: int
    values: dict[str, Fraction | None]


# SQL helpers that PostgreSQL and SQLite spell differently


class DaysBetween(Func):
    """Whole days from the first date to the second (``second − first``)."""

    output_field = IntegerField()

    def __init__(self, first, second, **extra) -> None:
        super().__init__(second, first, **extra)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("DaysBetween is written for PostgreSQL and SQLite only.")

    def as_postgresql(self, compiler, connection, **extra):
        # date − date is a whole number of days in PostgreSQL.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


class AddDays(Func):
    """A date moved by a fixed whole number of days (a setting, never user input)."""

    def __init__(self, expression, days: int, **extra) -> None:
        self.days = int(days)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("AddDays is written for PostgreSQL and SQLite only.")

    def as_postgresql(self, compiler, connection, **extra):
        # date + integer is a date in PostgreSQL.
        return super().as_sql(
            compiler, connection, template=f"(%(expressions)s + {self.days})", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template=f"date(%(expressions)s, '{self.days:+d} days')", **extra
        )


# Reading the database: one query per table family, every territory at once


def gather_tallies(
    period: Period, *, as_of: date, territory_ids: Iterable[int] | None = None
) -> dict[int, Tally]:
    """The tally of each territory (by id) of ``territory_ids`` (None: every territory).

    Eight queries whatever the number of territories. A territory with nothing recorded in
    the period is absent (its tally is all zeros).
    """
    start, end = period.start, period.cut_at(as_of)
    scope = None if territory_ids is None else list(territory_ids)
    tallies: dict[int, Tally] = defaultdict(Tally)

    _gather_positions(tallies, start, end, scope)
    _gather_journal(tallies, start, end, scope)
    _gather_staff(tallies, start, end, scope)
    _gather_referrals(tallies, start, end, as_of, scope)
    _gather_surveys(tallies, start, end, scope)
    projects = Project.objects.filter(supported=True).active_during(start, end)
    for row in (
        _within(projects, "territory_id", scope)
        .values("territory_id")
        .annotate(count=Count("id"))
        .order_by()
    ):
        tallies[row["territory_id"]].projects = row["count"]
    _gather_corridors(tallies, start, end, scope)
    return dict(tallies)


def _within(queryset, territory_field: str, scope: list[int] | None):
    """``queryset`` restricted to the territories of ``scope`` (None: every territory)."""
    if scope is None:
        return queryset
    return queryset.filter(**{f"{territory_field}__in": scope})


def _gather_positions(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    framework = ReferenceFramework.objects.filter(pk=1).first() or ReferenceFramework()
    required = set(framework.required_components)
    by_territory: dict[int, list[tuple[int, list, list]]] = defaultdict(list)
    positions = _within(
        Position.objects.active_during(start, end), "organization__territory_id", scope
    )
    for territory_id, sector_id, components, populations in positions.values_list(
        "organization__territory_id", "organization__sector_id", "components", "populations"
    ):
        by_territory[territory_id].append((sector_id, components or [], populations or []))
    for territory_id, positions in by_territory.items():
        tally = tallies[territory_id]
        tally.sectors_active = len({sector for sector, _c, _p in positions})
        tally.sectors_conforming = len(
            {sector for sector, components, _p in positions if required <= set(components)}
        )
        for (sector_a, _ca, pop_a), (sector_b, _cb, pop_b) in combinations(positions, 2):
            if sector_a == sector_b:
                continue
            tally.pairs += 1
            union = set(pop_a) | set(pop_b)
            if union:
                tally.jaccard_sum += Fraction(len(set(pop_a) & set(pop_b)), len(union))


def _gather_journal(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    rows = (
        _within(journal_entries(start, end), "position__organization__territory_id", scope)
        .values("position__organization__territory_id", "kind")
        .annotate(**JOURNAL_MEASURES)
        .order_by()
    )
    for row in rows:
        add_journal_measures(tallies[row["position__organization__territory_id"]], row)


# The journal entries levers 1, 3 and 6 count, and what each group of them adds to a tally.
JOURNAL_KINDS = (
    JournalKind.SUPERVISION,
    JournalKind.SUPPORT_REQUEST,
    JournalKind.PRESENTATION_INTRA,
    JournalKind.PRESENTATION_INTER,
)
JOURNAL_MEASURES = {"count": Count("id"), "hours": Sum("hours")}


def journal_entries(start: date, end: date):
    return JournalEntry.objects.filter(date__gte=start, date__lte=end, kind__in=JOURNAL_KINDS)


def add_journal_measures(tally: Tally, row: dict) -> None:
    """Add a group of journal entries of one kind (``JOURNAL_MEASURES`` of ``row``)."""
    if row["kind"] == JournalKind.SUPERVISION:
        tally.supervision_hours += row["hours"] or Decimal(0)
    elif row["kind"] == JournalKind.SUPPORT_REQUEST:
        tally.support_requests += row["count"]
    else:
        tally.presentations += row["count"]


def _gather_staff(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    rows = (
        _within(assignments_during(start, end), "position__organization__territory_id", scope)
        .values("position__organization__territory_id")
        .annotate(**staff_measures(start, end))
        .order_by()
    )
    for row in rows:
        set_staff_measures(tallies[row["position__organization__territory_id"]], row)


def set_staff_measures(tally: Tally, row: dict) -> None:
    """The ``staff_measures`` of ``row`` into ``tally``."""
    tally.departures = row["departures"]
    tally.staff_at_start = row["staff_at_start"]
    tally.staff_at_end = row["staff_at_end"]
    tally.paps = row["paps"]


def assignments_during(start: date, end: date):
    """Every assignment present on either day or ending between them (start may come after
    end when as_of is before the period: nothing is known of it yet)."""
    return Assignment.objects.active_during(min(start, end), max(start, end))


def staff_measures(start: date, end: date) -> dict:
    """Levers 3 and 6's aggregates over :func:`assignments_during`, for ``.annotate()`` after
    ``.values(...)``: the :class:`Tally` fields ``departures``, ``staff_at_start``,
    ``staff_at_end`` and ``paps`` (the breakdowns group them by sector)."""

    def present_on(day: date) -> Q:
        return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))

    return {
        "departures": Count("id", filter=Q(ended_on__gte=start, ended_on__lte=end)),
        "staff_at_start": Count("id", filter=present_on(start)),
        "staff_at_end": Count("id", filter=present_on(end)),
        "paps": Count("position_id", distinct=True),
    }


def _gather_referrals(
    tallies: dict[int, Tally], start: date, end: date, as_of: date, scope: list[int] | None
) -> None:
    """Lever 2 from the referral cohort: one statement for every territory."""
    rows = (
        _within(referral_cohort(start, end), "territory_id", scope)
        .values("territory_id")
        .annotate(**referral_measures(as_of))
        .order_by()
    )
    for row in rows:
        set_referral_measures(tallies[row["territory_id"]], row)


def set_referral_measures(tally: Tally, row: dict) -> None:
    """The ``referral_measures`` of ``row`` into ``tally``."""
    tally.cohort = row["cohort"]
    tally.families = row["families"]
    tally.escaped_families = row["escaped_families"]
    tally.loops = row["loops"]
    tally.taken = row["taken"]
    tally.delay_days = row["delay_days"] or 0


def referral_cohort(start: date, end: date):
    """Cohort C of lever 2: referrals with ``referred_on`` in [start, end], not cancelled."""
    return Referral.objects.filter(referred_on__gte=start, referred_on__lte=end).exclude(
        status=ReferralStatus.CANCELLED
    )


def referral_measures(as_of: date) -> dict:
    """Lever 2's aggregates over a set of cohort referrals, for ``.annotate()`` after
    ``.values(...)``: the :class:`Tally` fields ``cohort``, ``families``, ``escaped_families``,
    ``loops``, ``taken`` and ``delay_days`` (None when nothing is taken in charge).

    Whether a referral escaped or loops looks at every referral of its family on its territory
    (correlated ``EXISTS``), whatever subset of the cohort is aggregated: the breakdowns
    (:mod:`indicators.breakdowns`) group the same measures by corridor, sector pair and the like.
    """
    taken = Q(taken_in_charge_on__isnull=False, taken_in_charge_on__lte=as_of)
    later_taken_in_charge = Referral.objects.filter(
        territory_id=OuterRef("territory_id"),
        family_id=OuterRef("family_id"),
        referred_on__gte=OuterRef("referred_on"),
        taken_in_charge_on__lte=as_of,
    )
    escaped = Q(status=ReferralStatus.LOST) | (
        Q(
            status__in=[ReferralStatus.PENDING, ReferralStatus.DECLINED],
            referred_on__lt=as_of - timedelta(days=settings.ESCAPE_DAYS),
        )
        & ~Exists(later_taken_in_charge)
    )
    earlier_reverse = Referral.objects.filter(
        territory_id=OuterRef("territory_id"),
        family_id=OuterRef("family_id"),
        from_sector_id=OuterRef("to_sector_id"),
        to_sector_id=OuterRef("from_sector_id"),
        referred_on__lt=OuterRef("referred_on"),
        referred_on__gte=AddDays(OuterRef("referred_on"), -settings.LOOP_DAYS),
    )
    return {
        "cohort": Count("id"),
        "families": Count("family_id", distinct=True),
        "escaped_families": Count("family_id", distinct=True, filter=escaped),
        "loops": Count("id", filter=Exists(earlier_reverse)),
        "taken": Count("id", filter=taken),
        "delay_days": Sum(DaysBetween("first_contact_on", "taken_in_charge_on"), filter=taken),
    }


def _gather_surveys(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    """Responses, score sums and respondents per territory and survey.

    Paper answers and one-time codes count one respondent each; online PAP answers count the
    distinct PAPs who took part in the campaigns concerned (DESIGN.md section 8), see
    :func:`_online_pap_respondents`.
    """
    in_period = _within(
        Response.objects.filter(submitted_on__gte=start, submitted_on__lte=end),
        "territory_id",
        scope,
    )
    # Family answers count for the projects of T: an answer without a project counts nowhere.
    counted = in_period.exclude(kind=SurveyKind.FAMILY, project__isnull=True)
    for row in (
        counted.values("territory_id", "kind")
        .annotate(
            responses=Count("id"),
            score=Sum("overall"),
            counted_alone=Count("id", filter=~Q(channel=Channel.ONLINE)),
        )
        .order_by()
    ):
        tally = tallies[row["territory_id"]]
        prefix = "pap" if row["kind"] == SurveyKind.PAP else "family"
        setattr(tally, f"{prefix}_responses", row["responses"])
        setattr(tally, f"{prefix}_score", row["score"] or 0)
        setattr(tally, f"{prefix}_respondents", row["counted_alone"])
    online = in_period.filter(kind=SurveyKind.PAP, channel=Channel.ONLINE)
    for territory_id, respondents in _online_pap_respondents(online, start, end).items():
        tallies[territory_id].pap_online_respondents = respondents


def province_online_respondents(period: Period, *, as_of: date) -> int:
    """Distinct PAPs behind the province's online answers of ``period`` (a PAP who answered on
    two territories is one respondent of the province). Two queries."""
    start, end = period.start, period.cut_at(as_of)
    online = Response.objects.filter(
        submitted_on__gte=start, submitted_on__lte=end, kind=SurveyKind.PAP, channel=Channel.ONLINE
    )
    return _online_pap_respondents(online, start, end, overall=True)[None]


def _online_pap_respondents(
    online, start: date, end: date, *, overall: bool = False
) -> dict[int | None, int]:
    """Distinct PAPs behind the online answers of the period, per territory (or, ``overall``,
    for all of them together, under the key None).

    Participation records say who answered a campaign, not when. For a campaign lying wholly
    inside the period, its participants all answered in it: they are counted exactly, each PAP
    once however many campaigns they answered. For a campaign straddling the period's edge,
    only the number of its answers in the period is known; each comes from a different PAP
    (one answer per PAP per campaign). So the count is the larger of the two, never more
    than the PAPs who surely answered in the period: a month inside a quarterly campaign
    cannot show one PAP's score as if three had answered.
    """
    inside = Q(campaign__opens_on__gte=start, campaign__closes_on__lte=end)
    wholly_inside = online.filter(inside).values("campaign_id")
    participants = Participation.objects.filter(campaign_id__in=wholly_inside)
    counts: dict[int | None, int]
    if overall:
        counts = {None: participants.aggregate(paps=Count("user_id", distinct=True))["paps"]}
    else:
        counts = {
            row["campaign__territory_id"]: row["paps"]
            for row in participants.values("campaign__territory_id")
            .annotate(paps=Count("user_id", distinct=True))
            .order_by()
        }
    for row in (
        online.exclude(inside).values("territory_id", "campaign_id").annotate(answers=Count("id"))
    ).order_by():
        key = None if overall else row["territory_id"]
        counts[key] = max(counts.get(key, 0), row["answers"])
    return counts


def _gather_profiles() -> tuple[dict[int, dict[int, Profile]], dict[int, Profile]]:
    """Every territory's profiles by year, and the reference profile of every year that has one.

    The reference of a year is the ``QC`` profile when recorded, else the field-by-field mean
    of that year's territory profiles (empty values skipped).
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
    references = dict(province)
    years = {year for profiles in by_territory.values() for year in profiles}
    for year in years - set(province):
        recorded = [profiles[year] for profiles in by_territory.values() if year in profiles]
        means: dict[str, Fraction | None] = {}
        for name in names:
            known = [p.values[name] for p in recorded if p.values[name] is not None]
            means[name] = sum(known, Fraction(0)) / len(known) if known else None
        references[year] = Profile(year, means)
    return by_territory, references


def _profile_for(profiles: dict[int, Profile], fiscal_year: int) -> Profile | None:
    """The profile of ``fiscal_year``, else the latest earlier one (the whole profile)."""
    earlier = [year for year in profiles if year <= fiscal_year]
    return profiles[max(earlier)] if earlier else None


def round_half_up(value: Fraction, places: int) -> Fraction:
    """``value`` rounded half-up (away from zero on a tie) to ``places`` decimals, exactly."""
    scale = 10**places
    scaled = abs(value) * scale
    rounded = Fraction(int(scaled + Fraction(1, 2)), scale)
    return rounded if value >= 0 else -rounded


def triggered_priorities(profile: Profile | None, reference: Profile | None) -> list[str]:
    """The priorities ``profile`` triggers against ``reference`` (the same fiscal year)."""
    if profile is None or reference is None:
        return []
    margin = 1 + Fraction(settings.PRIORITY_MARGIN)
    triggered = []
    for priority, name in PRIORITY_FIELDS.items():
        value, reference_value = profile.values[name], reference.values[name]
        if value is None or reference_value is None:
            continue
        if round_half_up(value, 6) >= round_half_up(reference_value * margin, 6):
            triggered.append(priority)
    return triggered


def _gather_corridors(
    tallies: dict[int, Tally], start: date, end: date, scope: list[int] | None
) -> None:
    """Active and formal corridors, and active ones by the priorities they answer."""
    corridors = _within(Corridor.objects.active_during(start, end), "territory_id", scope)
    for corridor in corridors.only(
        "territory_id",
        "entry_point",
        "target_delay_days",
        "consent_languages",
        "transfer_template",
        "priorities",
    ):
        tally = tallies[corridor.territory_id]
        tally.corridors_active += 1
        tally.corridors_formal += corridor.is_formal
        key = "|".join(sorted(corridor.priorities or []))
        tally.corridor_priorities[key] = tally.corridor_priorities.get(key, 0) + 1


# From tallies to values


@dataclass(frozen=True)
class Value:
    """An exact value (None: not applicable) and its n, before targets and suppression."""

    value: Fraction | None
    n: int | None
    respondents: int | None = None


def _ratio(numerator, denominator, n: int, scale: int = 1, respondents: int | None = None) -> Value:
    if respondents is not None and n:
        # Answers always rest on someone: online answers without participation records
        # still count as one respondent, never as none (which would show them).
        respondents = max(respondents, 1)
    if not denominator:
        return Value(None, n, respondents)
    return Value(Fraction(numerator) * scale / Fraction(denominator), n, respondents)


def _values(
    tally: Tally,
    period: Period,
    as_of: date,
    profile: Profile | None,
    triggered: list[str] | None = None,
) -> dict[str, Value]:
    """Every indicator of one territory from its tally (DESIGN.md section 6); ``triggered``:
    the priorities its profile triggers (None: it has no profile)."""
    months = period.months_begun(as_of)
    staff = Fraction(tally.staff_at_start + tally.staff_at_end, 2)
    values = {
        "L1_SECTORS_CONFORMING": Value(Fraction(tally.sectors_conforming), tally.sectors_active),
        "L1_MANDATE_OVERLAP_PCT": _ratio(tally.jaccard_sum, tally.pairs, tally.pairs, 100),
        "L1_PRESENTATIONS": Value(Fraction(tally.presentations), tally.presentations),
        "L2_HANDOFF_DELAY_DAYS": _ratio(tally.delay_days, tally.taken, tally.taken),
        "L2_ESCAPE_RATE_PCT": _ratio(tally.escaped_families, tally.families, tally.families, 100),
        "L2_LOOP_RATE_PCT": _ratio(tally.loops, tally.cohort, tally.cohort, 100),
        "L2_FORMAL_CORRIDORS_PCT": _ratio(
            tally.corridors_formal, tally.corridors_active, tally.corridors_active, 100
        ),
        "L3_TURNOVER_PCT": _ratio(tally.departures, staff, tally.departures, 100),
        "L3_SUPERVISION_HOURS_PER_PAP_MONTH": _ratio(
            tally.supervision_hours, tally.paps * months, tally.paps
        ),
        "L4_PROJECTS": Value(Fraction(tally.projects), tally.projects),
        "L4_FAMILY_SATISFACTION": _ratio(
            tally.family_score,
            tally.family_responses,
            tally.family_responses,
            respondents=tally.family_respondents,
        ),
        "L5_ADAPTED_CORRIDORS": Value(
            None if triggered is None else Fraction(tally.adapted_corridors(triggered)),
            tally.corridors_active,
        ),
        "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER": _ratio(
            tally.support_requests, tally.paps * Fraction(months, 3), tally.paps
        ),
        "L6_PAP_SATISFACTION": _ratio(
            tally.pap_score,
            tally.pap_responses,
            tally.pap_responses,
            respondents=tally.pap_respondents + tally.pap_online_respondents,
        ),
    }
    values.update(_profile_values(profile))
    return values


def _profile_values(profile: Profile | None) -> dict[str, Value]:
    return {
        code: Value(None if profile is None else profile.values[name], None)
        for code, name in registry.PROFILE_FIELDS.items()
    }


def _province_values(
    tallies: dict[int, Tally],
    values: dict[int, dict[str, Value]],
    period: Period,
    as_of: date,
    references: dict[int, Profile],
    online_paps: int,
) -> dict[str, Value]:
    """The ``QC`` row: the pooled data, with the design's exceptions."""
    pooled = sum(tallies.values(), Tally())
    # A PAP who answered online on two territories is one respondent of the province.
    pooled.pap_online_respondents = online_paps
    province = _values(pooled, period, as_of, None)

    with_positions = [v for v in values.values() if v["L1_SECTORS_CONFORMING"].n]
    province["L1_SECTORS_CONFORMING"] = _ratio(
        sum((v["L1_SECTORS_CONFORMING"].value for v in with_positions), Fraction(0)),
        len(with_positions),
        len(with_positions),
    )
    applicable = [v["L5_ADAPTED_CORRIDORS"] for v in values.values()]
    applicable = [v for v in applicable if v.value is not None]
    province["L5_ADAPTED_CORRIDORS"] = Value(
        sum((v.value for v in applicable), Fraction(0)), sum(v.n for v in applicable)
    )
    years = [year for year in references if year <= period.fiscal_year]
    province.update(_profile_values(references[max(years)] if years else None))
    return province


# Targets and statuses


def _targets() -> tuple[
    dict[str, registry.Target | None], dict[tuple[int, str], registry.Target | None]
]:
    """Province-wide targets by indicator, and overrides by (territory id, indicator)."""
    province: dict[str, registry.Target | None] = {
        indicator.code: indicator.default_target for indicator in registry.INDICATORS
    }
    overrides: dict[tuple[int, str], registry.Target | None] = {}
    for target in IndicatorTarget.objects.all():
        if target.territory_id is None:
            province[target.indicator] = target.as_target()
        else:
            overrides[(target.territory_id, target.indicator)] = target.as_target()
    return province, overrides


def _status(value: Value, target: registry.Target | None, suppressed: bool) -> str:
    if suppressed:
        return SUPPRESSED
    if value.value is None:
        return NOT_APPLICABLE
    if target is None:
        return NO_TARGET
    return MET if target.is_met_by(value.value) else NOT_MET


def _is_small(value: Value) -> bool:
    return value.respondents is not None and 0 < value.respondents < settings.MIN_CELL_SIZE


def _suppressed(values: dict[int, dict[str, Value]], codes: dict[int, str]) -> set[tuple[int, str]]:
    """(territory id, indicator) of every survey mean not shown, complementary ones included."""
    hidden: set[tuple[int, str]] = set()
    for indicator in registry.SURVEY_KINDS:
        small = [tid for tid, v in values.items() if _is_small(v[indicator])]
        hidden.update((tid, indicator) for tid in small)
        if len(small) != 1:
            continue
        shown = [
            tid
            for tid, v in values.items()
            if not _is_small(v[indicator]) and v[indicator].value is not None
        ]
        if shown:
            picked = min(shown, key=lambda tid: (values[tid][indicator].n, codes[tid]))
            hidden.add((picked, indicator))
    return hidden


# The engine


@dataclass(frozen=True)
class Context:
    """What every computation reads besides the tallies: profiles and targets (two queries)."""

    profiles: dict[int, dict[int, Profile]]
    references: dict[int, Profile]
    province_targets: dict[str, registry.Target | None]
    overrides: dict[tuple[int, str], registry.Target | None]
    # (territory id, fiscal year of its profile) → triggered priorities: periods of one year
    # share them, and a page builds up to nine periods (exact Fractions make them slow).
    _triggered: dict[tuple[int, int], list[str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def load(cls) -> Context:
        profiles, references = _gather_profiles()
        province_targets, overrides = _targets()
        return cls(profiles, references, province_targets, overrides)

    def triggered(self, territory_id: int, profile: Profile) -> list[str]:
        """The priorities ``profile`` (the territory's, for some period) triggers."""
        key = (territory_id, profile.fiscal_year)
        if key not in self._triggered:
            reference = self.references.get(profile.fiscal_year)
            self._triggered[key] = triggered_priorities(profile, reference)
        return list(self._triggered[key])


def territory_codes() -> dict[int, str]:
    """Every territory's code by id, in code order (one query)."""
    # Sorted by Python, not by the database, whose collation may put "a" before "B".
    return dict(sorted(Territory.objects.values_list("id", "code"), key=lambda item: item[1]))


def compute(period: Period, *, as_of: date, territories: Iterable[str] | None = None) -> Results:
    """Every indicator of ``period`` known at ``as_of``, for ``territories`` (codes; None: all),
    then the ``QC`` rows over every territory, computed from the raw rows.

    Raises :class:`UnknownTerritories` when a code names no territory (codes match whatever
    their case). A fixed number of queries, whatever the number of territories. Pages read
    the same results through :mod:`indicators.store`, which keeps the tallies.
    """
    codes = territory_codes()
    selected = select_territories(codes, territories)
    return build_results(
        period,
        as_of=as_of,
        codes=codes,
        selected=selected,
        tallies=gather_tallies(period, as_of=as_of),
        online_respondents=province_online_respondents(period, as_of=as_of),
        context=Context.load(),
    )


def build_results(
    period: Period,
    *,
    as_of: date,
    codes: dict[int, str],
    selected: list[int],
    tallies: dict[int, Tally],
    online_respondents: int,
    context: Context,
) -> Results:
    """The rows of ``selected`` then ``QC`` from every territory's tally (no query)."""
    used = {
        territory_id: _profile_for(context.profiles.get(territory_id, {}), period.fiscal_year)
        for territory_id in codes
    }
    triggered = {
        territory_id: context.triggered(territory_id, profile)
        for territory_id, profile in used.items()
        if profile is not None
    }
    values = {
        territory_id: _values(
            tallies.get(territory_id, Tally()),
            period,
            as_of,
            used[territory_id],
            triggered.get(territory_id),
        )
        for territory_id in codes
    }
    hidden = _suppressed(values, codes)

    rows: list[Row] = []
    for territory_id in selected:
        for indicator in registry.CODES:
            target = context.overrides.get(
                (territory_id, indicator), context.province_targets[indicator]
            )
            value = values[territory_id][indicator]
            status = _status(value, target, (territory_id, indicator) in hidden)
            shown = None if status in (SUPPRESSED, NOT_APPLICABLE) else value.value
            rows.append(Row(codes[territory_id], indicator, shown, target, status, value.n))

    province = _province_values(
        {tid: tallies.get(tid, Tally()) for tid in codes},
        values,
        period,
        as_of,
        context.references,
        online_respondents,
    )
    for indicator in registry.CODES:
        value = province[indicator]
        target = context.province_targets[indicator]
        status = _status(value, target, _is_small(value))
        shown = None if status in (SUPPRESSED, NOT_APPLICABLE) else value.value
        rows.append(Row(PROVINCE_CODE, indicator, shown, target, status, value.n))

    return Results(
        period=period,
        as_of=as_of,
        territories=[codes[tid] for tid in selected],
        rows=rows,
        priorities={codes[tid]: triggered.get(tid, []) for tid in selected},
    )


def select_territories(all_territories: dict[int, str], codes: Iterable[str] | None) -> list[int]:
    """Ids of the territories named by ``codes`` (any case), in code order; all when None."""
    if codes is None:
        return list(all_territories)
    by_code = {code.casefold(): tid for tid, code in all_territories.items()}
    wanted = {code.strip().casefold(): code for code in codes}
    unknown = [original for folded, original in wanted.items() if folded not in by_code]
    if unknown:
        raise UnknownTerritories(unknown)
    ids = {by_code[folded] for folded in wanted}
    return [tid for tid in all_territories if tid in ids]
