from datetime import date
from fractions import Fraction

import pytest
from django.utils.translation import override

from indicators.periods import InvalidPeriod, Period, covered_periods

# Parsing and bounds


def test_fiscal_year_runs_april_to_march():
    period = Period.parse("2024-2025")

    assert period.kind == "fiscal_year"
    assert (period.start, period.end) == (date(2024, 4, 1), date(2025, 3, 31))


def test_quarter_t1_runs_april_to_june():
    period = Period.parse("2024-2025-T1")

    assert period.kind == "quarter"
    assert (period.start, period.end) == (date(2024, 4, 1), date(2024, 6, 30))


def test_quarter_t3_runs_october_to_december():
    period = Period.parse("2024-2025-T3")

    assert (period.start, period.end) == (date(2024, 10, 1), date(2024, 12, 31))


def test_quarter_t4_runs_january_to_march():
    period = Period.parse("2024-2025-T4")

    assert (period.start, period.end) == (date(2025, 1, 1), date(2025, 3, 31))


def test_month_runs_first_to_last_day():
    period = Period.parse("2024-11")

    assert period.kind == "month"
    assert (period.start, period.end) == (date(2024, 11, 1), date(2024, 11, 30))


def test_february_of_leap_year_ends_on_29th():
    assert Period.parse("2024-02").end == date(2024, 2, 29)


def test_february_of_common_year_ends_on_28th():
    assert Period.parse("2025-02").end == date(2025, 2, 28)


def test_fiscal_year_containing_leap_day_ends_march_31():
    assert Period.parse("2023-2024").end == date(2024, 3, 31)


@pytest.mark.parametrize("key", ["2024-2025", "2024-2025-T3", "2024-11"])
def test_key_and_str_round_trip(key):
    period = Period.parse(key)

    assert period.key == key
    assert str(period) == key


def test_surrounding_whitespace_is_ignored():
    assert Period.parse("  2024-2025-T3 ") == Period.parse("2024-2025-T3")


def test_lowercase_quarter_letter_is_accepted_and_canonicalised():
    assert Period.parse("2024-2025-t3").key == "2024-2025-T3"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "   ",
        "2024",
        "2024-2026",
        "2025-2024",
        "2024-2025-T5",
        "2024-2025-T0",
        "2024-2026-T1",
        "2024-2025-Q3",
        "2024-13",
        "2024-00",
        "2024-1",
        "0000-01",
        "abcd-efgh",
        "2024-2025-T3x",
        "２０２４-１１",
    ],
)
def test_bad_key_raises_invalid_period_naming_it(key):
    with pytest.raises(InvalidPeriod) as excinfo:
        Period.parse(key)

    assert str(key).strip() in str(excinfo.value)
    assert excinfo.value.key == key


def test_bad_key_message_is_french_and_quotes_the_key():
    from django.utils.translation import override

    with override("fr-ca"), pytest.raises(InvalidPeriod) as excinfo:
        Period.parse("2024-13")
    assert "«\xa02024-13\xa0»" in str(excinfo.value)
    assert "n’est pas valide" in str(excinfo.value)


def test_invalid_period_is_a_value_error():
    with pytest.raises(ValueError):
        Period.parse("2024-13")


def test_non_string_key_raises_invalid_period():
    with pytest.raises(InvalidPeriod):
        Period.parse(None)


def test_direct_construction_refuses_bounds_of_no_period():
    with pytest.raises(ValueError):
        Period(start=date(2024, 5, 1), end=date(2024, 7, 31), kind="quarter")


# Description


def test_sizes_in_months_and_quarters():
    sizes = [
        (p.months, p.quarters) for p in map(Period.parse, ["2024-2025", "2024-2025-T2", "2024-08"])
    ]

    assert sizes == [(12, Fraction(4)), (3, Fraction(1)), (1, Fraction(1, 3))]


def test_quarter_number_is_none_outside_quarters():
    assert [p.quarter for p in map(Period.parse, ["2024-2025", "2024-2025-T4", "2024-11"])] == [
        None,
        4,
        None,
    ]


def test_month_in_january_to_march_belongs_to_previous_fiscal_year():
    period = Period.parse("2025-02")

    assert period.fiscal_year == 2024
    assert period.fiscal_year_key == "2024-2025"


def test_month_from_april_belongs_to_fiscal_year_of_its_year():
    assert Period.parse("2024-04").fiscal_year_key == "2024-2025"


def test_fiscal_year_of_a_quarter_is_its_start_year():
    assert Period.parse("2024-2025-T4").fiscal_year == 2024


def test_fiscal_year_label_is_its_key():
    with override("fr-ca"):
        assert Period.parse("2024-2025").label == "2024-2025"


def test_quarter_label_in_french():
    with override("fr-ca"):
        assert Period.parse("2024-2025-T3").label == "T3 2024-2025"


def test_month_label_in_french():
    with override("fr-ca"):
        assert Period.parse("2024-11").label == "novembre 2024"


def test_month_label_in_french_with_accent():
    with override("fr-ca"):
        assert Period.parse("2025-02").label == "février 2025"


def test_periods_are_hashable_and_equal_by_value():
    assert len({Period.parse("2024-11"), Period.parse(" 2024-11"), Period.parse("2024-12")}) == 2


def test_periods_sort_chronologically_shorter_first_on_same_start():
    keys = ["2024-2025", "2024-05", "2024-04", "2023-2024-T4", "2024-2025-T1"]

    assert [p.key for p in sorted(map(Period.parse, keys))] == [
        "2023-2024-T4",
        "2024-04",
        "2024-2025-T1",
        "2024-2025",
        "2024-05",
    ]


# Periods containing a date


def test_fiscal_year_of_date_in_march_is_previous_year():
    assert Period.fiscal_year_of(date(2025, 3, 31)).key == "2024-2025"


def test_fiscal_year_of_date_on_april_first_starts_that_day():
    assert Period.fiscal_year_of(date(2025, 4, 1)).key == "2025-2026"


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2024, 4, 1), "2024-2025-T1"),
        (date(2024, 9, 30), "2024-2025-T2"),
        (date(2024, 12, 31), "2024-2025-T3"),
        (date(2025, 1, 1), "2024-2025-T4"),
        (date(2025, 3, 31), "2024-2025-T4"),
    ],
)
def test_quarter_of_date(day, key):
    assert Period.quarter_of(day).key == key


def test_month_of_date():
    assert Period.month_of(date(2024, 2, 29)).key == "2024-02"


def test_for_fiscal_year_builds_from_start_year():
    assert Period.for_fiscal_year(2024) == Period.parse("2024-2025")


def test_contains_includes_both_ends():
    period = Period.parse("2024-2025-T3")

    assert period.contains(date(2024, 10, 1))
    assert period.contains(date(2024, 12, 31))


def test_contains_excludes_days_outside():
    period = Period.parse("2024-2025-T3")

    assert not period.contains(date(2024, 9, 30))
    assert not period.contains(date(2025, 1, 1))


# Cut at the as-of date


def test_cut_at_mid_period_is_as_of():
    assert Period.parse("2024-2025").cut_at(date(2024, 11, 15)) == date(2024, 11, 15)


def test_cut_at_after_period_is_its_end():
    assert Period.parse("2024-2025").cut_at(date(2025, 6, 1)) == date(2025, 3, 31)


def test_period_is_in_progress_mid_period():
    assert Period.parse("2024-2025").is_in_progress(date(2024, 11, 15))


def test_period_is_in_progress_on_its_first_day():
    assert Period.parse("2024-11").is_in_progress(date(2024, 11, 1))


def test_period_is_not_in_progress_on_its_last_day():
    assert not Period.parse("2024-11").is_in_progress(date(2024, 11, 30))


def test_period_is_not_in_progress_before_it_starts():
    assert not Period.parse("2024-2025").is_in_progress(date(2024, 3, 31))


def test_months_begun_mid_fiscal_year_counts_the_started_month():
    # April to November 2024: 8 months begun.
    assert Period.parse("2024-2025").months_begun(date(2024, 11, 15)) == 8


def test_months_begun_on_first_day_of_a_month_counts_it():
    assert Period.parse("2024-2025").months_begun(date(2024, 5, 1)) == 2


def test_months_begun_before_start_is_zero():
    assert Period.parse("2024-2025").months_begun(date(2024, 3, 31)) == 0


def test_months_begun_of_a_finished_period_is_all_its_months():
    assert Period.parse("2024-2025-T4").months_begun(date(2030, 1, 1)) == 3


def test_quarters_begun_mid_fiscal_year_is_months_begun_over_three():
    assert Period.parse("2024-2025").quarters_begun(date(2024, 11, 15)) == Fraction(8, 3)


def test_quarters_begun_of_a_finished_month_is_one_third():
    assert Period.parse("2024-11").quarters_begun(date(2025, 1, 1)) == Fraction(1, 3)


# Trends and period pickers


def test_previous_quarters_spans_fiscal_year_boundary_oldest_first():
    quarters = Period.parse("2024-2025-T2").previous_quarters(8)

    assert [q.key for q in quarters] == [
        "2022-2023-T3",
        "2022-2023-T4",
        "2023-2024-T1",
        "2023-2024-T2",
        "2023-2024-T3",
        "2023-2024-T4",
        "2024-2025-T1",
        "2024-2025-T2",
    ]


def test_previous_quarters_of_fiscal_year_end_with_its_t4():
    quarters = Period.parse("2024-2025").previous_quarters(8)

    assert (quarters[0].key, quarters[-1].key) == ("2023-2024-T1", "2024-2025-T4")


def test_previous_quarters_of_a_month_end_with_its_quarter():
    assert Period.parse("2025-02").previous_quarters(1) == [Period.parse("2024-2025-T4")]


@pytest.mark.parametrize("key", ["0001-0002", "0001-0002-T1", "0001-04", "0002-01"])
def test_previous_quarters_stop_at_the_first_fiscal_year(key):
    quarters = Period.parse(key).previous_quarters(8)

    assert quarters[0].key == "0001-0002-T1"
    assert all(Period.parse(q.key) == q for q in quarters)  # every one a period users can ask for
    assert quarters[-1] == Period.quarter_of(Period.parse(key).end)


def test_previous_quarters_of_the_first_fiscal_year_are_its_four():
    quarters = Period.parse("0001-0002").previous_quarters(8)

    assert [q.key for q in quarters] == [f"0001-0002-T{n}" for n in range(1, 5)]


def test_covered_periods_over_two_fiscal_years_counts_each_kind():
    periods = covered_periods(first=date(2023, 4, 1), last=date(2025, 3, 31))

    assert [p.kind for p in periods] == ["fiscal_year"] * 2 + ["quarter"] * 8 + ["month"] * 24


def test_covered_periods_are_newest_first_within_each_kind():
    periods = covered_periods(first=date(2023, 4, 1), last=date(2025, 3, 31))

    assert [p.key for p in periods[:3]] == ["2024-2025", "2023-2024", "2024-2025-T4"]
    assert (periods[9].key, periods[10].key, periods[-1].key) == (
        "2023-2024-T1",
        "2025-03",
        "2023-04",
    )


def test_covered_periods_include_partly_overlapping_periods():
    periods = covered_periods(first=date(2025, 3, 31), last=date(2025, 4, 1))

    assert [p.key for p in periods] == [
        "2025-2026",
        "2024-2025",
        "2025-2026-T1",
        "2024-2025-T4",
        "2025-04",
        "2025-03",
    ]


def test_covered_periods_empty_when_first_after_last():
    assert covered_periods(first=date(2025, 1, 2), last=date(2025, 1, 1)) == []
