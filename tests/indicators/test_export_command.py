"""``manage.py export_indicators`` (DESIGN.md section 7) and the registry it lists.

CSV columns ``territory,period,indicator,value,target,status,n``; rows by territory code, then
indicator code, then the QC rows; values rounded half-up to 2 decimals with a decimal point,
empty when suppressed or not applicable; n empty only for the five L5 profile values.
P is the fiscal year 2024-2025 and A 2025-06-01.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from indicators import registry
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ["territory", "period", "indicator", "value", "target", "status", "n"]
CODES = sorted(
    [
        "L1_SECTORS_CONFORMING",
        "L1_MANDATE_OVERLAP_PCT",
        "L1_PRESENTATIONS",
        "L2_HANDOFF_DELAY_DAYS",
        "L2_ESCAPE_RATE_PCT",
        "L2_LOOP_RATE_PCT",
        "L2_FORMAL_CORRIDORS_PCT",
        "L3_TURNOVER_PCT",
        "L3_SUPERVISION_HOURS_PER_PAP_MONTH",
        "L4_PROJECTS",
        "L4_FAMILY_SATISFACTION",
        "L5_SCREENINGS",
        "L5_REPORTS_PER_1000",
        "L5_OUT_OF_NETWORK_PCT",
        "L5_VULNERABLE_PCT",
        "L5_IMMIGRANT_FAMILIES_PCT",
        "L5_ADAPTED_CORRIDORS",
        "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER",
        "L6_PAP_SATISFACTION",
    ]
)
PROFILE_CODES = {
    "L5_SCREENINGS",
    "L5_REPORTS_PER_1000",
    "L5_OUT_OF_NETWORK_PCT",
    "L5_VULNERABLE_PCT",
    "L5_IMMIGRANT_FAMILIES_PCT",
}
STATUSES = {"met", "not_met", "no_target", "suppressed", "not_applicable"}
BASE = ["--period", "2024-2025", "--as-of", "2025-06-01"]


def export(*arguments):
    """The exported CSV as a header and a list of row dicts."""
    out = io.StringIO()
    call_command("export_indicators", *BASE, *arguments, stdout=out)
    return parse(out.getvalue())


def parse(text):
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = lines[0], [line for line in lines[1:] if line]
    return header, [dict(zip(header, line, strict=True)) for line in body]


def cell(rows, territory, indicator, column="value"):
    (found,) = [r for r in rows if r["territory"] == territory and r["indicator"] == indicator]
    return found[column]


@pytest.fixture
def sample(territory_a, territory_b):
    """A: 1 PAP with 7.5 h of supervision (7.5 ÷ 1 ÷ 12 = 0.625); one referral taken in charge
    in 2 days; 3 families of which 2 lost (100 × 2 ÷ 3 = 66.67); 3 presentations.
    B: 1 presentation, nothing else."""
    position = factories.pap(territory_a)
    factories.journal_entry(position, "supervision", date=date(2024, 5, 1), hours=Decimal("7.5"))
    for day in (1, 2, 3):
        factories.journal_entry(position, "presentation_intra", date=date(2024, 6, day))
    factories.journal_entry(factories.pap(territory_b), "presentation_inter")
    factories.referral(
        territory_a,
        first_contact_on=date(2024, 5, 1),
        referred_on=date(2024, 5, 1),
        taken_in_charge_on=date(2024, 5, 3),
    )
    for _ in range(2):
        factories.referral(territory_a, referred_on=date(2024, 5, 1), status="lost")
    return territory_a, territory_b


# Registry


def test_registry_declares_the_19_indicators_of_the_design():
    """19 codes, each with its lever (the digit after L) and its French and English names."""
    assert sorted(definition.code for definition in registry.INDICATORS) == CODES
    for definition in registry.INDICATORS:
        assert definition.lever == int(definition.code[1])
        assert definition.name_fr and definition.name_en
        assert registry.get(definition.code) is definition


def test_registry_default_targets():
    """≤ 2 delay, < 10 escape, ≥ 4 both satisfactions; no default target elsewhere."""
    targets = {d.code: d.default_target for d in registry.INDICATORS if d.default_target}
    assert {code: str(target) for code, target in targets.items()} == {
        "L2_HANDOFF_DELAY_DAYS": "<=2",
        "L2_ESCAPE_RATE_PCT": "<10",
        "L4_FAMILY_SATISFACTION": ">=4",
        "L6_PAP_SATISFACTION": ">=4",
    }


# CSV layout


def test_header_names_the_columns_in_order(sample):
    """territory,period,indicator,value,target,status,n."""
    header, _rows = export()
    assert header == HEADER


def test_rows_are_by_territory_code_then_indicator_code_then_qc(sample):
    """Territories A, B (by code) × 19 indicators (by code), then the 19 QC rows."""
    factories.territory("AA")  # sorts between A and B
    _header, rows = export()
    assert [(r["territory"], r["indicator"]) for r in rows] == [
        (territory, code) for territory in ("A", "AA", "B", "QC") for code in CODES
    ]


def test_period_column_is_the_period_key(sample):
    """Every row says 2024-2025."""
    _header, rows = export()
    assert {r["period"] for r in rows} == {"2024-2025"}


def test_value_is_rounded_half_up(sample):
    """7.5 h ÷ 1 PAP ÷ 12 months = 0.625 exactly → "0.63"."""
    _header, rows = export()
    assert cell(rows, "A", "L3_SUPERVISION_HOURS_PER_PAP_MONTH") == "0.63"


def test_repeating_value_is_rounded_to_2_decimals(sample):
    """3 families, 2 lost → 200/3 → "66.67"."""
    _header, rows = export()
    assert cell(rows, "A", "L2_ESCAPE_RATE_PCT") == "66.67"


def test_whole_value_prints_2_decimals(sample):
    """One delay of 2 days → 2 → "2.00" (rounded to 2 decimals, with a decimal point)."""
    _header, rows = export()
    assert cell(rows, "A", "L2_HANDOFF_DELAY_DAYS") == "2.00"


def test_count_prints_2_decimals(sample):
    """3 presentations → "3.00"; QC 3 + 1 → "4.00"."""
    _header, rows = export()
    assert cell(rows, "A", "L1_PRESENTATIONS") == "3.00"
    assert cell(rows, "QC", "L1_PRESENTATIONS") == "4.00"


def test_not_applicable_value_is_empty_with_its_n(sample):
    """A has one position: no pair → value empty, status not_applicable, n "0"."""
    _header, rows = export()
    found = [r for r in rows if (r["territory"], r["indicator"]) == ("A", "L1_MANDATE_OVERLAP_PCT")]
    assert [(r["value"], r["status"], r["n"]) for r in found] == [("", "not_applicable", "0")]


def test_suppressed_value_is_empty_with_its_n(sample):
    """A: 2 PAP answers → value empty, status suppressed, n "2"."""
    territory_a, _territory_b = sample
    factories.survey_answers(territory_a, [5, 4])
    _header, rows = export()
    found = [r for r in rows if (r["territory"], r["indicator"]) == ("A", "L6_PAP_SATISFACTION")]
    assert [(r["value"], r["status"], r["n"]) for r in found] == [("", "suppressed", "2")]


def test_targets_print_as_comparison_and_number(sample):
    """<=2, <10, >=4, >=4 on their four indicators; empty elsewhere; the same for QC."""
    _header, rows = export()
    expected = {
        "L2_HANDOFF_DELAY_DAYS": "<=2",
        "L2_ESCAPE_RATE_PCT": "<10",
        "L4_FAMILY_SATISFACTION": ">=4",
        "L6_PAP_SATISFACTION": ">=4",
    }
    for r in rows:
        assert r["target"] == expected.get(r["indicator"], ""), r


def test_status_is_met_for_a_value_on_a_less_or_equal_target(sample):
    """Delay 2 against <=2 → met; escape 66.67 against <10 → not_met."""
    _header, rows = export()
    assert cell(rows, "A", "L2_HANDOFF_DELAY_DAYS", "status") == "met"
    assert cell(rows, "A", "L2_ESCAPE_RATE_PCT", "status") == "not_met"


def test_statuses_are_the_untranslated_codes(sample):
    """Every status is one of met, not_met, no_target, suppressed, not_applicable."""
    _header, rows = export()
    assert {r["status"] for r in rows} <= STATUSES


def test_n_is_empty_only_for_the_five_profile_values(sample):
    """n is an integer everywhere but L5_SCREENINGS … L5_IMMIGRANT_FAMILIES_PCT (empty)."""
    _header, rows = export()
    for r in rows:
        if r["indicator"] in PROFILE_CODES:
            assert r["n"] == "", r
        else:
            assert r["n"].isdigit(), r


def test_n_values_of_territory_a(sample):
    """A: supervision n 1 PAP; delay n 1; escape n 3 families; presentations n 3."""
    _header, rows = export()
    got = {code: cell(rows, "A", code, "n") for code in CODES if code not in PROFILE_CODES}
    assert got["L3_SUPERVISION_HOURS_PER_PAP_MONTH"] == "1"
    assert got["L2_HANDOFF_DELAY_DAYS"] == "1"
    assert got["L2_ESCAPE_RATE_PCT"] == "3"
    assert got["L1_PRESENTATIONS"] == "3"


# Options


def test_territory_option_selects_rows_and_qc_still_covers_everything(sample):
    """--territory B: B's 19 rows then QC's 19; QC presentations still A 3 + B 1 → 4.00."""
    _header, rows = export("--territory", "B")
    assert [(r["territory"], r["indicator"]) for r in rows] == [
        (territory, code) for territory in ("B", "QC") for code in CODES
    ]
    assert cell(rows, "QC", "L1_PRESENTATIONS") == "4.00"


def test_territory_option_takes_several_codes_and_sorts_them(sample):
    """--territory B A → A, then B, then QC."""
    _header, rows = export("--territory", "B", "A")
    assert [r["territory"] for r in rows[:: len(CODES)]] == ["A", "B", "QC"]


def test_output_option_writes_the_csv_to_a_file(sample, tmp_path):
    """--output FILE: the file holds the same CSV as standard output."""
    target = tmp_path / "indicateurs.csv"
    out = io.StringIO()
    call_command("export_indicators", *BASE, "--output", str(target), stdout=out)
    assert parse(target.read_text(encoding="utf-8-sig")) == export()


def test_xlsx_format_is_readable_with_openpyxl(sample, tmp_path):
    """--format xlsx --output FILE: header, then 3 × 19 rows in the CSV's order."""
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "indicateurs.xlsx"
    call_command("export_indicators", *BASE, "--format", "xlsx", "--output", str(target))
    sheet = openpyxl.load_workbook(target).active
    values = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert [(line[0], line[2]) for line in values[1:]] == [
        (territory, code) for territory in ("A", "B", "QC") for code in CODES
    ]


def test_xlsx_rounds_like_the_csv(sample, tmp_path):
    """The 0.625 value reads 0.63 in the workbook (as text or as a number)."""
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "indicateurs.xlsx"
    call_command("export_indicators", *BASE, "--format", "xlsx", "--output", str(target))
    sheet = openpyxl.load_workbook(target).active
    (value,) = [
        line[3]
        for line in sheet.iter_rows(values_only=True)
        if line[0] == "A" and line[2] == "L3_SUPERVISION_HOURS_PER_PAP_MONTH"
    ]
    assert Decimal(str(value)) == Decimal("0.63")


# Bad arguments: exit status 2, a French message, nothing written


BAD_ARGUMENTS = pytest.mark.parametrize(
    "arguments",
    [
        ["--period", "2024-2026"],
        ["--period", "2024-2025", "--territory", "ZZ"],
        ["--period", "2024-2025", "--as-of", "2025-13-01"],
        ["--period", "2024-2025", "--format", "pdf"],
    ],
    ids=["bad-period", "unknown-territory", "bad-date", "bad-format"],
)


def refusal(arguments, **options):
    with pytest.raises(CommandError) as raised:
        call_command("export_indicators", *arguments, **options)
    return raised.value


@BAD_ARGUMENTS
def test_bad_argument_exits_2_and_writes_nothing(sample, tmp_path, arguments):
    """A bad period, an unknown territory, an impossible date, an unknown format
    → CommandError with returncode 2, no output file, nothing on standard output."""
    target = tmp_path / "out.csv"
    out = io.StringIO()
    error = refusal([*arguments, "--output", str(target)], stdout=out)
    assert error.returncode == 2
    assert not target.exists()
    assert out.getvalue() == ""


@BAD_ARGUMENTS
def test_bad_argument_message_is_in_french(sample, arguments):
    """The message in the default language (fr-ca) is translated: it differs from the message
    given under English (DESIGN.md sections 2 and 11)."""
    french = str(refusal(arguments, stdout=io.StringIO()))
    with translation.override("en"):
        english = str(refusal(arguments, stdout=io.StringIO()))
    assert french != english, french
