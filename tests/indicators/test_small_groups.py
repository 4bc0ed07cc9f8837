"""Small groups of the breakdowns (issue 16): a referral group of fewer than MIN_CELL_SIZE
families is hidden from those who may not see family-level data, and one more group when a
total would reveal a lone hidden one. Worked out by hand from the referrals each test writes."""

from datetime import date

import pytest

from demo.builder import load_demo
from indicators.breakdowns import breakdowns
from indicators.breakdowns.privacy import FAMILY_INDICATORS
from indicators.compute import SUPPRESSED
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = Period.parse("2024-2025")
AFTER = date(2025, 6, 1)


def families(territory, count, *, frm, to, immigrant=False, corridor=None):
    for _n in range(count):
        factories.referral(
            territory,
            family=factories.family(territory, immigrant=immigrant),
            from_sector=frm,
            to_sector=to,
            corridor=corridor,
            referred_on=date(2024, 5, 1),
            first_contact_on=date(2024, 5, 1),
            taken_in_charge_on=date(2024, 5, 4),
        )


@pytest.fixture
def pairs(territory_a):
    """MFA → MSSS: 5 families (2 immigrant); MSSS → MFA: 1; MEQ → MFA: 4."""
    families(territory_a, 3, frm="MFA", to="MSSS")
    families(territory_a, 2, frm="MFA", to="MSSS", immigrant=True)
    families(territory_a, 1, frm="MSSS", to="MFA")
    families(territory_a, 4, frm="MEQ", to="MFA")


def hidden(found, dimension) -> dict[str, bool]:
    breakdown = next(b for b in found if b.dimension == dimension)
    return {
        group.key: all(group.rows[c].status == SUPPRESSED for c in FAMILY_INDICATORS)
        for group in breakdown.groups
    }


def test_a_lone_small_group_hides_the_next_smallest_too(pairs):
    found = breakdowns(YEAR, as_of=AFTER, territories=["A"])
    # MSSS → MFA has 1 family (< 3); alone, it would be the total less the others: MEQ → MFA
    # (4 families, the smallest other) is hidden with it; MFA → MSSS (5) stays.
    assert hidden(found, "sector_pair") == {
        "pair:MEQ>MFA": True,
        "pair:MFA>MSSS": False,
        "pair:MSSS>MFA": True,
    }
    # 2 immigrant families (< 3): both groups go, or the territory's value would give it.
    assert hidden(found, "immigrant") == {"immigrant:yes": True, "immigrant:no": True}
    pair = next(b for b in found if b.dimension == "sector_pair")
    small = next(g for g in pair.groups if g.key == "pair:MSSS>MFA")
    delay = small.rows["L2_HANDOFF_DELAY_DAYS"]
    assert (delay.value, delay.n) == (None, 1)  # the value hidden, its n kept
    formal = small.rows["L2_FORMAL_CORRIDORS_PCT"]
    assert formal.status != SUPPRESSED  # about corridors, not families


def test_coordinators_see_every_group(pairs):
    found = breakdowns(YEAR, as_of=AFTER, territories=["A"], reveal_small=True)
    assert not any(hidden(found, "sector_pair").values())
    pair = next(b for b in found if b.dimension == "sector_pair")
    small = next(g for g in pair.groups if g.key == "pair:MSSS>MFA")
    assert (small.rows["L2_HANDOFF_DELAY_DAYS"].value, small.families) == (3, 1)


def test_two_small_groups_hide_each_other(territory_a):
    families(territory_a, 2, frm="MFA", to="MSSS")
    families(territory_a, 1, frm="MSSS", to="MFA")
    families(territory_a, 6, frm="MEQ", to="MFA")
    found = breakdowns(YEAR, as_of=AFTER, territories=["A"])
    assert hidden(found, "sector_pair") == {
        "pair:MEQ>MFA": False,
        "pair:MFA>MSSS": True,
        "pair:MSSS>MFA": True,
    }


def test_the_advisor_pages_and_downloads_hide_them(client, pairs, conseiller, coordination_a):
    client.force_login(conseiller)
    csv = client.get("/indicateurs/ventilations.csv?periode=2024-2025").content.decode("utf-8-sig")
    line = next(x for x in csv.splitlines() if "MSSS → MFA" in x and "Délai" in x)
    assert ";x;" in line
    client.force_login(coordination_a)
    csv = client.get("/indicateurs/ventilations.csv?periode=2024-2025").content.decode("utf-8-sig")
    line = next(x for x in csv.splitlines() if "MSSS → MFA" in x and "Délai" in x)
    assert ";3,00;" in line


def test_the_demo_shows_advisors_no_group_of_one_or_two_families(db):
    """The demo's 2023-2024 province breakdowns held 28 rows with n ≤ 2 for advisors."""
    load_demo()
    for reveal in (True, False):
        found = breakdowns(
            Period.parse("2023-2024"),
            as_of=date(2026, 12, 4),
            territories=["A", "B", "C", "D"],
            reveal_small=reveal,
        )
        small = [
            (group.key, code)
            for breakdown in found
            for group in breakdown.groups
            if group.families is not None and 0 < group.families < 3
            for code in FAMILY_INDICATORS
            if code in group.rows and group.rows[code].status != SUPPRESSED
        ]
        assert bool(small) == reveal  # coordinators see them, advisors none


def test_two_groups_of_one_family_hide_a_third(territory_a):
    """1 + 1 families hidden: the total less the shown group would give both; the next
    smallest goes too, until the hidden ones hold 3 families."""
    families(territory_a, 1, frm="MFA", to="MSSS")
    families(territory_a, 1, frm="MSSS", to="MFA")
    families(territory_a, 4, frm="MEQ", to="MFA")
    families(territory_a, 6, frm="MEQ", to="MSSS")
    found = breakdowns(YEAR, as_of=AFTER, territories=["A"])
    assert hidden(found, "sector_pair") == {
        "pair:MEQ>MFA": True,
        "pair:MEQ>MSSS": False,
        "pair:MFA>MSSS": True,
        "pair:MSSS>MFA": True,
    }


def test_a_territorys_small_share_of_a_pooled_group_is_hidden(territory_a, territory_b):
    """A brings MFA → MSSS 5 families, B 1: pooled (6 families) the group would show, and
    compared with A alone it would give B's family away — hidden."""
    families(territory_a, 5, frm="MFA", to="MSSS")
    families(territory_a, 5, frm="MEQ", to="MFA")
    families(territory_b, 1, frm="MFA", to="MSSS")
    families(territory_b, 4, frm="MEQ", to="MFA")
    pooled = breakdowns(YEAR, as_of=AFTER, territories=["A", "B"])
    assert hidden(pooled, "sector_pair")["pair:MFA>MSSS"] is True
    alone = breakdowns(YEAR, as_of=AFTER, territories=["A"])
    assert hidden(alone, "sector_pair")["pair:MFA>MSSS"] is False


def test_a_pair_less_its_corridors_shown_gives_no_hidden_corridor_away(territory_a):
    """MFA → MSSS holds 8 families, all along corridors C1 (2) and C2 (6); MEQ → MFA holds C3
    (3) and 10 along no corridor. Among corridors, C1 (2) is small and C3, the smallest other,
    goes with it. C2 would stay, and the pair's 8 families less C2's 6 would be C1's 2: C2
    goes too. The pair's row (8) is not small and stays; so does « none » (10)."""
    c1 = factories.corridor(territory_a, "MFA", "MSSS", code="A-C1")
    c2 = factories.corridor(territory_a, "MFA", "MSSS", code="A-C2")
    c3 = factories.corridor(territory_a, "MEQ", "MFA", code="A-C3")
    families(territory_a, 2, frm="MFA", to="MSSS", corridor=c1)
    families(territory_a, 6, frm="MFA", to="MSSS", corridor=c2)
    families(territory_a, 3, frm="MEQ", to="MFA", corridor=c3)
    families(territory_a, 10, frm="MEQ", to="MFA")
    found = breakdowns(YEAR, as_of=AFTER, territories=["A"])
    assert hidden(found, "corridor") == {
        "corridor:A-C1": True,
        "corridor:A-C2": True,
        "corridor:A-C3": True,
        "none": False,
    }
    assert hidden(found, "sector_pair") == {"pair:MEQ>MFA": False, "pair:MFA>MSSS": False}


def test_a_pair_with_enough_beyond_its_corridors_shown_keeps_them(territory_a):
    """The same, with 3 more MFA → MSSS families along no corridor: the pair less C2 is
    C1's 2 and those 3 — 5 families, none of them readable: C2 stays."""
    c1 = factories.corridor(territory_a, "MFA", "MSSS", code="A-C1")
    c2 = factories.corridor(territory_a, "MFA", "MSSS", code="A-C2")
    c3 = factories.corridor(territory_a, "MEQ", "MFA", code="A-C3")
    families(territory_a, 2, frm="MFA", to="MSSS", corridor=c1)
    families(territory_a, 6, frm="MFA", to="MSSS", corridor=c2)
    families(territory_a, 3, frm="MFA", to="MSSS")
    families(territory_a, 3, frm="MEQ", to="MFA", corridor=c3)
    families(territory_a, 10, frm="MEQ", to="MFA")
    found = breakdowns(YEAR, as_of=AFTER, territories=["A"])
    assert hidden(found, "corridor")["corridor:A-C2"] is False
    assert hidden(found, "corridor")["corridor:A-C1"] is True
