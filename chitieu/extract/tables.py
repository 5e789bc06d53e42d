"""Appendix tables: one row gives a result of the last term and a target of the next.

Rows are read from the unit column rightwards, since leading empty cells vary from row to row. With a
comparison column the values are [target, result, comparison, next target]; without one, [target, result,
next target]. Cells are read literally ("80" is exact even where the prose says "trở lên"); a cell of words
is a qualitative value. A row without values opens a group; its "- " rows are parts of it (breakdown)
unless they open with an indicator word of their own. A header row tells the terms apart
("nhiệm kỳ 2015 - 2020" for results, the later one for targets) and whether a comparison column exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chitieu.extract.context import Terms, decide_direction, decide_period
from chitieu.extract.item import Bound, Item, Kind, Verdict
from chitieu.extract.lexicon import fold, load_data, normalize_unit, words_in
from chitieu.extract.prose import starts_indicator
from chitieu.extract.quantity import parse_cell
from chitieu.intake.document import Block, Table

_TERM = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_ROW_NUMBER = re.compile(r"^(?:[IVXLC]+|\d{1,3}(?:\.\d{1,2})*|[a-zđ])[.)]?$")


@dataclass(slots=True)
class Layout:
    has_comparison: bool = True
    has_result: bool = True
    result_term: tuple[int, int] | None = None
    target_term: tuple[int, int] | None = None


def _read_header(rows: list[Block], terms: Terms) -> tuple[Layout, int]:
    """The header rows' facts and how many rows they take."""
    columns = load_data("sections")["table_columns"]
    layout = Layout(has_comparison=False, has_result=False)
    count = 0
    pairs: list[tuple[int, int]] = []
    after_result: set[tuple[int, int]] = set()  # terms named in a column right of the result column
    for row in rows:
        cells = [c for c in row.cells or [] if c]
        if any(parse_cell(c) is not None and not _TERM.search(c) for c in cells[1:]):
            break
        joined = " ".join(cells)
        if not joined:
            count += 1
            continue
        count += 1
        if words_in(joined, columns["verdict"]):
            layout.has_comparison = True
        if words_in(joined, columns["result"]):
            layout.has_result = True
        result_at = next((i for i, cell in enumerate(cells) if words_in(cell, columns["result"])), None)
        for index, cell in enumerate(cells):
            for m in _TERM.finditer(cell):
                pairs.append((int(m.group(1)), int(m.group(2))))
                if result_at is not None and index > result_at:
                    after_result.add(pairs[-1])
    if pairs and len(set(pairs)) == 1 and pairs[0] in after_result:
        # Only the next term is named ("Mục tiêu nhiệm kỳ 2020-2025" after the result): results are the term before.
        start, end = pairs[0]
        layout.result_term, layout.target_term = (2 * start - end, start), pairs[0]
    elif pairs:
        layout.result_term = min(pairs)
        layout.target_term = max(pairs) if max(pairs) != min(pairs) else None
    if layout.result_term and not layout.target_term:
        layout.target_term = (terms.start, terms.end) if layout.result_term[1] <= terms.start else None
    return layout, count


def _is_verdict(cell: str) -> Verdict | None:
    cells = load_data("verdicts")["cells"]
    key = fold(cell).replace(".", ". ").replace("  ", " ").strip()
    compact = key.replace(" ", "").replace(".", "")
    for code in ("not_met", "exceeded", "met"):
        for word in cells[code]:
            if compact == fold(word).replace(" ", "").replace(".", ""):
                return Verdict(code)
    return None


def _unit(cell: str, indicator: str) -> str | None:
    units = load_data("units")
    table_units = units["table_units"]
    for written, spec in table_units.items():
        if fold(written) == fold(cell):
            if "per_person" in spec and words_in(indicator, units["per_person_words"]):
                return spec["per_person"]
            return spec["default"]
    return normalize_unit(cell)


def table_items(table: Table, doc: str, terms: Terms, section: str) -> list[Item]:
    """Results and targets of an appendix-like table; nothing for a table without values."""
    layout, skip = _read_header(table.rows, terms)
    items: list[Item] = []
    group: str | None = None
    subgroup: str | None = None  # the indicator that "+" rows break down further
    for row in table.rows[skip:]:
        if _read_header([row], terms)[1] and _is_header_again(row):
            layout_again, _ = _read_header([row], terms)
            layout.has_comparison = layout_again.has_comparison or layout.has_comparison
            continue
        cells = list(row.cells or [])
        while cells and (not cells[0] or _ROW_NUMBER.match(cells[0])):
            cells.pop(0)
        if not cells:
            continue
        label = cells[0]
        rest = cells[1:]
        while rest and not rest[-1]:
            rest.pop()
        if not rest:
            group = _indicator_text(label)
            continue
        unit_cell = rest[0] if rest and parse_cell(rest[0]) is None and not _is_verdict(rest[0]) else ""
        values = rest[1:] if unit_cell or (rest and not rest[0]) else rest
        indicator_text = _indicator_text(label)
        is_part = label.lstrip().startswith(("-", "+")) or not starts_indicator(indicator_text)
        sub_part = label.lstrip().startswith("+") and subgroup is not None
        if sub_part:
            indicator, breakdown = subgroup or "", indicator_text
        elif group and is_part and starts_indicator(group) and not starts_indicator(indicator_text):
            indicator, breakdown = group, indicator_text
        else:
            indicator, breakdown = indicator_text, None
            if (
                re.search(r"trong\s+đó", label, re.IGNORECASE) and not label.lstrip().startswith("-")
            ) or not label.lstrip().startswith(("-", "+")):
                group = indicator_text
        if not label.lstrip().startswith("+"):
            subgroup = indicator
        unit = _unit(unit_cell, f"{indicator} {label}") if unit_cell else None
        items.extend(_row_items(row, values, layout, doc, indicator, breakdown, unit, terms, section, label))
    return items


def _is_header_again(row: Block) -> bool:
    columns = load_data("sections")["table_columns"]
    joined = " ".join(c for c in row.cells or [] if c)
    return words_in(joined, columns["unit"]) or words_in(joined, columns["result"])


def _indicator_text(label: str) -> str:
    text = re.sub(r"\s*(?:trong\s+đó|chia ra)\s*:?\s*$", "", label.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^(?:trong\s+đó\s*:?\s*)", "", text, flags=re.IGNORECASE)
    return text.strip(" -+:").strip()


def _row_items(
    row: Block,
    values: list[str],
    layout: Layout,
    doc: str,
    indicator: str,
    breakdown: str | None,
    unit: str | None,
    terms: Terms,
    section: str,
    label: str,
) -> list[Item]:
    target_cell = result_cell = compare_cell = next_cell = ""
    if not layout.has_result:
        next_cell = next((v for v in reversed(values) if v), "")
    elif len(values) >= 4:
        target_cell, result_cell, compare_cell, next_cell = values[:4]
    elif len(values) == 3:
        if _is_verdict(values[2]) or (layout.has_comparison and values[2] in ("-", "")):
            target_cell, result_cell, compare_cell = values
        else:
            target_cell, result_cell, next_cell = values
    elif len(values) == 2:
        target_cell, result_cell = values
    elif len(values) == 1:
        result_cell = values[0]
    quote = row.line.raw.strip()
    if len(quote) > 300:
        quote = quote[:300]
    line = row.number
    out: list[Item] = []
    result_terms = Terms(*(layout.result_term or (terms.start - (terms.end - terms.start), terms.start)))
    target_terms = Terms(*(layout.target_term or (terms.start, terms.end)))
    label = re.sub(r"\([^)]*\)", " ", label)
    words = f"{indicator} {label}"
    direction = decide_direction(indicator, label, breakdown, is_level=False)
    if result_cell and result_cell != "-":
        quantity = parse_cell(result_cell)
        target_value = target_cell if target_cell and target_cell != "-" else None
        base = Item(
            doc,
            Kind.RESULT,
            indicator,
            None,
            Bound.QUALITATIVE,
            quote,
            line,
            breakdown,
            unit=unit,
            direction=direction,
            target_value=target_value,
            verdict=_is_verdict(compare_cell),
            main=True,
            section=section,
        )
        base.period = decide_period(Kind.TARGET, words, label, unit, result_terms, is_level=_is_level(target_cell))
        if quantity is not None:
            base.value, base.value_max, base.bound = quantity.value, quantity.value_max, quantity.bound
            if base.bound is Bound.RANGE:
                base.bound = Bound.RANGE
            else:
                base.bound = Bound.EXACT
        out.append(base)
    if next_cell and next_cell != "-":
        quantity = parse_cell(next_cell)
        item = Item(
            doc,
            Kind.TARGET,
            indicator,
            None,
            Bound.QUALITATIVE,
            quote,
            line,
            breakdown,
            unit=unit,
            direction=direction,
            main=True,
            section=section,
        )
        item.period = decide_period(Kind.TARGET, words, label, unit, target_terms, is_level=_is_level(next_cell))
        if quantity is not None:
            item.value, item.value_max, item.bound = quantity.value, quantity.value_max, quantity.bound
        out.append(item)
    return out


def _is_level(cell: str) -> bool:
    quantity = parse_cell(cell)
    return quantity is not None and quantity.bound in (Bound.LT, Bound.MAX)
