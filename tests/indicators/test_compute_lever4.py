"""Lever 4 — supported projects and family satisfaction (DESIGN.md section 6), by hand.

P is the fiscal year 2024-2025 (2024-04-01 … 2025-03-31) and A 2025-06-01 unless a test says
otherwise. Family answers here are paper answers or one-time codes: one respondent each.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from indicators.compute import compute
from indicators.models import IndicatorTarget
from indicators.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
AFTER = date(2025, 6, 1)


def row(code, territory="A", key=YEAR, as_of=AFTER):
    return compute(Period.parse(key), as_of=as_of, territories=None).get(territory, code)


def family_answers(project, scores, **fields):
    return factories.survey_answers(
        project.territory, scores, kind="family", project=project, **fields
    )


# L4_PROJECTS


def test_projects_count_supported_projects_active_during_the_period(territory_a, territory_b):
    """Supported: ongoing ✓, ended on P.start ✓, started on P.end ✓, ended the day before P ✗,
    started the day after P ✗; unsupported ongoing ✗; B's supported ✗ → 3; n 3."""
    factories.project(territory_a, supported=True)
    factories.project(territory_a, supported=True, ended_on=date(2024, 4, 1))
    factories.project(territory_a, supported=True, started_on=date(2025, 3, 31))
    factories.project(territory_a, supported=True, ended_on=date(2024, 3, 31))
    factories.project(territory_a, supported=True, started_on=date(2025, 4, 1))
    factories.project(territory_a, supported=False)
    factories.project(territory_b, supported=True)
    result = row("L4_PROJECTS")
    assert (result.value, result.n, result.status) == (3, 3, "no_target")


def test_projects_none_is_zero(territory_a):
    """Only an unsupported project → 0; n 0; a count is never not_applicable."""
    factories.project(territory_a, supported=False)
    result = row("L4_PROJECTS")
    assert (result.value, result.n, result.status) == (0, 0, "no_target")


def test_projects_started_after_as_of_are_not_counted(territory_a):
    """A = 2024-11-15: started on A ✓, the day after ✗ → 1; n 1."""
    factories.project(territory_a, supported=True, started_on=date(2024, 11, 15))
    factories.project(territory_a, supported=True, started_on=date(2024, 11, 16))
    result = row("L4_PROJECTS", as_of=date(2024, 11, 15))
    assert (result.value, result.n) == (1, 1)


# L4_FAMILY_SATISFACTION


def test_family_satisfaction_is_the_mean_of_family_answers_in_the_period(territory_a, territory_b):
    """A's project: 5, 4, 3, 3 in P → 15/4; n 4; left out: a PAP answer, family answers on
    2024-03-31 and 2025-04-01, B's project's answers. 15/4 < 4 → not_met."""
    mine = factories.project(territory_a)
    family_answers(mine, [5, 4, 3, 3])
    factories.survey_answers(territory_a, [1], kind="pap")
    family_answers(mine, [1], submitted_on=date(2024, 3, 31))
    family_answers(mine, [1], submitted_on=date(2025, 4, 1))
    family_answers(factories.project(territory_b), [1, 1, 1])
    result = row("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n, result.status) == (Fraction(15, 4), 4, "not_met")
    assert str(result.target) == ">=4"


def test_family_answers_without_a_project_are_left_out(territory_a):
    """Section 6 counts family answers "for projects of T": 4, 4, 4 for A's project ✓; a
    paper family answer of A with no project ✗ → 4; n 3."""
    family_answers(factories.project(territory_a), [4, 4, 4])
    factories.survey_answers(territory_a, [1], kind="family")
    result = row("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n) == (4, 3)


def test_province_wide_target_on_an_indicator_without_default(territory_a):
    """A province-wide target ≥ 2 set on L4_PROJECTS (the seeded row, if any, updated):
    A has 2 supported projects → met ">=2"; the QC row (2) is met too."""
    IndicatorTarget.objects.update_or_create(
        indicator="L4_PROJECTS", territory=None, defaults={"comparison": ">=", "value": Decimal(2)}
    )
    factories.project(territory_a, supported=True)
    factories.project(territory_a, supported=True)
    table = compute(Period.parse(YEAR), as_of=AFTER, territories=None)
    a, qc = table.get("A", "L4_PROJECTS"), table.get("QC", "L4_PROJECTS")
    assert (a.value, a.status, str(a.target)) == (2, "met", ">=2")
    assert (qc.value, qc.status) == (2, "met")


def test_family_satisfaction_exactly_on_its_target_meets_it(territory_a):
    """5, 4, 3 → 4; target ≥ 4 → met; n 3."""
    family_answers(factories.project(territory_a), [5, 4, 3])
    result = row("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n, result.status) == (4, 3, "met")


def test_family_satisfaction_just_below_its_target_misses_it(territory_a):
    """4, 4, 3 → 11/3 < 4 → not_met; n 3."""
    family_answers(factories.project(territory_a), [4, 4, 3])
    result = row("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n, result.status) == (Fraction(11, 3), 3, "not_met")


def test_family_satisfaction_pools_the_projects_of_the_territory(territory_a):
    """Project 1: 5, 5; project 2: 2, 2 → 14/4 = 7/2; n 4."""
    family_answers(factories.project(territory_a), [5, 5])
    family_answers(factories.project(territory_a), [2, 2])
    result = row("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n) == (Fraction(7, 2), 4)


def test_family_answers_with_one_time_codes_count_one_respondent_each(territory_a):
    """Three one-time-code answers 5, 5, 4 → 3 respondents (shown) → 14/3; n 3."""
    family_answers(factories.project(territory_a), [5, 5, 4], channel="code")
    result = row("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n, result.status) == (Fraction(14, 3), 3, "met")


def test_family_satisfaction_leaves_out_answers_after_as_of(territory_a):
    """A = 2024-11-15: 4, 4, 4 on A ✓; 1 the day after ✗ → 4; n 3."""
    mine = factories.project(territory_a)
    family_answers(mine, [4, 4, 4], submitted_on=date(2024, 11, 15))
    family_answers(mine, [1], submitted_on=date(2024, 11, 16))
    result = row("L4_FAMILY_SATISFACTION", as_of=date(2024, 11, 15))
    assert (result.value, result.n) == (4, 3)


def test_family_satisfaction_without_answers_is_not_applicable(territory_a):
    """No family answer → not_applicable, n 0."""
    factories.project(territory_a)
    result = row("L4_FAMILY_SATISFACTION")
    assert (result.value, result.n, result.status) == (None, 0, "not_applicable")
