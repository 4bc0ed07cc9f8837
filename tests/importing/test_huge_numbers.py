"""A huge number in a cell is refused with a French message, quickly, never a 500: 1e400
cannot be rounded, and turning 1e1000000 into an int takes seconds of CPU."""

from decimal import Decimal

import pytest

from importing.cells import decimal, integer
from importing.problems import CellError


@pytest.mark.parametrize("text", ["1e400", "1e30", "1e1000000", "-1e300000"])
def test_decimal_and_integer_cells_refuse_huge_numbers(text):
    for parse in (decimal(2), integer(0, 100, "hors bornes")):
        with pytest.raises(CellError) as refused:
            parse(text)
        assert "trop grand" in str(refused.value)


def test_large_but_plausible_numbers_still_parse():
    assert decimal(2)("123456789012345,678") == Decimal("123456789012345.68")
    assert integer(0, 10**16)("9999999999999999") == 9999999999999999
