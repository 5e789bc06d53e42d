"""The Vietnamese quantity grammar: value, range, bound and unit around a number.

A small scanner: it finds number tokens, then reads around each one with anchored patterns built from
``data/bounds.yaml`` and ``data/units.yaml``. The rules:

    quantity  := [before-bound] number [unit] ["/" number] [joiner number [unit]] [after-bound]
    number    := "1.100" | "6,5" | "05" | "98.5"            (see chitieu.numbers)
    bound     := a "before" phrase ("trên", "từ", "≥") or an "after" phrase ("trở lên"), which may also stand
                 a few words after the unit ("80% tổ chức cơ sở đảng trở lên") when no other number or
                 "từ" comes between; "từ X" with no range and no "trở lên" is a minimum.
    range     := two numbers joined by "-", "–", "đến": bound "range" whatever the phrases say.
    year      := a bare whole number from 1900 to 2100 with no unit is a year, not a quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from chitieu.extract.item import Bound
from chitieu.extract.lexicon import alternation, load_data, normalize_unit
from chitieu.numbers import NUMBER_PATTERN, parse_number

_NUMBER = re.compile(rf"(?<![\w.,/])(?:{NUMBER_PATTERN})(?!\d|[.,]\d)")


@dataclass(slots=True, frozen=True)
class Quantity:
    """A number with what surrounds it, as found in ``text[start:end]``."""

    start: int  # where the quantity starts, bound phrase included
    end: int
    number_start: int  # where the first number starts
    value: float
    value_max: float | None
    bound: Bound
    unit: str | None
    unit_text: str | None
    of: float | None  # the "15.000" of "17.619/15.000 ha": a result over its target
    before: str | None  # the bound phrase written before, as written
    after: str | None  # the bound phrase written after, as written

    @property
    def is_year(self) -> bool:
        return self.unit is None and _is_year(self.value) and (self.value_max is None or _is_year(self.value_max))

    @property
    def has_unit(self) -> bool:
        return self.unit is not None


def _is_year(value: float | None) -> bool:
    return value is not None and value.is_integer() and 1900 <= value <= 2100


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    bounds = load_data("bounds")
    units = load_data("units")["units"]
    before = [p for phrases in bounds["before"].values() for p in phrases]
    after = [p for phrases in bounds["after"].values() for p in phrases]
    unit_alt = alternation([spelling for spellings in units.values() for spelling in spellings])
    joiners = alternation(bounds["range_joiners"])
    return {
        "before": re.compile(rf"(?:^|(?<=[\s(:;,\"“]))(?P<p>{alternation(before)})\s*$", re.IGNORECASE),
        "unit": re.compile(rf"\s?(?P<u>{unit_alt})(?![\w])", re.IGNORECASE),
        "of": re.compile(rf"\s*/\s*(?P<n>{NUMBER_PATTERN})(?![\w]|[.,]\d)"),
        "range": re.compile(rf"\s*(?P<j>{joiners})\s*(?P<n>{NUMBER_PATTERN})(?![\w]|[.,]\d)", re.IGNORECASE),
        "after": re.compile(rf"\s*(?P<a>{alternation(after)})(?![\w])", re.IGNORECASE),
        "after_far": re.compile(
            rf"(?P<gap>[^\d;:.,()]{{1,45}}?)(?<![\w])(?P<a>{alternation(after)})(?![\w])", re.IGNORECASE
        ),
        "tu": re.compile(rf"(?<![\w])(?:{alternation(bounds['range_opener'])})(?![\w])", re.IGNORECASE),
    }


@cache
def _bound_of_phrase() -> dict[str, Bound]:
    bounds = load_data("bounds")
    table: dict[str, Bound] = {}
    for side in ("before", "after"):
        for code, phrases in bounds[side].items():
            for phrase in phrases:
                table[" ".join(phrase.lower().split())] = Bound(code)
    return table


def _bound(phrase: str | None) -> Bound | None:
    if not phrase:
        return None
    return _bound_of_phrase().get(" ".join(phrase.lower().split()))


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order; years and numbers inside a range are not separate quantities."""
    patterns = _patterns()
    found: list[Quantity] = []
    position = 0
    for match in _NUMBER.finditer(text):
        if match.start() < position:
            continue
        quantity = _read_quantity(text, match, patterns)
        if quantity is None:
            continue
        found.append(quantity)
        position = quantity.end
    return found


def _read_quantity(text: str, match: re.Match[str], patterns: dict[str, re.Pattern[str]]) -> Quantity | None:
    value = parse_number(match.group())
    end = match.end()
    unit_text: str | None = None
    value_max: float | None = None
    of: float | None = None
    unit_match = patterns["unit"].match(text, end)
    if unit_match:
        unit_text, end = unit_match.group("u"), unit_match.end()
    elif end < len(text) and text[end].isalpha():
        return None  # part of a name such as "30a"
    of_match = patterns["of"].match(text, end)
    if of_match:
        of = parse_number(of_match.group("n"))
        end = of_match.end()
        unit_match = patterns["unit"].match(text, end)
        if unit_match:
            unit_text, end = unit_match.group("u"), unit_match.end()
    else:
        range_match = patterns["range"].match(text, end)
        if range_match:
            second = parse_number(range_match.group("n"))
            if second > value and not (_is_year(second) and not _is_year(value)):
                value_max, end = second, range_match.end()
                unit_match = patterns["unit"].match(text, end)
                if unit_match:
                    unit_text, end = unit_match.group("u"), unit_match.end()
    start = match.start()
    before_match = patterns["before"].search(text, max(0, start - 24), start)
    before = before_match.group("p") if before_match else None
    if before_match:
        start = before_match.start("p")
    after: str | None = None
    after_match = patterns["after"].match(text, end)
    if after_match:
        after, end = after_match.group("a"), after_match.end()
    else:
        far = patterns["after_far"].match(text, end)
        if far and not patterns["tu"].search(far.group("gap")):
            after = far.group("a")
    bound = _decide_bound(before, after, value_max is not None)
    return Quantity(
        start, end, match.start(), value, value_max, bound, normalize_unit(unit_text), unit_text, of, before, after
    )


def _decide_bound(before: str | None, after: str | None, is_range: bool) -> Bound:
    if is_range:
        return Bound.RANGE
    before_bound = _bound(before)
    after_bound = _bound(after)
    if before_bound in (Bound.GT, Bound.LT, Bound.MAX) or (
        before_bound is Bound.MIN and before and before.lower() != "từ"
    ):
        return before_bound
    if after_bound is not None:
        return after_bound
    if before_bound is Bound.MIN:  # a lone "từ X"
        return Bound.MIN
    return Bound.EXACT


def parse_cell(cell: str) -> Quantity | None:
    """Read a table cell that holds one quantity ("6,5 - 7,0", ">39", "≤17", "108 (100%)"), else None."""
    stripped = cell.strip()
    if not stripped:
        return None
    quantities = [q for q in find_quantities(stripped) if not (q.is_year and q.start > 0)]
    if not quantities:
        return None
    first = quantities[0]
    before = stripped[: first.start].strip(" :")
    if before in _MINUS and first.value_max is None and first.of is None:
        return replace(first, start=0, value=-first.value)  # "-4,13%": a fall
    if before:
        return None  # words before the number: not a plain value cell
    return first


_MINUS = ("-", "−")
