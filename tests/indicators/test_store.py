"""Stored results (DESIGN.md section 10): the engine's numbers, kept per (period, as-of day),
recomputed for the territories a write touched, never shown stale."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from importing.services import import_file
from indicators import store
from indicators.compute import UnknownTerritories, compute
from indicators.export import export_rows
from indicators.freshness import versions_raised_once
from indicators.models import IndicatorTarget, StoredProvinceTally, StoredTally
from indicators.periods import Period
from referrals.models import Referral, ReferralStatus
from surveys.models import Participation
from territories.models import (
    Assignment,
    JournalEntry,
    Position,
    ReferenceFramework,
    SocioHealthProfile,
    Territory,
)
from tests import factories
from tests.importing.helpers import HEADER, referral_lines, write_csv

pytestmark = pytest.mark.django_db(transaction=False)

AS_OF = date(2025, 6, 15)
YEAR = Period.parse("2024-2025")
PERIODS = [Period.parse(key) for key in ("2023-2024", "2024-2025", "2024-2025-T3", "2025-02")]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # load_demo refuses to run in production
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def same_as_engine(period: Period = YEAR, territories=None) -> bool:
    stored = store.results(period, as_of=AS_OF, territories=territories)
    computed = compute(period, as_of=AS_OF, territories=territories)
    return export_rows(stored) == export_rows(computed) and stored.priorities == (
        computed.priorities
    )


def versions() -> dict[str, int]:
    return dict(Territory.objects.values_list("code", "data_version"))


def test_store_gives_the_engines_rows_on_the_demo(demo):
    for period in PERIODS:
        assert same_as_engine(period)
        assert same_as_engine(period)  # read again, from the stored tallies
    assert same_as_engine(YEAR, territories=["B", "d"])


def test_store_keeps_one_tally_per_territory_and_period(demo):
    store.results_for_periods(PERIODS, as_of=AS_OF)
    assert StoredTally.objects.count() == Territory.objects.count() * len(PERIODS)
    assert StoredProvinceTally.objects.count() == len(PERIODS)


def test_second_read_takes_five_queries_whatever_the_territories(demo):
    store.results_for_periods(PERIODS, as_of=AS_OF)
    # territories and versions; stored tallies; stored province rows; profiles; targets
    with CaptureQueriesContext(connection) as first:
        store.results_for_periods(PERIODS, as_of=AS_OF)
    factories.territory("E")
    factories.territory("F")
    store.results_for_periods(PERIODS, as_of=AS_OF)
    with CaptureQueriesContext(connection) as second:
        store.results_for_periods(PERIODS, as_of=AS_OF)
    assert len(first) == len(second) == 5


def test_a_changed_referral_is_shown_at_once_and_only_its_territory_is_recomputed(demo):
    store.results(YEAR, as_of=AS_OF)
    before = versions()
    kept_b = StoredTally.objects.get(period=YEAR.key, as_of=AS_OF, territory__code="B")

    referral = Referral.objects.filter(
        territory__code="A", referred_on__gte=YEAR.start, referred_on__lte=YEAR.end
    ).first()
    referral.status = ReferralStatus.LOST
    referral.taken_in_charge_on = None
    referral.save()

    after = versions()
    assert after["A"] > before["A"]
    assert {code: after[code] for code in "BCD"} == {code: before[code] for code in "BCD"}
    with CaptureQueriesContext(connection) as queries:
        store.results(YEAR, as_of=AS_OF)
    assert same_as_engine()
    cohort_queries = [q["sql"] for q in queries if "referrals_referral" in q["sql"]]
    assert cohort_queries, "the stale territory was not recomputed"
    assert all(str(referral.territory_id) in sql for sql in cohort_queries)
    assert StoredTally.objects.get(pk=kept_b.pk).version == kept_b.version


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda: Referral.objects.filter(territory__code="C").update(
                status=ReferralStatus.LOST, taken_in_charge_on=None
            ),
            id="bulk update of referrals",
        ),
        pytest.param(
            lambda: (
                Referral.objects.filter(territory__code="C")
                .filter(referred_on__gte=YEAR.start)
                .delete()
            ),
            id="bulk delete of referrals",
        ),
        pytest.param(
            lambda: (
                JournalEntry.objects.filter(position__organization__territory__code="C")
                .filter(date__gte=YEAR.start)
                .update(hours=9)
            ),
            id="journal hours",
        ),
        pytest.param(
            lambda: Assignment.objects.filter(position__organization__territory__code="C").update(
                ended_on=date(2024, 9, 30)
            ),
            id="departures",
        ),
        pytest.param(
            lambda: Position.objects.filter(organization__territory__code="C").update(
                populations=[]
            ),
            id="mandates",
        ),
        pytest.param(
            lambda: Participation.objects.filter(campaign__territory__code="C").delete(),
            id="survey participation",
        ),
        pytest.param(
            lambda: SocioHealthProfile.objects.filter(territory__code="C").update(
                reports_per_1000=99
            ),
            id="profile (read anew every time)",
        ),
        pytest.param(
            lambda: IndicatorTarget.objects.filter(indicator="L2_ESCAPE_RATE_PCT").update(value=1),
            id="target (read anew every time)",
        ),
        pytest.param(
            lambda: ReferenceFramework.objects.update_or_create(
                pk=1, defaults={"required_components": ["outreach"]}
            ),
            id="reference framework",
        ),
    ],
)
def test_any_write_is_shown_at_once(demo, write):
    for period in (YEAR, PERIODS[2]):
        store.results(period, as_of=AS_OF)
    write()
    for period in (YEAR, PERIODS[2]):
        assert same_as_engine(period)


def test_an_import_raises_each_touched_territory_once_and_is_shown_at_once(demo, tmp_path):
    store.results(YEAR, as_of=AS_OF)
    before = versions()
    path = write_csv(tmp_path, [HEADER, *referral_lines(60, start=90_000)])  # for A and B

    report = import_file("referrals", path, chunk_size=7)  # nine chunks, dozens of statements

    assert (report.ok, report.created) == (True, 60)
    raised = {code: versions()[code] - before[code] for code in before}
    assert raised["C"] == raised["D"] == 0
    if connection.vendor == "postgresql":  # once per import; SQLite's triggers are per row
        assert raised["A"] == raised["B"] == 1
    else:
        assert raised["A"] >= 1 and raised["B"] >= 1
    assert same_as_engine()


def test_a_refused_import_raises_nothing_and_later_writes_still_do(demo, tmp_path):
    before = versions()
    lines = [HEADER, *referral_lines(30, start=90_000)]
    lines[-1] = lines[-1].replace("MSSS", "MAFIA")
    path = write_csv(tmp_path, lines)

    report = import_file("referrals", path, chunk_size=7)

    assert not report.ok
    assert versions() == before
    Referral.objects.filter(territory__code="C").update(interpreter=True)
    assert versions()["C"] > before["C"]


def test_a_block_that_raises_leaves_nothing_deferred(demo):
    before = versions()
    interpreters = Referral.objects.filter(interpreter=True).count()
    with pytest.raises(RuntimeError):
        with versions_raised_once():
            Referral.objects.filter(territory__code="A").update(interpreter=True)
            raise RuntimeError("stop")
    assert Referral.objects.filter(interpreter=True).count() == interpreters  # rolled back
    assert versions() == before
    Referral.objects.filter(territory__code="B").update(interpreter=True)  # not deferred
    assert versions()["B"] > before["B"]


def test_nested_blocks_raise_once_at_the_end_of_the_outer_one(demo):
    before = versions()
    with versions_raised_once():
        Referral.objects.filter(territory__code="A").update(interpreter=True)
        with versions_raised_once():
            Referral.objects.filter(territory__code="B").update(interpreter=True)
        Referral.objects.filter(territory__code="A").update(consent_language="en")
    raised = {code: versions()[code] - before[code] for code in before}
    if connection.vendor == "postgresql":
        assert raised == {"A": 1, "B": 1, "C": 0, "D": 0}
    else:
        assert raised["A"] >= 1 and raised["B"] >= 1 and raised["C"] == raised["D"] == 0


def test_a_new_territory_appears_at_once(demo):
    store.results(YEAR, as_of=AS_OF)
    factories.referral(factories.territory("E"), referred_on=date(2024, 6, 1))
    results = store.results(YEAR, as_of=AS_OF)
    assert "E" in results.territories
    assert results.get("E", "L2_LOOP_RATE_PCT").n == 1
    assert same_as_engine()


def test_a_new_day_forgets_the_earlier_days(demo):
    store.results(YEAR, as_of=AS_OF)
    store.results(YEAR, as_of=date(2025, 6, 16))
    assert set(StoredTally.objects.values_list("as_of", flat=True)) == {date(2025, 6, 16)}
    assert set(StoredProvinceTally.objects.values_list("as_of", flat=True)) == {date(2025, 6, 16)}


def test_unknown_territories_are_refused_like_the_engine(demo):
    with pytest.raises(UnknownTerritories):
        store.results(YEAR, as_of=AS_OF, territories=["Z"])
