"""Appendix tables: one row gives a result of the last term and a target of the next.

Rows are read from the unit column rightwards, since leading empty cells vary from row to row. With a
comparison column the values are [target, result, comparison, next target]; without one, [target, result,
next target]. Cells are read literally ("80" is exact even where the prose says "trở lên"); a cell of words
is a qualitative value. A row without values opens a group; its "- " rows are parts of it (breakdown)
unless they open with an indicator word of their own; a row numbered "1" or "II" is never a part, and a "-"
in a cell of its own marks the label after it. A header row tells the terms apart ("nhiệm kỳ 2015 - 2020"
for results, the later one for targets) and whether a comparison column exists. A header of one row that
names every value column ("Kế hoạch năm 2025 | Ước thực hiện năm 2025 | So với KH (%) | So với cùng kỳ")
places the values by name instead (``columns.py``); a single year it names dates that column, and a result
with no plan, verdict or share column beside it is not a result. A unit may close the label: "Tỷ lệ ... (%)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from chitieu.extract.columns import column_roles, share_verdict
from chitieu.extract.context import Terms, decide_direction, decide_period
from chitieu.extract.item import Bound, Item, Kind, RowCells, TableSource
from chitieu.extract.lexicon import alternation, fold, load_data, normalize_unit, words_in
from chitieu.extract.prose import starts_indicator
from chitieu.extract.quantity import parse_cell
from chitieu.extract.results import cell_verdict
from chitieu.intake.document import Block, Table

_TERM = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_ROW_NUMBER = re.compile(r"^(?:[IVXLC]+|\d{1,3}(?:\.\d{1,2})*|[a-zđ])[.)]?$")
_BULLETS = ("-", "+", "–", "•", "*")
_OWN_ROW = re.compile(r"^(?:[IVXLC]+|\d{1,3})[.)]?$")


@dataclass(slots=True)
class Layout:
    has_comparison: bool = True
    has_result: bool = True
    result_term: tuple[int, int] | None = None
    target_term: tuple[int, int] | None = None
    roles: list[str] | None = None  # the value columns' roles, when a one-row header names every column
    result_year: int | None = None  # a single year the result column names ("Ước thực hiện năm 2025")
    target_year: int | None = None  # a single year the next target's column names ("Kế hoạch năm 2026")


def _column_roles(rows: list[Block], layout: Layout) -> None:
    """Roles of the value columns when the header names each of them (see ``columns.py``): a header of one row,
    or of two rows of as many cells, an empty upper cell continuing the one on its left (a merged cell)."""
    named = [list(row.cells or []) for row in rows if any(row.cells or [])]
    if len(named) == 2 and len(named[0]) == len(named[1]):
        upper, lower = named
        spans = [next((cell for cell in reversed(upper[: i + 1]) if cell), "") for i in range(len(upper))]
        named = [[f"{span} {cell}".strip() if cell else span for span, cell in zip(spans, lower, strict=True)]]
    found = column_roles(named[0]) if len(named) == 1 else None
    if found is not None:
        layout.roles, layout.result_year, layout.target_year = found.roles, found.result_year, found.target_year


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
        if count and _is_group_row(cells, columns):
            break
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
    _column_roles(rows[:count], layout)
    return layout, count


def _is_group_row(cells: list[str], columns: dict[str, list[str]]) -> bool:
    """A row naming only a group ("I | Kinh tế") after the header, not a column."""
    words = [c for c in cells if not _ROW_NUMBER.match(c.strip())]
    return len(words) == 1 and not any(words_in(words[0], column) for column in columns.values())


@lru_cache(maxsize=4096)
def cell_unit(cell: str, indicator: str) -> str | None:
    units = load_data("units")
    table_units = units["table_units"]
    for written, spec in table_units.items():
        if fold(written) == fold(cell):
            if "per_person" in spec and words_in(indicator, units["per_person_words"]):
                return spec["per_person"]
            return spec["default"]
    return normalize_unit(cell)


def table_items(table: Table, doc: str, terms: Terms, section: str, number: int = 1) -> list[Item]:
    """Results and targets of an appendix-like table (the document's ``number``-th, from 1); nothing for a table
    without values. Each item carries its row and cells (``Item.source``)."""
    layout, skip = _read_header(table.rows, terms)
    if layout.roles is not None and _names_off(table.rows[skip:], layout.roles):
        layout.roles = None  # the header's names do not fit its rows: read them by position
    _estimate_to_come(layout, terms)
    items: list[Item] = []
    group: str | None = None
    subgroup: str | None = None  # the indicator that "+" rows break down further
    for index, row in enumerate(table.rows[skip:], skip + 1):
        if _read_header([row], terms)[1] and _is_header_again(row):
            layout_again, _ = _read_header([row], terms)
            layout.has_comparison = layout_again.has_comparison or layout.has_comparison
            continue
        cells = list(row.cells or [])
        numbered = False  # "1", "II": a row of its own, never a part of the row above
        bullet = ""  # a "-" or "+" written in a cell of its own
        while cells and (not cells[0] or _ROW_NUMBER.match(cells[0]) or cells[0].strip() in _BULLETS):
            numbered = numbered or bool(_OWN_ROW.match(cells[0]))
            bullet = cells[0].strip() if cells[0].strip() in _BULLETS else bullet
            cells.pop(0)
        if not cells:
            continue
        start = len(row.cells or []) - len(cells)  # row numbers and bullets before the label
        label = f"{bullet} {cells[0]}" if bullet else cells[0]
        label, label_unit = _unit_in_label(label)
        rest = cells[1:]
        while rest and not rest[-1]:
            rest.pop()
        if not rest:
            group = _indicator_text(label) or group  # "Tr.đó:" names no group of its own
            continue
        unit_cell = rest[0] if rest and parse_cell(rest[0]) is None and not cell_verdict(rest[0]) else ""
        values = rest[1:] if unit_cell or (rest and not rest[0]) else rest
        roles = _value_roles(values, layout)
        written = _written(list(row.cells or []), start, len(values) < len(rest), roles, layout)
        indicator_text = _indicator_text(label)
        is_part = label.lstrip().startswith(("-", "+")) or not (numbered or starts_indicator(indicator_text))
        sub_part = label.lstrip().startswith("+") and subgroup is not None
        if sub_part:
            indicator, breakdown = subgroup or "", indicator_text
        elif group and is_part and starts_indicator(group) and not starts_indicator(indicator_text):
            indicator, breakdown = group, indicator_text
        else:
            indicator, breakdown = indicator_text, None
            if (
                _parts_follow().search(label) and not label.lstrip().startswith("-")
            ) or not label.lstrip().startswith(("-", "+")):
                group = indicator_text
        if not label.lstrip().startswith("+"):
            subgroup = indicator
        unit = cell_unit(unit_cell, f"{indicator} {label}") if unit_cell else label_unit
        found = _row_items(row, values, roles, layout, doc, indicator, breakdown, unit, terms, section, label)
        items.extend(replace(item, source=TableSource(number, index, written)) for item in found)
    return items


def _unit_in_label(label: str) -> tuple[str, str | None]:
    """ "Tỷ lệ lao động qua đào tạo (%)": a unit in brackets closing the label, taken out of it."""
    parts = alternation(load_data("clauses")["parts_follow"])
    match = re.search(rf"\s*\(([^()]{{1,25}})\)[\s,]*(?:(?:{parts})\s*:?\s*)?$", label, re.IGNORECASE)
    unit = cell_unit(match.group(1), label) if match else None
    return (label[: match.start()], unit) if match and unit else (label, None)


def _is_header_again(row: Block) -> bool:
    columns = load_data("sections")["table_columns"]
    joined = " ".join(c for c in row.cells or [] if c)
    return words_in(joined, columns["unit"]) or words_in(joined, columns["result"])


@cache
def _parts_follow() -> re.Pattern[str]:
    """ "Tổng thu ngân sách, trong đó:": a row whose parts follow (words in ``data/clauses.yaml``)."""
    return re.compile(rf"(?<![\w])(?:{alternation(load_data('clauses')['parts_follow'])})(?![\w])", re.IGNORECASE)


def _indicator_text(label: str) -> str:
    parts = alternation(load_data("clauses")["parts_follow"])
    text = re.sub(rf"\s*(?:{parts})\s*:?\s*$", "", label.strip(), flags=re.IGNORECASE)
    text = re.sub(rf"^(?:(?:{parts})\s*:?\s*)", "", text, flags=re.IGNORECASE)
    return text.strip(" -+:").strip()


def _row_items(
    row: Block,
    values: list[str],
    roles: list[str],
    layout: Layout,
    doc: str,
    indicator: str,
    breakdown: str | None,
    unit: str | None,
    terms: Terms,
    section: str,
    label: str,
) -> list[Item]:
    by_role = {role: value for role, value in zip(roles, values, strict=False) if value}  # twice: the last written
    if layout.roles is not None and not {"target", "verdict", "share"} & set(layout.roles):
        by_role.pop("result", None)  # a figure not set against any plan is not a result
    target_cell, result_cell, compare_cell, next_cell, share_cell = (
        by_role.get(role, "") for role in ("target", "result", "verdict", "next", "share")
    )
    if layout.roles is not None and not (target_cell.strip(" -") or compare_cell.strip() or share_cell.strip()):
        result_cell = ""  # this row sets its figure against no plan
    quote = row.line.raw.strip()
    if len(quote) > 300:
        quote = quote[:300]
    line = row.number
    out: list[Item] = []
    result_terms, target_terms = _row_terms(layout, terms)
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
            verdict=cell_verdict(compare_cell) or share_verdict(share_cell, direction),
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


def _estimate_to_come(layout: Layout, terms: Terms) -> None:
    """A table whose only figures estimate a year the document has not reached ("Ước TH năm 2021" in a report of
    December 2020 on 2016-2020) states that year's targets: the column is the next target's."""
    if layout.roles != ["result"] or layout.result_year is None:
        return
    reached = terms.plan_year - 1 if terms.plan_year else terms.result_year or terms.end
    if layout.result_year > reached:
        layout.roles, layout.target_year, layout.result_year = ["next"], layout.result_year, None


def _row_terms(layout: Layout, terms: Terms) -> tuple[Terms, Terms]:
    """The terms of a row's result and of its next target: a year the header names, else its terms, else the
    document's (an annual plan dates its targets to its year and its results to the year before)."""
    if not terms.plan_year:  # a term plan's last year is its term ("Mục tiêu đến năm 2030": averages over 2025-2030)
        if layout.target_year == terms.end and not layout.target_term:
            layout = replace(layout, target_year=None, target_term=(terms.start, terms.end))
        if layout.result_year == terms.start and not layout.result_term:
            layout = replace(layout, result_year=None, result_term=(2 * terms.start - terms.end, terms.start))
    result_year = layout.result_year or (None if layout.result_term else terms.result_year)
    if result_year is None and terms.plan_year and not layout.result_term:
        result_year = terms.plan_year - 1
    target_year = layout.target_year or (None if layout.target_term else terms.plan_year)
    if result_year:
        result_terms = Terms(result_year - 1, result_year, result_year)
    else:
        result_terms = Terms(*(layout.result_term or (terms.start - (terms.end - terms.start), terms.start)))
    if target_year:
        target_terms = Terms(target_year - 1, target_year, target_year)
    else:
        target_terms = Terms(*(layout.target_term or (terms.start, terms.end)))
    return result_terms, target_terms


def _value_roles(values: list[str], layout: Layout) -> list[str]:
    """The role of each value cell of a row ("target", "result", "verdict", "share", "next", or "" for none): the
    header's columns when it names them, else by position."""
    if layout.roles is not None:
        return [_open_role(v) if r == "open" else r for r, v in zip(layout.roles, values, strict=False)]
    if not layout.has_result:
        last = max((i for i, v in enumerate(values) if v), default=None)
        return [""] * last + ["next"] if last is not None else []
    if len(values) >= 4:
        return ["target", "result", "verdict", "next"]
    if len(values) == 3:
        comparison = cell_verdict(values[2]) or (layout.has_comparison and values[2] in ("-", ""))
        return ["target", "result", "verdict" if comparison else "next"]
    return ["target", "result"][-len(values) :] if values else []


def _names_off(rows: list[Block], roles: list[str]) -> bool:
    """Does a row write a verdict word in a column the header names for a figure?"""
    figures = {"target", "result", "next"}
    return any(
        cell_verdict(cell) and role in figures
        for row in rows
        for role, cell in zip(roles, (row.cells or [])[-len(roles) :], strict=False)
    )


def _open_role(cell: str) -> str:
    """A column the header left unnamed holds a verdict where the row writes one there."""
    return "verdict" if cell_verdict(cell) else "skip"


def _is_level(cell: str) -> bool:
    quantity = parse_cell(cell)
    return quantity is not None and quantity.bound in (Bound.LT, Bound.MAX)


_CELL_ROLES = {"target": "target", "result": "result", "verdict": "comparison", "next": "next_target"}


def _written(cells: list[str], start: int, has_unit: bool, roles: list[str], layout: Layout) -> RowCells:
    """A row's cells by role with their columns (from 1): ``start`` cells of row numbers or bullets before the
    label, then a unit cell when ``has_unit``, then the value cells in ``roles``."""
    first = start + 1 + has_unit  # where the values begin
    names = _CELL_ROLES if "verdict" in (layout.roles or ()) else {**_CELL_ROLES, "share": "comparison"}
    placed: dict[str, int] = {}
    for i, role in enumerate(roles):
        if role in names and (cells[first + i] or names[role] not in placed):  # twice: the last written
            placed[names[role]] = first + i
    if has_unit:
        placed = {"unit": start + 1, **placed}
    return RowCells(
        **{role: cells[i] for role, i in placed.items()}, columns=tuple((role, i + 1) for role, i in placed.items())
    )
