"""Property tests for the quantity scanner's grammar, built from its own data (tests/reliability/test_properties.py
covers spans, crashes and number round trips): a number written with any unit spelling and any bound phrase reads
back as that value, unit and bound; ranges read as ranges; words around a quantity do not change it."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from chitieu.extract.lexicon import load_data
from chitieu.extract.quantity import find_quantities
from chitieu.numbers import format_number

_units = load_data("units")["units"]
_bounds = load_data("bounds")
SPELLINGS = sorted((spelling, unit) for unit, spellings in _units.items() for spelling in spellings)
BEFORE = sorted((phrase, code) for code, phrases in _bounds["before"].items() for phrase in phrases)
AFTER = sorted((phrase, code) for code, phrases in _bounds["after"].items() for phrase in phrases)
# Words with no digit, bound phrase or unit in them: what an indicator is made of.
NEUTRAL = ["Tỷ lệ hộ dân", "Giá trị sản xuất nông nghiệp", "Chỉ tiêu", "Kim ngạch xuất khẩu hàng hóa"]

values = st.one_of(
    st.integers(0, 10**7).map(float),
    st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False, allow_infinity=False).map(float),
)


def _single(text: str):
    found = find_quantities(text)
    assert len(found) == 1, [(q.value, q.unit, q.bound.value) for q in found]
    return found[0]


@given(values, st.sampled_from(SPELLINGS), st.sampled_from(BEFORE), st.sampled_from(NEUTRAL))
def test_a_bound_before_the_number_is_read_with_value_and_unit(value, spelling, before, lead):
    unit_text, unit = spelling
    phrase, code = before
    quantity = _single(f"{lead} {phrase} {format_number(value)} {unit_text}")
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit
    assert quantity.bound.value == ("min" if phrase == "từ" else code)


@given(values, st.sampled_from(SPELLINGS), st.sampled_from(AFTER))
def test_a_bound_after_the_unit_is_read(value, spelling, after):
    unit_text, unit = spelling
    phrase, code = after
    quantity = _single(f"đạt {format_number(value)} {unit_text} {phrase}")
    assert (quantity.value, quantity.unit, quantity.bound.value) == (pytest.approx(value), unit, code)


@given(values, values, st.sampled_from(SPELLINGS), st.sampled_from(_bounds["range_joiners"]))
def test_two_numbers_joined_are_a_range_whatever_the_joiner(low, high, spelling, joiner):
    assume(low < high)
    assume(not (high.is_integer() and 1900 <= high <= 2100))  # "5 - 2020" is a number and a year
    unit_text, unit = spelling
    quantity = _single(f"từ {format_number(low)} {joiner} {format_number(high)} {unit_text}")
    assert quantity.bound.value == "range"
    assert (quantity.value, quantity.value_max, quantity.unit) == (pytest.approx(low), pytest.approx(high), unit)


@given(values, st.sampled_from(SPELLINGS), st.sampled_from(NEUTRAL), st.sampled_from(NEUTRAL))
def test_words_around_a_quantity_do_not_change_it(value, spelling, lead, tail):
    unit_text, _ = spelling
    written = f"{format_number(value)} {unit_text}"
    alone = _single(written)
    inside = _single(f"{lead} đạt {written}; {tail.lower()}")
    assert (inside.value, inside.value_max, inside.unit, inside.bound) == (
        alone.value,
        alone.value_max,
        alone.unit,
        alone.bound,
    )


@given(st.integers(1900, 2100), st.sampled_from(NEUTRAL))
def test_a_bare_year_is_a_year_and_a_year_with_a_unit_is_not(year, lead):
    assert _single(f"{lead} năm {year}").is_year
    assert not _single(f"{lead} đạt {year} ha").is_year


@given(st.integers(1000, 10**9))
def test_thousands_separators_do_not_change_the_value(number):
    grouped = _single(f"đạt {format_number(number)} tỷ đồng")
    plain = _single(f"đạt {number} tỷ đồng")
    assert grouped.value == plain.value == number
