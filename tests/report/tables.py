"""Reading an appendix table back from a document's canonical text (tab-separated rows), to compare with ours."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chitieu.extract.quantity import parse_cell
from chitieu.register.documents import fold
from chitieu.report.appendix import AppendixRow
from chitieu.report.wording import format_value

VERDICTS = {"vuot": "exceeded", "dat": "met", "khong dat": "not_met", "k dat": "not_met", "chua dat": "not_met"}
EMPTY = {"", "-"}


@dataclass(slots=True)
class OriginalRow:
    line: int
    indicator: str
    unit: str
    target: str
    result: str
    comparison: str
    next_target: str


def _clean(cell: str) -> str:
    return re.sub(r"</?[bi]>", "", cell).strip()


def original_rows(text: str, first_line: int = 1) -> list[OriginalRow]:
    """Every row with a figure of the appendix tables from ``first_line`` on (headers and group lines skipped)."""
    rows = []
    lines = text.splitlines()
    for number, raw in enumerate(lines[first_line - 1:], first_line):
        if "\t" not in raw or raw.startswith("TT\t"):
            continue
        cells = [_clean(c) for c in raw.split("\t")]
        where = next((i for i in range(1, len(cells)) if cells[i]), None)
        if where is None or cells[where] in ("Mục tiêu",):
            continue
        values = cells[where + 2:]
        while values and not values[-1]:
            values.pop()
        if not any(v not in EMPTY for v in values):
            continue
        if len(values) >= 4:
            target, result, comparison, next_target = values[:4]
        elif len(values) == 3 and fold(values[2]) in VERDICTS:
            target, result, comparison, next_target = values[0], values[1], values[2], ""
        else:
            target, result, next_target = [*values, "", "", ""][:3]
            comparison = ""
        rows.append(OriginalRow(number, cells[where], cells[where + 1], target, result, comparison, next_target))
    return rows


def label_key(label: str) -> str:
    label = re.sub(r"^[-+]\s*", "", label.strip())
    label = re.sub(r"^Trong đó:\s*", "", label)
    return fold(label)


def _quantity(cell: str) -> tuple[str, float, float | None] | str:
    cell = cell.strip()
    if cell in EMPTY:
        return ""
    quantity = parse_cell(cell)
    if quantity is None:
        return fold(cell)
    return (quantity.bound.value, quantity.value, quantity.value_max)


def same_unit(original: str, ours: str | None) -> bool:
    """The unit as the document writes it ("Bác sỹ" is not "bác sĩ/vạn dân"), capitals aside."""
    if not original.strip():
        return not ours
    return ours is not None and original.strip().lower() == ours.strip().lower()


def differences(original: OriginalRow, ours: AppendixRow) -> list[str]:
    """What differs between a row of the document's table and ours; empty when the row is reproduced."""
    out = []
    if not same_unit(original.unit, ours.unit):
        out.append(f"unit {original.unit!r} != {ours.unit!r}")
    if _quantity(original.target) != _quantity(ours.target):
        out.append(f"target {original.target!r} != {ours.target!r}")
    if _quantity(original.result) != _quantity(format_value(ours.result) or ours.result_text):
        out.append(f"result {original.result!r} != {ours.result!r}")
    verdict = VERDICTS.get(fold(original.comparison))
    if verdict is not None and verdict != ours.comparison_code:
        out.append(f"comparison {original.comparison!r} != {ours.comparison!r}")
    if _quantity(original.next_target) != _quantity(ours.next_target):
        out.append(f"next {original.next_target!r} != {ours.next_target!r}")
    return out


def match(originals: list[OriginalRow], ours: list[AppendixRow]) -> list[tuple[OriginalRow, AppendixRow | None]]:
    """Each original row with our row of the same indicator (in order), or None."""
    pool = [row for row in ours if not row.heading]
    pairs = []
    for original in originals:
        key = label_key(original.indicator)
        found = next((row for row in pool if label_key(row.breakdown or row.indicator) == key), None)
        if found is None:
            found = next((row for row in pool if key.startswith(label_key(row.breakdown or row.indicator))
                          or label_key(row.breakdown or row.indicator).startswith(key)), None)
        if found is not None:
            pool.remove(found)
        pairs.append((original, found))
    return pairs
