"""The family timeline marks exactly the referrals the indicator engine counts as loops."""

from datetime import date

import pytest

from indicators.compute.referral_cohort import flagged_referrals, referral_cohort
from referrals.models import Referral
from referrals.selectors import family_timeline
from tests import factories

pytestmark = pytest.mark.django_db


def test_timeline_loops_are_the_engines_loops(territory_a, settings):
    settings.LOOP_DAYS = 90
    one, two = factories.family(territory_a), factories.family(territory_a)

    def at(family, day, pair, ref, **fields):
        return factories.referral(
            territory_a,
            family=family,
            ref=ref,
            referred_on=day,
            first_contact_on=day,
            from_sector=pair[0],
            to_sector=pair[1],
            **fields,
        )

    at(one, date(2024, 5, 1), ("MFA", "MSSS"), "1A", status="declined")
    at(one, date(2024, 7, 30), ("MSSS", "MFA"), "1B")  # 90 days later: a loop
    at(one, date(2024, 10, 29), ("MFA", "MSSS"), "1C")  # 91 days after 1A, 91 after 1B
    at(one, date(2024, 5, 1), ("MSSS", "MFA"), "1D")  # the same day as 1A: not a loop
    at(two, date(2024, 6, 1), ("MFA", "MEQ"), "2A")
    at(two, date(2024, 6, 20), ("MEQ", "MFA"), "2B")  # a loop
    at(two, date(2024, 6, 25), ("MEQ", "MSSS"), "2C")  # another pair

    marked = {
        e.referral.ref for family in (one, two) for e in family_timeline(family=family) if e.loop
    }
    # The engine's own count, grouped by referral (cohort 2024-2025).
    cohort = referral_cohort(date(2024, 4, 1), date(2025, 3, 31))
    counted = set(
        flagged_referrals(cohort, date(2025, 6, 1))
        .filter(is_loop=True)
        .values_list("ref", flat=True)
    )

    assert marked == {"1B", "2B"}
    assert counted == marked
    assert Referral.objects.count() == 7
