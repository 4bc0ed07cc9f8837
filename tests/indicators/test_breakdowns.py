"""Breakdowns (issue 5): lever 2 by corridor, sector pair and immigrant family; staffing by sector.

Every expected value is worked out by hand from the rows each test writes. P is the fiscal year
2024-2025 (2024-04-01 … 2025-03-31) and A 2025-06-01: every pending or declined referral of P
is more than 30 days old at A. C is the cohort (referrals of the territories referred in P, not
cancelled); a group G restricts C, while escapes and loops still look at every referral of the
family.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.breakdowns import breakdowns, export_breakdown_rows, scope_label
from indicators.compute import compute
from indicators.models import StoredBreakdown
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")
AFTER = date(2025, 6, 1)


def refer(territory, family=None, *, on, taken=None, status=None, first=None, **fields):
    """A referral MFA → MSSS (unless ``from_sector``/``to_sector`` say otherwise)."""
    fields.update(first_contact_on=first or on, referred_on=on)
    if taken:
        fields["taken_in_charge_on"] = taken
    if status:
        fields["status"] = status
    return factories.referral(territory, family, **fields)


def by_dimension(territories, indicator=None, period=YEAR, as_of=AFTER):
    found = breakdowns(
        period, as_of=as_of, territories=territories, indicator=indicator, reveal_small=True
    )
    return {breakdown.dimension: breakdown for breakdown in found}


def group(breakdown, key):
    return next(g for g in breakdown.groups if g.key == key)


def row(territories, dimension, key, indicator):
    return group(by_dimension(territories)[dimension], key).rows[indicator]


def summary(result):
    return result.value, result.n, result.status


# By corridor


def test_corridor_groups_apply_the_formulas_to_their_referrals(territory_a):
    """Corridor X (A, MFA → MSSS): f1 pending 05-01 but referred again 06-01 along no corridor
    and taken in charge 06-05 → not escaped; f2 declined 05-01, nothing later → escaped; f3
    first contact 05-01, taken in charge 05-03 → 2 days. X: families 3, escaped 1 → 100 × 1/3;
    delay 2 ÷ 1 = 2 (≤ 2 met); loops 0/3 = 0. Outside any corridor: f1's 06-01 (first contact
    06-01) taken in charge 06-05 → delay 4, escape 0/1, loops 0/1."""
    x = factories.corridor(territory_a, code="A-X")
    f1, f2, f3 = (factories.family(territory_a) for _ in range(3))
    refer(territory_a, f1, on=date(2024, 5, 1), corridor=x)
    refer(territory_a, f1, on=date(2024, 6, 1), taken=date(2024, 6, 5))
    refer(territory_a, f2, on=date(2024, 5, 1), status="declined", corridor=x)
    refer(territory_a, f3, on=date(2024, 5, 1), taken=date(2024, 5, 3), corridor=x)

    corridors = by_dimension(["A"])["corridor"]
    assert [g.key for g in corridors.groups] == ["corridor:A-X", "none"]
    x_group = group(corridors, "corridor:A-X")
    assert x_group.label == "A – A-X (MFA → MSSS)"
    assert summary(x_group.rows["L2_ESCAPE_RATE_PCT"]) == (Fraction(100, 3), 3, "not_met")
    assert summary(x_group.rows["L2_HANDOFF_DELAY_DAYS"]) == (2, 1, "met")
    assert summary(x_group.rows["L2_LOOP_RATE_PCT"]) == (0, 3, "no_target")
    assert x_group.rows["L2_ESCAPE_RATE_PCT"].territory == "corridor:A-X"
    outside = group(corridors, "none")
    assert summary(outside.rows["L2_HANDOFF_DELAY_DAYS"]) == (4, 1, "not_met")
    assert summary(outside.rows["L2_ESCAPE_RATE_PCT"]) == (0, 1, "met")


def test_escape_is_saved_by_a_later_referral_along_another_corridor(territory_a):
    """f: pending along X on 05-01, then along Y on 07-01 taken in charge 07-02 (a
    referral outside X's group) → X's referral did not escape: escape on X 0/1 = 0, met.
    g: pending along X on 05-01, its only later referral (08-01, along Y) declined → escaped:
    with both, X has 2 families, 1 escaped → 50 %."""
    x = factories.corridor(territory_a, code="A-X")
    y = factories.corridor(territory_a, "MSSS", "MEQ", code="A-Y")
    f = factories.family(territory_a)
    refer(territory_a, f, on=date(2024, 5, 1), corridor=x)
    refer(
        territory_a,
        f,
        on=date(2024, 7, 1),
        taken=date(2024, 7, 2),
        corridor=y,
        from_sector="MSSS",
        to_sector="MEQ",
    )
    assert summary(row(["A"], "corridor", "corridor:A-X", "L2_ESCAPE_RATE_PCT")) == (0, 1, "met")

    g = factories.family(territory_a)
    refer(territory_a, g, on=date(2024, 5, 1), corridor=x)
    refer(
        territory_a,
        g,
        on=date(2024, 8, 1),
        status="declined",
        corridor=y,
        from_sector="MSSS",
        to_sector="MEQ",
    )
    assert summary(row(["A"], "corridor", "corridor:A-X", "L2_ESCAPE_RATE_PCT")) == (
        50,
        2,
        "not_met",
    )


def test_loop_counts_an_earlier_referral_outside_the_group_and_the_period(territory_a):
    """r0: MSSS → MFA along no corridor on 2024-03-15 (before P), taken in charge; r: MFA →
    MSSS along X on 2024-05-01, 47 days later (≤ 90) → a loop. X: 1 loop of 1 referral →
    100 %. Pair MSSS>MFA has no group (r0 is not in C); pair MFA>MSSS 1/1."""
    x = factories.corridor(territory_a, code="A-X")
    f = factories.family(territory_a)
    refer(
        territory_a,
        f,
        on=date(2024, 3, 15),
        taken=date(2024, 3, 16),
        from_sector="MSSS",
        to_sector="MFA",
    )
    refer(territory_a, f, on=date(2024, 5, 1), corridor=x)
    assert summary(row(["A"], "corridor", "corridor:A-X", "L2_LOOP_RATE_PCT")) == (
        100,
        1,
        "no_target",
    )
    pairs = by_dimension(["A"])["sector_pair"]
    assert [g.key for g in pairs.groups] == ["pair:MFA>MSSS"]
    assert summary(group(pairs, "pair:MFA>MSSS").rows["L2_LOOP_RATE_PCT"]) == (100, 1, "no_target")


def test_group_without_any_referral_taken_in_charge_has_no_delay(territory_a):
    """X: two pending referrals, none taken in charge → delay not applicable, n 0; an active
    corridor Z without any referral is listed with n 0 everywhere."""
    x = factories.corridor(territory_a, code="A-X")
    factories.corridor(territory_a, "MEQ", "MFA", code="A-Z")
    refer(territory_a, on=date(2024, 5, 1), corridor=x)
    refer(territory_a, on=date(2024, 9, 1), corridor=x)
    corridors = by_dimension(["A"])["corridor"]
    assert summary(group(corridors, "corridor:A-X").rows["L2_HANDOFF_DELAY_DAYS"]) == (
        None,
        0,
        "not_applicable",
    )
    z = group(corridors, "corridor:A-Z")
    assert z.label == "A – A-Z (MEQ → MFA)"
    assert {code: (r.n, r.status) for code, r in z.rows.items()} == {
        "L2_HANDOFF_DELAY_DAYS": (0, "not_applicable"),
        "L2_ESCAPE_RATE_PCT": (0, "not_applicable"),
        "L2_LOOP_RATE_PCT": (0, "not_applicable"),
    }


# By sector pair


def test_sector_pairs_and_the_formal_share_of_their_corridors(territory_a):
    """Referrals: MFA → MSSS taken in charge after 3 days (05-01 → 05-04); MSSS → MEQ lost.
    Corridors MFA → MSSS: one formal (entry point, delay 2, fr+en, transfer form), one not
    → 50 %; MSSS → MEQ: none → formal share not applicable; MEQ → MFA (no referral): one
    informal corridor → 0 %, referral values n 0."""
    formal = {
        "entry_point": "Accueil",
        "target_delay_days": 2,
        "consent_languages": ["fr", "en"],
        "transfer_template": True,
    }
    factories.corridor(territory_a, "MFA", "MSSS", **formal)
    factories.corridor(territory_a, "MFA", "MSSS")
    factories.corridor(territory_a, "MEQ", "MFA")
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 4))
    refer(territory_a, on=date(2024, 5, 1), status="lost", from_sector="MSSS", to_sector="MEQ")

    pairs = by_dimension(["A"])["sector_pair"]
    assert [(g.key, g.label) for g in pairs.groups] == [
        ("pair:MEQ>MFA", "MEQ → MFA"),
        ("pair:MFA>MSSS", "MFA → MSSS"),
        ("pair:MSSS>MEQ", "MSSS → MEQ"),
    ]
    assert pairs.indicators[-1] == "L2_FORMAL_CORRIDORS_PCT"
    mfa_msss = group(pairs, "pair:MFA>MSSS").rows
    assert summary(mfa_msss["L2_FORMAL_CORRIDORS_PCT"]) == (50, 2, "no_target")
    assert summary(mfa_msss["L2_HANDOFF_DELAY_DAYS"]) == (3, 1, "not_met")
    msss_meq = group(pairs, "pair:MSSS>MEQ").rows
    assert summary(msss_meq["L2_ESCAPE_RATE_PCT"]) == (100, 1, "not_met")
    assert summary(msss_meq["L2_FORMAL_CORRIDORS_PCT"]) == (None, 0, "not_applicable")
    meq_mfa = group(pairs, "pair:MEQ>MFA").rows
    assert summary(meq_mfa["L2_FORMAL_CORRIDORS_PCT"]) == (0, 1, "no_target")
    assert summary(meq_mfa["L2_LOOP_RATE_PCT"]) == (None, 0, "not_applicable")


# Immigrant families and the others


def test_immigrant_families_and_the_others(territory_a):
    """Immigrant: i1 lost (escaped), i2 taken in charge 05-01 → 05-02 (1 day) → escape 1/2 =
    50 % (not met, < 10), delay 1. Others: o1 and o2 taken in charge after 2 and 4 days →
    escape 0/2 = 0 % (met), delay (2 + 4) ÷ 2 = 3 (not met)."""
    i1, i2 = (factories.family(territory_a, immigrant=True) for _ in range(2))
    o1, o2 = (factories.family(territory_a) for _ in range(2))
    refer(territory_a, i1, on=date(2024, 5, 1), status="lost")
    refer(territory_a, i2, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_a, o1, on=date(2024, 5, 1), taken=date(2024, 5, 3))
    refer(territory_a, o2, on=date(2024, 5, 1), taken=date(2024, 5, 5))

    families = by_dimension(["A"])["immigrant"]
    assert [g.key for g in families.groups] == ["immigrant:yes", "immigrant:no"]
    yes, no = (g.rows for g in families.groups)
    assert summary(yes["L2_ESCAPE_RATE_PCT"]) == (50, 2, "not_met")
    assert summary(yes["L2_HANDOFF_DELAY_DAYS"]) == (1, 1, "met")
    assert summary(no["L2_ESCAPE_RATE_PCT"]) == (0, 2, "met")
    assert summary(no["L2_HANDOFF_DELAY_DAYS"]) == (3, 2, "not_met")


def test_groups_split_the_engine_value_where_they_partition_it(territory_a):
    """Immigrant or not splits the families (and referrals) of C; corridors and sector pairs
    split its referrals. So the groups' numerators (value × n) and n add up to the engine's
    territory row: families for escapes, referrals for loops and taken-in-charge referrals for
    the delay. Mixed data: loops, escapes, a cancelled referral, two corridors."""
    x = factories.corridor(territory_a, code="A-X")
    y = factories.corridor(territory_a, "MSSS", "MFA", code="A-Y")
    for immigrant in (True, False, False):
        f = factories.family(territory_a, immigrant=immigrant)
        refer(territory_a, f, on=date(2024, 4, 10), from_sector="MSSS", to_sector="MFA", corridor=y)
        refer(territory_a, f, on=date(2024, 5, 1), taken=date(2024, 5, 9), first=date(2024, 4, 20))
        refer(territory_a, f, on=date(2024, 6, 1), status="lost", corridor=x)
        refer(territory_a, f, on=date(2024, 6, 2), status="cancelled")
    refer(territory_a, on=date(2024, 7, 1), status="declined", to_sector="MEQ")
    refer(territory_a, on=date(2024, 7, 1), taken=date(2024, 7, 2), corridor=x)
    engine = compute(YEAR, as_of=AFTER, territories=["A"])
    found = by_dimension(["A"])
    splits = {
        "immigrant": ["L2_ESCAPE_RATE_PCT", "L2_LOOP_RATE_PCT", "L2_HANDOFF_DELAY_DAYS"],
        "corridor": ["L2_LOOP_RATE_PCT", "L2_HANDOFF_DELAY_DAYS"],
        "sector_pair": ["L2_LOOP_RATE_PCT", "L2_HANDOFF_DELAY_DAYS"],
    }
    for dimension, codes in splits.items():
        for code in codes:
            total = engine.get("A", code)
            parts = [g.rows[code] for g in found[dimension].groups]
            assert sum(part.n for part in parts) == total.n, (dimension, code)
            numerators = sum((part.value or 0) * part.n for part in parts)
            assert numerators == total.value * total.n, (dimension, code)
    # By hand: each family's MFA → MSSS of 05-01 and of 06-01 come 21 and 52 days (≤ 90) after
    # its MSSS → MFA of 04-10: 6 loops over 3 × 3 + 2 = 11 referrals of C (cancelled left out).
    assert engine.get("A", "L2_LOOP_RATE_PCT").value == Fraction(600, 11)


# By sector


def test_sectors_staffing_with_a_sector_without_pap(territory_a):
    """MFA: a position held all year (1 PAP), conforming (all three components), 24 h of
    supervision, 2 support requests, 1 presentation → supervision 24 ÷ 1 ÷ 12 = 2, support
    requests 2 ÷ 1 ÷ 4 = 0,5 per quarter, conforming 1 (n 1), turnover 0 departures ÷ 1 = 0.
    MEQ: a position with no assignment (no PAP), outreach only, 3 h of supervision and 2
    presentations → per-PAP rates and turnover not applicable, conforming 0 (n 1),
    presentations 2 (no target per sector)."""
    mfa = factories.pap(territory_a, "MFA")
    meq = factories.position(factories.organization(territory_a, "MEQ"), components=["outreach"])
    factories.journal_entry(mfa, "supervision", hours=Decimal("24"))
    factories.journal_entry(mfa, "support_request", date=date(2024, 6, 1))
    factories.journal_entry(mfa, "support_request", date=date(2024, 7, 1))
    factories.journal_entry(mfa, "presentation_inter")
    factories.journal_entry(meq, "supervision", hours=Decimal("3"))
    factories.journal_entry(meq, "presentation_intra")
    factories.journal_entry(meq, "presentation_inter", date=date(2024, 9, 1))

    sectors = by_dimension(["A"])["sector"]
    assert [g.key for g in sectors.groups] == ["sector:MEQ", "sector:MFA"]
    assert group(sectors, "sector:MEQ").label.startswith("MEQ – ")
    mfa_rows = group(sectors, "sector:MFA").rows
    assert summary(mfa_rows["L3_SUPERVISION_HOURS_PER_PAP_MONTH"]) == (2, 1, "no_target")
    assert summary(mfa_rows["L6_SUPPORT_REQUESTS_PER_PAP_QUARTER"]) == (
        Fraction(1, 2),
        1,
        "no_target",
    )
    assert summary(mfa_rows["L1_SECTORS_CONFORMING"]) == (1, 1, "no_target")
    assert summary(mfa_rows["L3_TURNOVER_PCT"]) == (0, 0, "no_target")
    assert summary(mfa_rows["L1_PRESENTATIONS"]) == (1, 1, "no_target")
    meq_rows = group(sectors, "sector:MEQ").rows
    for code in (
        "L3_SUPERVISION_HOURS_PER_PAP_MONTH",
        "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER",
        "L3_TURNOVER_PCT",
    ):
        assert summary(meq_rows[code]) == (None, 0, "not_applicable"), code
    assert summary(meq_rows["L1_SECTORS_CONFORMING"]) == (0, 1, "no_target")
    assert summary(meq_rows["L1_PRESENTATIONS"]) == (2, 2, "no_target")
    assert "L6_PAP_SATISFACTION" not in sectors.indicators


def test_sector_turnover(territory_a):
    """MSSS: one assignment 2023-04-01 → 2024-09-30 (departure in P), its successor from
    2024-10-01 on the same position; a second position held all year. h(04-01) = 2,
    h(03-31) = 2 → 1 × 100 ÷ 2 = 50 %, n 1 departure; 2 PAPs."""
    post = factories.pap(territory_a, "MSSS", ended_on=date(2024, 9, 30))
    factories.assignment(post, person="PAP-2", started_on=date(2024, 10, 1))
    factories.pap(territory_a, "MSSS")
    factories.journal_entry(post, "supervision", hours=Decimal("48"))
    rows = group(by_dimension(["A"])["sector"], "sector:MSSS").rows
    assert summary(rows["L3_TURNOVER_PCT"]) == (50, 1, "no_target")
    # 48 h ÷ 2 PAPs ÷ 12 months = 2
    assert summary(rows["L3_SUPERVISION_HOURS_PER_PAP_MONTH"]) == (2, 2, "no_target")


# Pooling and targets


def test_pooling_two_territories_adds_their_data(territory_a, territory_b):
    """Pair MFA → MSSS: A has 2 families (1 lost), B 3 families (none escaped, one taken in
    charge after 6 days) → pooled escape 1 ÷ 5 = 20 %, delay 6. Sector MFA: A conforming, B
    not (outreach only) → the province's rule: 1 conforming territory ÷ 2 = 1/2, n 2."""
    refer(territory_a, on=date(2024, 5, 1), status="lost")
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 7), first=date(2024, 5, 1))
    refer(territory_b, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    refer(territory_b, on=date(2024, 6, 1), taken=date(2024, 6, 2))
    refer(territory_b, on=date(2024, 6, 1), taken=date(2024, 6, 2))
    factories.pap(territory_a, "MFA")
    factories.pap(territory_b, "MFA", components=["outreach"])

    pooled = row(["A", "B"], "sector_pair", "pair:MFA>MSSS", "L2_ESCAPE_RATE_PCT")
    assert summary(pooled) == (20, 5, "not_met")
    a = row(["A"], "sector_pair", "pair:MFA>MSSS", "L2_ESCAPE_RATE_PCT")
    b = row(["B"], "sector_pair", "pair:MFA>MSSS", "L2_ESCAPE_RATE_PCT")
    assert (a.value, a.n, b.value, b.n) == (50, 2, 0, 3)
    assert pooled.value * pooled.n == a.value * a.n + b.value * b.n
    # delay: A 6 days (n 1), B 1 + 1 + 1 (n 3) → (6 + 3) ÷ 4
    delay = row(["A", "B"], "sector_pair", "pair:MFA>MSSS", "L2_HANDOFF_DELAY_DAYS")
    assert summary(delay) == (Fraction(9, 4), 4, "not_met")
    conforming = row(["A", "B"], "sector", "sector:MFA", "L1_SECTORS_CONFORMING")
    assert (conforming.value, conforming.n) == (Fraction(1, 2), 2)
    assert row(["B"], "sector", "sector:MFA", "L1_SECTORS_CONFORMING").value == 0


def test_targets_follow_the_scope(territory_a, territory_b):
    """A overrides the escape target with < 60: alone, A's groups use it (50 % meets it); pooled
    with B, the province's < 10 applies (50 % misses it), except on A's corridors."""
    factories.target("L2_ESCAPE_RATE_PCT", territory_a, "<", Decimal("60"))
    x = factories.corridor(territory_a, code="A-X")
    refer(territory_a, on=date(2024, 5, 1), status="lost", corridor=x)
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2), corridor=x)

    alone = row(["A"], "immigrant", "immigrant:no", "L2_ESCAPE_RATE_PCT")
    assert (alone.value, str(alone.target), alone.status) == (50, "<60", "met")
    pooled = row(["A", "B"], "immigrant", "immigrant:no", "L2_ESCAPE_RATE_PCT")
    assert (pooled.value, str(pooled.target), pooled.status) == (50, "<10", "not_met")
    corridor = row(["A", "B"], "corridor", "corridor:A-X", "L2_ESCAPE_RATE_PCT")
    assert (str(corridor.target), corridor.status) == ("<60", "met")


def test_one_indicator_gives_only_its_dimensions(territory_a):
    found = breakdowns(
        YEAR, as_of=AFTER, territories=["A"], indicator="L2_FORMAL_CORRIDORS_PCT", reveal_small=True
    )
    assert [(b.dimension, b.indicators) for b in found] == [
        ("sector_pair", ["L2_FORMAL_CORRIDORS_PCT"])
    ]
    staffing = breakdowns(
        YEAR, as_of=AFTER, territories=["A"], indicator="L3_TURNOVER_PCT", reveal_small=True
    )
    assert [(b.dimension, b.indicators) for b in staffing] == [("sector", ["L3_TURNOVER_PCT"])]
    assert (
        breakdowns(
            YEAR, as_of=AFTER, territories=["A"], indicator="L6_PAP_SATISFACTION", reveal_small=True
        )
        == []
    )


def _fill(territory, n):
    """Referrals along a corridor and outside, immigrant or not, and a staffed position."""
    x = factories.corridor(territory, code=f"{territory.code}-X")
    for i in range(n):
        f = factories.family(territory, immigrant=bool(i % 2))
        refer(territory, f, on=date(2024, 5, 1 + i), corridor=x, taken=date(2024, 5, 10))
        refer(territory, f, on=date(2024, 6, 1 + i), status="lost", to_sector="MEQ")
    post = factories.pap(territory, "MFA")
    factories.journal_entry(post, "supervision", hours=Decimal("5"))
    factories.pap(territory, "MEQ", ended_on=date(2024, 8, 1))


def test_query_count_does_not_grow_with_territories(db):
    """First read: territories, targets, the territories' versions, their stored tallies
    (none); to gather them, rows kept since the period ended (their loops need no counting
    again), the active corridors, the cohort by corridor, by sector pair and by immigrant
    family (one statement), the framework, the active positions, the journal by sector and kind
    and the assignments by sector; three to store them (whether a later day is kept, the rows,
    forgetting earlier days); then the sectors' names — 15, for 2 or 6 territories; and, since
    one process recomputes at a time, the lock (PostgreSQL), the versions and stored tallies
    read again under it, and its savepoint here (2), inside the test's transaction. Read again:
    none of the gathering, storing or locking is needed — 5."""
    territories = [factories.territory(code) for code in "ABCDEF"]
    for territory in territories:
        _fill(territory, 3)
    counts = []
    for codes in (["A", "B"], list("ABCDEF")):
        for _read in ("first", "again"):
            with CaptureQueriesContext(connection) as queries:
                found = breakdowns(YEAR, as_of=AFTER, territories=codes, reveal_small=True)
            counts.append(len(queries))
            corridors = next(b for b in found if b.dimension == "corridor")
            assert len(corridors.groups) == len(codes) + 1  # a corridor each, and « outside »
    first = 15 + 2 + 2 + (connection.vendor == "postgresql")
    assert counts == [first, 5, first, 5]  # C–F are gathered in the second scope; A, B kept


# Kept tallies


def shown(found):
    return [(b.dimension, g.key, g.label, g.rows) for b in found for g in b.groups]


def test_kept_tallies_pooled_give_what_the_raw_rows_give(db):
    """A and B read from their kept tallies, C gathered now: pooled, the same groups as when
    nothing was kept (every tally then gathered from the raw rows)."""
    for code in "ABC":
        _fill(factories.territory(code), 3)
    breakdowns(YEAR, as_of=AFTER, territories=["A", "B"], reveal_small=True)  # keeps A's and B's
    pooled = breakdowns(YEAR, as_of=AFTER, territories=["A", "B", "C"], reveal_small=True)
    StoredBreakdown.objects.all().delete()
    assert shown(pooled) == shown(
        breakdowns(YEAR, as_of=AFTER, territories=["A", "B", "C"], reveal_small=True)
    )
    assert StoredBreakdown.objects.filter(period=YEAR.key, as_of=AFTER).count() == 3


def test_a_write_or_a_target_shows_at_once(territory_a):
    """Kept tallies follow the territory's data version; targets are read anew every time."""
    family = factories.family(territory_a)
    first = refer(territory_a, family, on=date(2024, 5, 1), taken=date(2024, 5, 4))
    assert summary(row(["A"], "immigrant", "immigrant:no", "L2_HANDOFF_DELAY_DAYS")) == (
        3,
        1,
        "not_met",
    )
    first.taken_in_charge_on = date(2024, 5, 2)  # a delay of one day
    first.save()
    family.immigrant = True
    family.save()
    assert summary(row(["A"], "immigrant", "immigrant:yes", "L2_HANDOFF_DELAY_DAYS")) == (
        1,
        1,
        "met",
    )
    factories.target("L2_HANDOFF_DELAY_DAYS", territory_a, comparison="<=", value=Decimal("0.5"))
    assert row(["A"], "immigrant", "immigrant:yes", "L2_HANDOFF_DELAY_DAYS").status == "not_met"
    assert StoredBreakdown.objects.count() == 1  # one territory, one period, one day


def test_earlier_days_are_forgotten(territory_a):
    _fill(territory_a, 1)
    breakdowns(YEAR, as_of=AFTER, territories=["A"], reveal_small=True)
    breakdowns(YEAR, as_of=date(2025, 6, 2), territories=["A"], reveal_small=True)
    assert list(StoredBreakdown.objects.values_list("as_of", flat=True)) == [date(2025, 6, 2)]


def test_export_rows_and_scope(territory_a, territory_b):
    """One lost referral of an immigrant family on A: escape 100 % (n 1, not met), written like
    the export (2 decimals, a point, untranslated status); scope A, A+B is every territory → QC."""
    immigrant = factories.family(territory_a, immigrant=True)
    refer(territory_a, immigrant, on=date(2024, 5, 1), status="lost")
    found = breakdowns(
        YEAR, as_of=AFTER, territories=["A"], indicator="L2_ESCAPE_RATE_PCT", reveal_small=True
    )
    rows = export_breakdown_rows(found, period=YEAR, territories=["A"])
    assert {
        "scope": "A",
        "period": "2024-2025",
        "dimension": "immigrant",
        "group": "immigrant:yes",
        "indicator": "L2_ESCAPE_RATE_PCT",
        "value": "100.00",
        "target": "<10",
        "status": "not_met",
        "n": "1",
    } in rows
    assert {"group": "immigrant:no", "value": "", "status": "not_applicable", "n": "0"}.items() <= (
        next(r for r in rows if r["group"] == "immigrant:no").items()
    )
    assert scope_label(["a", "B"]) == "QC"
    factories.territory("C")
    assert scope_label(["A", "B"]) == "A+B"


def test_rounding_half_up_in_the_export(territory_a):
    """Corridor X: 3 families, 1 escaped → 33.333… → « 33.33 »; two taken in charge after 1
    and 2 days → 1.5 → « 1.50 »."""
    x = factories.corridor(territory_a, code="A-X")
    refer(territory_a, on=date(2024, 5, 1), status="lost", corridor=x)
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2), corridor=x)
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 3), corridor=x)
    found = breakdowns(YEAR, as_of=AFTER, territories=["A"], reveal_small=True)
    rows = {
        (r["group"], r["indicator"]): r["value"]
        for r in export_breakdown_rows(found, period=YEAR, territories=["A"])
        if r["dimension"] == "corridor"
    }
    assert rows[("corridor:A-X", "L2_ESCAPE_RATE_PCT")] == "33.33"
    assert rows[("corridor:A-X", "L2_HANDOFF_DELAY_DAYS")] == "1.50"


# The include


def test_include_renders_a_table_per_breakdown_with_values_n_and_status(territory_a):
    """Immigrant families: 1 family lost → « 100,0 % », n = 1, target not met; the others:
    1 family taken in charge → « 0,0 % », met. Two groups with a value → a chart of escapes."""
    from django.template.loader import render_to_string

    from dashboards import display
    from dashboards.breakdown_tables import breakdown_tables

    lost = factories.family(territory_a, immigrant=True)
    refer(territory_a, lost, on=date(2024, 5, 1), status="lost")
    refer(territory_a, on=date(2024, 5, 1), taken=date(2024, 5, 2))
    found = breakdown_tables(breakdowns(YEAR, as_of=AFTER, territories=["A"], reveal_small=True))
    html = render_to_string(
        "dashboards/includes/_breakdowns.html",
        {"breakdowns": found, "breakdown_download_query": "periode=2024-2025&territoire=A"},
    )
    for breakdown in found:
        assert str(breakdown.title) in html
        if breakdown.groups:
            assert f'<caption id="{breakdown.dom_id}-caption">' in html
    # No position: the sector breakdown says so instead of drawing an empty table.
    assert '<caption id="ventilation-sector-caption">' not in html
    assert 'href="/indicateurs/ventilations.csv?periode=2024-2025&amp;territoire=A"' in html
    assert 'href="/indicateurs/ventilations.xlsx?periode=2024-2025&amp;territoire=A"' in html
    assert '<th scope="row">' in html and '<th scope="col"' in html
    immigrant = next(b for b in found if b.dimension == "immigrant")
    cells = {line.key: line.cells for line in immigrant.table}
    escape = immigrant.indicators.index("L2_ESCAPE_RATE_PCT")
    yes, no = cells["immigrant:yes"][escape], cells["immigrant:no"][escape]
    assert (yes.value, yes.n, yes.status) == ("100,0\u00a0%", "1", "not_met")
    assert (no.value, no.status) == ("0,0\u00a0%", "met")
    assert str(display.STATUSES["not_met"].label) in html
    assert immigrant.chart is not None and immigrant.chart.dom_id in html
    # A lone group with a value gives no chart: the table says it all.
    sectors = next(b for b in found if b.dimension == "sector")
    assert sectors.groups == [] and sectors.chart is None
