"""``manage.py load_demo``: the report's territories A–D, deterministic and idempotent."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from referrals.models import Corridor, Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from surveys.models import Campaign, Participation, Response
from territories.models import (
    Assignment,
    JournalEntry,
    Organization,
    Position,
    Project,
    Region,
    Sector,
    SocioHealthProfile,
    Territory,
    User,
)

pytestmark = pytest.mark.django_db

DEMO_MODELS = (
    Territory,
    Organization,
    Position,
    Assignment,
    JournalEntry,
    Project,
    SocioHealthProfile,
    Corridor,
    Family,
    Referral,
    Campaign,
    Participation,
    Response,
    User,
)
USERNAMES = ("admin", "conseiller", "coordination-a", "coordination-b", "pap-a")


@pytest.fixture(autouse=True)
def development(settings):
    settings.DEBUG = True
    # The command hashes the password once; a fast hasher keeps the logins below quick too.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def referral_rows() -> list[tuple]:
    return sorted(
        Referral.objects.values_list(
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


def other_rows() -> list[list[tuple]]:
    return [
        sorted(JournalEntry.objects.values_list("position__code", "date", "kind", "hours")),
        sorted(
            Assignment.objects.values_list(
                "position__code", "person", "user__username", "started_on", "ended_on"
            )
        ),
        sorted(
            Response.objects.values_list(
                "kind", "territory__code", "project__code", "channel", "submitted_on", "overall"
            )
        ),
        sorted(Campaign.objects.values_list("kind", "name", "opens_on", "closes_on")),
    ]


def test_load_demo_twice_gives_the_same_rows():
    load_demo()
    first_counts, first_referrals, first_others = counts(), referral_rows(), other_rows()

    load_demo()

    assert counts() == first_counts
    assert referral_rows() == first_referrals
    assert other_rows() == first_others


def test_load_demo_refuses_when_debug_is_off_and_writes_nothing(settings):
    settings.DEBUG = False
    before = counts()

    with pytest.raises(CommandError):
        load_demo()

    assert counts() == before
    assert not Territory.objects.exists()
    assert not User.objects.filter(username__in=USERNAMES).exists()


def test_load_demo_keeps_other_territories():
    other = Territory.objects.create(
        code="E", name="Territoire E", milieu="rural", region=Region.objects.get(code="02")
    )
    Organization.objects.create(
        code="E-MFA", name="Maison de la famille", territory=other, sector_id="MFA"
    )

    load_demo()
    load_demo()

    assert Organization.objects.filter(territory=other).count() == 1


def test_territories_are_the_reports():
    load_demo()

    assert dict(Territory.objects.values_list("code", "milieu")) == {
        "A": "mixte",
        "B": "rural",
        "C": "urbain",
        "D": "urbain",
    }
    for start, end in (
        (date(2023, 4, 1), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2025, 3, 31)),
    ):
        active = Position.objects.active_during(start, end)
        sectors = {
            code: set(
                active.filter(organization__territory__code=code).values_list(
                    "organization__sector", flat=True
                )
            )
            for code in "ABCD"
        }
        assert sectors == {
            "A": {"MFA", "MSSS"},
            "B": {"MFA", "MSSS", "MEQ"},
            "C": {"MFA", "MEQ", "MIFI"},
            "D": {"MFA", "MSSS", "MEQ"},
        }
        pap_counts = [active.filter(organization__territory__code=code).count() for code in "ABCD"]
        assert pap_counts == [2, 3, 3, 3], (start, pap_counts)
    assert not Position.objects.filter(organization__sector__has_pap=False).exists()


def test_profiles_2023_are_the_reports_table():
    load_demo()

    profiles = {
        profile.territory.code: (
            profile.screenings_agir_tot,
            profile.reports_per_1000,
            profile.out_of_network_pct,
            profile.vulnerable_eqdem_pct,
            profile.immigrant_families_pct,
            profile.illustrative,
        )
        for profile in SocioHealthProfile.objects.filter(fiscal_year=2023).select_related(
            "territory"
        )
    }
    assert profiles == {
        "A": (160, Decimal("6.01"), Decimal("29.7"), Decimal("29.5"), None, False),
        "B": (303, Decimal("19.64"), Decimal("30.6"), Decimal("32.0"), None, False),
        "C": (301, Decimal("6.44"), Decimal("31.4"), Decimal("34.3"), None, False),
        "D": (385, Decimal("4.79"), Decimal("26.5"), Decimal("28.9"), None, False),
    }
    assert not SocioHealthProfile.objects.filter(territory__isnull=True, fiscal_year=2023).exists()


def test_profiles_2024_are_marked_illustrative():
    load_demo()

    profiles = SocioHealthProfile.objects.filter(fiscal_year=2024, territory__isnull=False)

    assert profiles.count() == 4
    assert all(profile.illustrative for profile in profiles)
    assert all(profile.immigrant_families_pct is not None for profile in profiles)
    highest = profiles.order_by("-immigrant_families_pct").first()
    assert highest.territory.code == "C"


def test_every_referral_satisfies_the_model_rules():
    load_demo()

    referrals = list(Referral.objects.select_related("territory", "corridor", "family"))
    for referral in referrals[::10]:
        referral.full_clean()
    for referral in referrals:
        if "-RECENT-" in referral.ref:  # the watch list's, dated from today (below)
            continue
        assert referral.first_contact_on <= referral.referred_on <= date(2025, 3, 31)
        taken = referral.status == ReferralStatus.TAKEN_IN_CHARGE
        assert taken == (referral.taken_in_charge_on is not None)
        if referral.corridor is not None:
            assert referral.corridor.territory_id == referral.territory_id
            assert (referral.corridor.from_sector_id, referral.corridor.to_sector_id) == (
                referral.from_sector_id,
                referral.to_sector_id,
            )
    for code in "ABCD":
        for start, end in (
            (date(2023, 4, 1), date(2024, 3, 31)),
            (date(2024, 4, 1), date(2025, 3, 31)),
        ):
            in_year = Referral.objects.filter(territory__code=code, referred_on__range=(start, end))
            assert 40 <= in_year.count() <= 90


def test_corridors_follow_the_report():
    load_demo()

    b_corridors = Corridor.objects.filter(territory__code="B")
    assert not any("child_protection" in corridor.priorities for corridor in b_corridors)
    c_immigration = [
        corridor
        for corridor in Corridor.objects.filter(territory__code="C")
        if "immigration" in corridor.priorities
    ]
    assert c_immigration
    assert not any(corridor.is_formal for corridor in c_immigration)


def test_demo_users_log_in_with_the_given_password(client):
    load_demo("--password", "autre-mot-de-passe")

    for username in USERNAMES:
        assert client.login(username=username, password="autre-mot-de-passe"), username
        client.logout()
    assert not client.login(username="admin", password="arrimage-demo")
    coordination_a = User.objects.get(username="coordination-a")
    assert set(coordination_a.territories.values_list("code", flat=True)) == {"A"}
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="conseiller").sector == Sector.objects.get(code="MFA")
    pap_a = User.objects.get(username="pap-a")
    assert pap_a.assignments.get(ended_on__isnull=True).position.code == "A-MFA-1"


def test_rerun_resets_the_demo_users():
    load_demo()
    coordination_a = User.objects.get(username="coordination-a")
    coordination_a.territories.clear()
    coordination_a.set_password("changed")
    coordination_a.save()

    load_demo()

    coordination_a.refresh_from_db()
    assert coordination_a.check_password("arrimage-demo")
    assert set(coordination_a.territories.values_list("code", flat=True)) == {"A"}


def test_families_store_only_the_code_hash():
    load_demo()

    assert Family.objects.filter(
        territory__code="A", code_hash=hash_family_code("A-2023-001")
    ).exists()
    for row in Family.objects.values():
        for value in row.values():
            text = str(value)
            assert "A-2023" not in text
            assert "-2023-" not in text and "-2024-" not in text


def test_summary_lists_the_logins():
    output = load_demo()

    for username in USERNAMES:
        assert username in output


def test_help_can_be_printed():
    parser = load_command_class("demo", "load_demo").create_parser("manage.py", "load_demo")

    assert "--password" in parser.format_help()


def test_the_watch_list_has_referrals_whatever_the_day():
    from django.utils import timezone

    from referrals.selectors import watch_list

    load_demo()

    coordinator = User.objects.get(username="coordination-a")
    today = timezone.localdate()
    listed = [
        (r.ref, r.days_waiting)
        for r in watch_list(user=coordinator, today=today)
        if "-RECENT-" in r.ref
    ]
    assert listed == [
        ("A-RECENT-04", 27),
        ("A-RECENT-03", 22),
        ("A-RECENT-02", 10),
        ("A-RECENT-01", 3),
    ]
    coordinator_b = User.objects.get(username="coordination-b")
    listed_b = [r.ref for r in watch_list(user=coordinator_b, today=today) if "-RECENT-" in r.ref]
    assert listed_b == ["B-RECENT-08", "B-RECENT-07", "B-RECENT-05"]
