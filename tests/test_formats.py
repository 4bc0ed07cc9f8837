"""Quebec formats: our formatting functions and filters, and Django's own under fr-ca."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils.translation import override

from territories.formatting import (
    MISSING,
    format_date,
    format_decimal,
    format_integer,
    format_percent,
    round_half_up,
)

NBSP = "\u00a0"


def render(source: str, **context) -> str:
    with override("fr-ca"):
        return Template(source).render(Context(context))


# territories.formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (19.6432, "19,64"),
        (Decimal("19.64"), "19,64"),
        (Decimal("0.625"), "0,63"),
        (0.625, "0,63"),
        (2.675, "2,68"),  # read as 2.675, not as the float just below it
        (Decimal("-0.625"), "-0,63"),
        (Decimal("-0.001"), "0,00"),  # never "-0,00"
        (7, "7,00"),
        (1234567.891, f"1{NBSP}234{NBSP}567,89"),
    ],
)
def test_format_decimal_rounds_half_up_with_a_decimal_comma(value, expected):
    assert format_decimal(value) == expected


def test_format_decimal_takes_the_number_of_places():
    assert format_decimal(Decimal("19.65"), places=1) == "19,7"
    assert format_decimal(Decimal("19.5"), places=0) == "20"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (31.4, f"31,4{NBSP}%"),
        (Decimal("31.45"), f"31,5{NBSP}%"),
        (Decimal("31.44"), f"31,4{NBSP}%"),
        (100, f"100,0{NBSP}%"),
        (0, f"0,0{NBSP}%"),
    ],
)
def test_format_percent_puts_a_non_breaking_space_before_the_sign(value, expected):
    assert format_percent(value) == expected


def test_format_percent_takes_the_number_of_places():
    assert format_percent(Decimal("31.456"), places=2) == f"31,46{NBSP}%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, f"1{NBSP}234{NBSP}567"),
        (160, "160"),
        (1000, f"1{NBSP}000"),
        (Decimal("160.5"), "161"),
        (159.49, "159"),
        (-1234, f"-1{NBSP}234"),
        (0, "0"),
    ],
)
def test_format_integer_groups_thousands_with_non_breaking_spaces(value, expected):
    assert format_integer(value) == expected


@pytest.mark.parametrize("formatter", [format_decimal, format_percent, format_integer, format_date])
def test_missing_value_prints_an_em_dash(formatter):
    assert formatter(None) == MISSING == "—"


def test_not_a_finite_number_prints_the_missing_mark():
    assert format_decimal(float("nan")) == MISSING
    assert format_percent(Decimal("Infinity")) == MISSING


def test_a_boolean_is_not_a_number():
    with pytest.raises(TypeError):
        format_integer(True)


def test_round_half_up_returns_a_decimal():
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert round_half_up(2.5) == Decimal(3)


def test_format_date_is_iso_and_reads_datetimes_in_local_time():
    assert format_date(date(2024, 11, 24)) == "2024-11-24"
    # 2024-11-25 03:30 UTC is still the 24th in Montreal (UTC-5).
    assert format_date(datetime(2024, 11, 25, 3, 30, tzinfo=ZoneInfo("UTC"))) == "2024-11-24"


# Our template filters


def test_quebec_filters_format_numbers_and_dates():
    html = render(
        "{% load quebec %}{{ a|qc_decimal }}|{{ a|qc_decimal:1 }}|{{ p|qc_percent }}|"
        "{{ n|qc_integer }}|{{ d|qc_date }}|{{ missing|qc_decimal }}",
        a=Decimal("19.6432"),
        p=Decimal("31.4"),
        n=1234567,
        d=date(2024, 11, 24),
        missing=None,
    )

    assert html == f"19,64|19,6|31,4{NBSP}%|1{NBSP}234{NBSP}567|2024-11-24|—"


def test_qc_number_formats_by_kind():
    html = render(
        '{% load quebec %}{{ v|qc_number:"integer" }}|{{ v|qc_number:"decimal" }}|'
        '{{ v|qc_number:"percent" }}',
        v=Decimal("160.456"),
    )

    assert html == f"160|160,46|160,5{NBSP}%"


def test_quebec_filters_leave_what_is_not_a_number_unchanged():
    assert render("{% load quebec %}{{ v|qc_decimal }}", v="n/a") == "n/a"
    assert render("{% load quebec %}{{ v|qc_date }}", v="bientôt") == "bientôt"


# Django's own filters under fr-ca (FORMAT_MODULE_PATH = config.formats)


def test_django_date_filter_prints_iso_dates():
    assert render("{{ d|date }}", d=date(2024, 11, 24)) == "2024-11-24"
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2024, 11, 24)) == "2024-11-24"


def test_django_time_filter_prints_13_h_40():
    assert render("{{ t|time }}", t=time(13, 40)) == f"13{NBSP}h{NBSP}40"


def test_morning_times_have_no_leading_zero():
    assert render("{{ t|time }}", t=time(9, 5)) == f"9{NBSP}h{NBSP}05"


def test_django_datetime_localizes_to_quebec_style():
    moment = datetime(2024, 11, 24, 18, 40, tzinfo=ZoneInfo("UTC"))  # 13:40 in Montreal

    assert render("{{ m }}", m=moment) == f"2024-11-24 13{NBSP}h{NBSP}40"


def test_django_floatformat_and_localize_use_the_decimal_comma():
    assert render("{{ v|floatformat:2 }}", v=19.6432) == "19,64"
    assert render("{% load l10n %}{{ v|localize }}", v=Decimal("19.64")) == "19,64"
    assert render("{{ v }}", v=Decimal("19.64")) == "19,64"


def test_django_intcomma_groups_with_non_breaking_spaces():
    assert render("{% load humanize %}{{ v|intcomma }}", v=1234567) == f"1{NBSP}234{NBSP}567"
