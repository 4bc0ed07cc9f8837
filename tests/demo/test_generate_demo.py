"""``manage.py generate_demo``: the large benchmark data set, small here (6 territories)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from demo import data
from referrals.models import Corridor, Family, Referral, ReferralStatus
from surveys.models import Channel, Response
from territories.models import (
    Assignment,
    JournalEntry,
    Organization,
    Position,
    Project,
    SocioHealthProfile,
    Territory,
    User,
)

pytestmark = pytest.mark.django_db

TERRITORIES = 6
REFERRALS = 2000
USERNAMES = [user.username for user in data.USERS]


@pytest.fixture(autouse=True)
def development(settings):
    settings.DEBUG = True


def generate(*, territories: int = TERRITORIES, referrals: int = REFERRALS, seed: int = 7) -> str:
    out = StringIO()
    call_command(
        "generate_demo",
        territories=territories,
        referrals=referrals,
        seed=seed,
        stdout=out,
    )
    return out.getvalue()


def referral_rows() -> list[tuple]:
    return list(
        Referral.objects.order_by("territory__code", "ref").values_list(
            "territory__code",
            "ref",
            "family__code_hash",
            "family__immigrant",
            "from_sector",
            "to_sector",
            "corridor__code",
            "first_contact_on",
            "referred_on",
            "taken_in_charge_on",
            "status",
            "closed_on",
            "consent",
            "consent_language",
            "interpreter",
        )
    )


def test_same_seed_gives_the_same_rows_and_another_seed_differs():
    generate(seed=7)
    first = referral_rows()
    first_journal = sorted(JournalEntry.objects.values_list("position__code", "date", "kind"))

    generate(seed=7)

    assert referral_rows() == first
    assert sorted(JournalEntry.objects.values_list("position__code", "date", "kind")) == (
        first_journal
    )

    generate(seed=8)

    assert referral_rows() != first


def test_counts_are_as_asked_and_the_summary_says_so():
    output = generate()

    assert Territory.objects.count() == TERRITORIES
    assert Referral.objects.count() == REFERRALS
    assert set(Territory.objects.values_list("code", flat=True)) == {"A", "B", "C", "D"} | {
        "T005",
        "T006",
    }
    assert str(REFERRALS) in output
    assert set(User.objects.filter(username__in=USERNAMES).values_list("username", flat=True)) == (
        set(USERNAMES)
    )
    # Every territory has referrals, and families have about 1.6 referrals each.
    assert Referral.objects.values("territory").distinct().count() == TERRITORIES
    assert 1.3 < REFERRALS / Family.objects.count() < 2.0
    for model in (Organization, Position, Assignment, JournalEntry, Project, Corridor):
        assert model.objects.exists(), model


def test_report_territories_keep_the_reports_profile_and_structure():
    generate()

    for spec in data.TERRITORIES:
        territory = Territory.objects.get(code=spec.code)
        assert (territory.milieu, territory.region_id) == (spec.milieu, spec.region)
    profiles = {
        profile.territory.code: (
            profile.screenings_agir_tot,
            profile.reports_per_1000,
            profile.out_of_network_pct,
            profile.vulnerable_eqdem_pct,
        )
        for profile in SocioHealthProfile.objects.filter(
            fiscal_year=2023, territory__code__in=data.TERRITORY_CODES
        ).select_related("territory")
    }
    assert profiles == data.REPORT_PROFILES_2023
    report = SocioHealthProfile.objects.filter(
        fiscal_year=2023, territory__code__in=data.TERRITORY_CODES
    )
    assert not report.filter(illustrative=True).exists()
    assert not report.exclude(immigrant_families_pct=None).exists()
    assert set(
        Position.objects.filter(organization__territory__code__in="ABCD").values_list(
            "code", flat=True
        )
    ) == {spec.code for spec in data.POSITIONS}
    # Generated territories have both fiscal years' profiles, marked illustrative.
    generated = SocioHealthProfile.objects.exclude(territory__code__in=data.TERRITORY_CODES)
    assert set(generated.values_list("fiscal_year", flat=True)) == set(data.FISCAL_YEARS)
    assert not generated.filter(illustrative=False).exists()


def test_rows_follow_the_models_rules():
    generate()

    referrals = Referral.objects.select_related("family", "corridor")
    for referral in referrals.order_by("id")[::40]:
        referral.full_clean()
    assert not Referral.objects.exclude(family__territory=F("territory")).exists()
    assert (
        not Referral.objects.filter(corridor__isnull=False)
        .exclude(
            corridor__territory=F("territory"),
            corridor__from_sector=F("from_sector"),
            corridor__to_sector=F("to_sector"),
        )
        .exists()
    )
    assert not Referral.objects.exclude(
        referred_on__gte=data.DEMO_START, referred_on__lte=data.DEMO_END
    ).exists()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(ReferralStatus.values)
    assert Referral.objects.filter(corridor__isnull=False).exists()
    assert Family.objects.filter(immigrant=True).exists()
    for entry in JournalEntry.objects.order_by("id")[::25]:
        entry.full_clean()
    assert set(Response.objects.values_list("kind", flat=True)) == {"pap", "family"}
    assert not Response.objects.exclude(channel=Channel.PAPER).exists()
    assert not Response.objects.filter(campaign__isnull=False).exists()
    for model in (Position, Corridor, Project, SocioHealthProfile, Assignment):
        for row in model.objects.all():
            row.full_clean()


def test_refuses_when_debug_is_off_and_writes_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        generate()

    assert not Territory.objects.exists()


def test_refuses_fewer_than_four_territories():
    with pytest.raises(CommandError, match="4"):
        generate(territories=3)

    assert not Territory.objects.exists()
