"""``manage.py generate_demo``: a large, deterministic data set for benchmarks (DESIGN.md §10).

The data set holds the report's territories A–D as ``load_demo`` makes them (their real
2023-2024 profile, organizations, positions, corridors, projects) and N − 4 generated territories
``T005``, ``T006``… (:mod:`~demo.scale_structure`, :mod:`~demo.scale_positions`); every
territory then gets two fiscal years of journal entries and paper survey answers
(:mod:`~demo.scale_activity`), and the M referrals are spread over
the territories with their families (:mod:`~demo.scale_referrals`). The five demo
users are created as by ``load_demo``, so the pages can be browsed on the large set.

It first deletes every territory and everything on them, then writes in one transaction. The
big tables go through COPY on PostgreSQL (:mod:`~demo.bulk`). Same arguments, same
rows: each territory draws from a generator seeded with the seed and its code.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction

from demo import data
from demo.builder import create_report_structure
from demo.bulk import RowWriter
from demo.scale_activity import write_activity
from demo.scale_plans import report_plans
from demo.scale_referrals import write_referrals
from demo.scale_structure import generated_plans
from referrals.models import Corridor, Family, Referral
from surveys.models import Campaign, Participation, Response
from territories.models import (
    Assignment,
    JournalEntry,
    Organization,
    Position,
    Project,
    Sector,
    SocioHealthProfile,
    Territory,
    User,
)

MIN_TERRITORIES = len(data.TERRITORY_CODES)

# Children first: most links are PROTECT. The first four are emptied with TRUNCATE on
# PostgreSQL (a million rows); the others are small.
BIG_MODELS = (Referral, Family, JournalEntry, Response)
SMALL_MODELS = (
    Participation,
    Campaign,
    Corridor,
    Assignment,
    Position,
    Project,
    SocioHealthProfile,
    Organization,
    Territory,
)
COUNTED_MODELS = (
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
    Response,
)


@dataclass(frozen=True)
class ScaleSummary:
    """What was written: a row count per model (plural name), and how long it took."""

    counts: dict[str, int]
    seconds: float


def generate_demo(
    *, territories: int, referrals: int, seed: int, password: str = data.DEFAULT_PASSWORD
) -> ScaleSummary:
    """Delete every territory's data, then write the data set; return its counts."""
    if territories < MIN_TERRITORIES:
        raise ValueError(f"territories must be at least {MIN_TERRITORIES}")
    if referrals < 0:
        raise ValueError("referrals cannot be negative")
    started = time.perf_counter()
    with transaction.atomic():
        delete_territory_data()
        writer = RowWriter()
        sectors = {sector.code: sector for sector in Sector.objects.all()}
        report = create_report_structure(password=password, sectors=sectors)
        plans = report_plans(report, seed=seed)
        plans += generated_plans(count=territories - MIN_TERRITORIES, seed=seed)
        write_activity(writer, plans, seed=seed)
        write_referrals(writer, plans, total=referrals, seed=seed)
        writer.finish()
        writer.analyze()
    return ScaleSummary(counts=counts(), seconds=time.perf_counter() - started)


def delete_territory_data() -> None:
    """Delete every territory and everything recorded on them (users and sectors stay)."""
    big = BIG_MODELS
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in BIG_MODELS)
        with connection.cursor() as cursor:
            # TRUNCATE refuses while deferred foreign-key checks of rows written earlier in the
            # transaction are pending: run them now. The rows written below are checked as
            # they come (families are written before their referrals).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # CASCADE: whatever else points at these rows goes too (a destructive reset).
            cursor.execute(f"TRUNCATE {tables} CASCADE")
        big = ()
    for model in (*big, *SMALL_MODELS):
        model.objects.all().delete()


def counts() -> dict[str, int]:
    """Rows of each model of the data set, and the demo users."""
    result = {
        str(model._meta.verbose_name_plural): model.objects.count() for model in COUNTED_MODELS
    }
    users = User.objects.filter(username__in=[user.username for user in data.USERS]).count()
    result[str(User._meta.verbose_name_plural)] = users
    return result
