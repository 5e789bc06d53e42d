"""Property tests for what tests/extract/test_quantity.py's examples do not cover: the number reader on any text,
floats written without fixed decimals, the scanner on text made of its own vocabulary, and the verdict rules."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from chitieu.extract.lexicon import load_data
from chitieu.extract.quantity import find_quantities, parse_cell
from chitieu.judge.verdict import EXCEEDED, MET, NOT_AVAILABLE, NOT_MET, judge
from chitieu.numbers import format_number, format_range, parse_number

RANK = {NOT_MET: 0, MET: 1, EXCEEDED: 2}
MIRROR = {"min": "max", "gt": "lt", "max": "min", "lt": "gt", "exact": "exact", "range": "range"}

# Text made of what the scanner looks for: numbers written every way, bound phrases, units, joiners, words.
_bounds = load_data("bounds")
_WORDS = sorted({p for side in ("before", "after") for phrases in _bounds[side].values() for p in phrases}
                | {s for spellings in load_data("units")["units"].values() for s in spellings}
                | set(_bounds["range_joiners"])
                | {"năm", "đạt", "tăng", "giảm", "tỷ lệ", "(", ")", "/", ":", ";", ",", ".", "\n", "\t", "2025", "30a"})
_numbers = st.one_of(
    st.integers(0, 10**9).map(format_number),
    st.floats(0, 10**6, allow_nan=False).map(format_number),
    st.from_regex(r"[0-9][0-9.,]{0,8}", fullmatch=True),
)
_pieces = st.lists(st.one_of(_numbers, st.sampled_from(_WORDS)), max_size=25)
_separators = st.sampled_from(["", " ", "  "])
vocabulary_text = st.tuples(_pieces, _separators).map(lambda parts: parts[1].join(parts[0]))

# Figures as documents write them: at most six decimals. (Below judge's float-noise allowance, 1e-9, a target of 0
# is judged on absolute and a tiny one on relative surplus, so e.g. actual 1e-149 is "met" against 0 but
# "exceeded" against 1e-214: not a case any document has.)
finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 6))


# numbers ---------------------------------------------------------------------------------------------------------


@given(st.one_of(st.text(), st.from_regex(r"[\s0-9.,\-]{0,20}", fullmatch=True)))
def test_parse_number_reads_or_refuses(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert value >= 0 and not math.isnan(value)
    assert all(c.isdigit() or c in ".," for c in text.strip())


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False))
def test_floats_round_trip_to_six_decimals(number):
    written = format_number(number)
    assert "." not in written.partition(",")[2]  # thousands dots only before the decimal comma
    assert parse_number(written) == pytest.approx(number, abs=1e-6, rel=1e-12)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_ranges_round_trip(low, high):
    first, _, second = format_range(low, high).partition(" - ")
    assert parse_number(first) == pytest.approx(low, abs=1e-6)
    assert parse_number(second) == pytest.approx(high, abs=1e-6)


# quantity scanner ------------------------------------------------------------------------------------------------


@given(st.one_of(vocabulary_text, st.text(max_size=300)))
def test_scanner_spans_are_inside_the_text_and_in_order(text):
    previous_end = 0
    for quantity in find_quantities(text):
        assert 0 <= quantity.start <= quantity.number_start < quantity.end <= len(text)
        assert text[quantity.number_start].isdigit()
        assert quantity.number_start >= previous_end, "a quantity starts inside the one before"
        assert quantity.value >= 0 and (quantity.value_max is None or quantity.value_max > quantity.value)
        previous_end = quantity.end


@given(st.one_of(vocabulary_text, st.text(max_size=100)))
def test_parse_cell_never_crashes(cell):
    quantity = parse_cell(cell)
    assert quantity is None or quantity.end <= len(cell.strip())


# verdicts --------------------------------------------------------------------------------------------------------


@given(finite, finite, finite, st.sampled_from(["min", "gt", "exact", "range"]), st.floats(0, 1e6))
def test_up_a_larger_actual_is_never_worse(actual, more, target, bound, width):
    """Direction up (or a "at least" bound): raising the actual never lowers the verdict."""
    target_max = target + width if bound == "range" else None
    low = judge(actual, target, bound, "up", target_max).status
    high = judge(max(actual, more), target, bound, "up", target_max).status
    assert RANK[high] >= RANK[low]


@given(finite, finite, finite, st.sampled_from(["max", "lt", "exact", "range"]), st.floats(0, 1e6))
def test_down_a_smaller_actual_is_never_worse(actual, less, target, bound, width):
    target_max = target + width if bound == "range" else None
    high = judge(actual, target, bound, "down", target_max).status
    low = judge(min(actual, less), target, bound, "down", target_max).status
    assert RANK[low] >= RANK[high]


@given(finite, finite, finite, st.sampled_from(["min", "gt", "exact", "range"]), st.floats(0, 1e6))
def test_up_a_higher_target_is_never_easier(actual, target, higher, bound, width):
    raised = max(target, higher)
    easy = judge(actual, target, bound, "up", target + width if bound == "range" else None).status
    hard = judge(actual, raised, bound, "up", raised + width if bound == "range" else None).status
    assert RANK[hard] <= RANK[easy]


@given(finite, st.floats(0, 1e6), st.floats(0, 1), st.sampled_from(["up", "down", "hold", None]))
def test_inside_a_range_is_met_whatever_the_direction(low, width, share, direction):
    high = low + width
    actual = low + share * width
    assume(low <= actual <= high)
    assert judge(actual, low, "range", direction, high).status == MET
    assert judge(actual, high, "range", direction, low).status == MET  # ends given the other way round


@given(finite, finite, st.sampled_from(list(MIRROR)), st.sampled_from(["up", "down"]), st.floats(0, 1e6))
def test_down_mirrors_up(actual, target, bound, direction, width):
    """Negating actual and target and swapping the bound's side (min<->max, up<->down) keeps the verdict."""
    target_max = target + width if bound == "range" else None
    mirrored_max = -target_max if target_max is not None else None
    other = "down" if direction == "up" else "up"
    assert (judge(actual, target, bound, direction, target_max).status
            == judge(-actual, -target, MIRROR[bound], other, mirrored_max).status)


@given(st.one_of(st.none(), finite), st.one_of(st.none(), finite),
       st.sampled_from(["min", "gt", "max", "lt", "exact", "range", "qualitative"]),
       st.sampled_from(["up", "down", "hold", None]), st.one_of(st.none(), finite))
def test_every_judgement_is_a_known_status(actual, target, bound, direction, target_max):
    decision = judge(actual, target, bound, direction, target_max)
    assert decision.status in (EXCEEDED, MET, NOT_MET, NOT_AVAILABLE)
    if actual is None or target is None or bound == "qualitative":
        assert decision.status == NOT_AVAILABLE
