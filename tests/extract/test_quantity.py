from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from chitieu.extract.quantity import find_quantities, parse_cell
from chitieu.numbers import format_number, parse_number

CASES = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "quantity" / "cases.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_quantity_cases(case):
    found = find_quantities(case["text"])
    assert len(found) == len(case["expect"]), [(q.value, q.unit) for q in found]
    for quantity, expected in zip(found, case["expect"], strict=True):
        assert quantity.value == pytest.approx(expected["value"])
        assert quantity.value_max == (pytest.approx(expected["value_max"]) if "value_max" in expected else None)
        assert quantity.bound.value == expected["bound"]
        assert quantity.unit == expected.get("unit")
        assert quantity.of == expected.get("of")
        assert quantity.is_year == expected.get("year", False)


@pytest.mark.parametrize(
    ("cell", "value", "value_max", "bound"),
    [
        (">39", 39, None, "gt"),
        ("≤17", 17, None, "max"),
        ("2 - 2,5", 2, 2.5, "range"),
        ("108 (100%)", 108, None, "exact"),
        ("> 98", 98, None, "gt"),
        ("6.500", 6500, None, "exact"),
    ],
)
def test_table_cells(cell, value, value_max, bound):
    quantity = parse_cell(cell)
    assert quantity is not None
    assert (quantity.value, quantity.value_max, quantity.bound.value) == (value, value_max, bound)


@pytest.mark.parametrize("cell", ["", "-", "giảm cả 3 tiêu chí", "Vượt"])
def test_cells_without_a_value(cell):
    assert parse_cell(cell) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_round_trip(number):
    assert parse_number(format_number(number)) == number


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(number):
    assert parse_number(format_number(float(number), decimals=2)) == pytest.approx(float(number))


@given(st.text(max_size=200))
def test_scanner_never_crashes(text):
    for quantity in find_quantities(text):
        assert 0 <= quantity.start <= quantity.number_start < quantity.end <= len(text)
