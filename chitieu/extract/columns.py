"""Appendix table columns named by the header: which column holds the plan, the result, the share of the plan,
the next period's target, and which to pass over.

A header cell is read in this order (words in ``data/sections.yaml``, ``table_columns``): a comparison with the
past ("So với cùng kỳ") is passed over, a share of the plan ("So với KH (%)", "So sánh (%)") gives the verdict,
then a verdict, a result and a target column. Columns are counted from the one after the unit column (or,
without one, after the indicator column). With several result columns the last is the result and the others
are passed over ("Thực hiện năm 2024" beside "Ước thực hiện năm 2025"); the target column nearest before it is
its plan, the first after it is the next period's target, and in a table without results the last target
column is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chitieu.extract.item import Direction, Verdict
from chitieu.extract.lexicon import load_data, words_in
from chitieu.extract.quantity import parse_cell

_ROLE_ORDER = ("past", "share", "verdict", "result", "target")
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,])")
_TERM = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")


@dataclass(slots=True, frozen=True)
class Columns:
    roles: list[str]  # "target", "result", "share", "verdict", "next", "open" or "skip", one per value column
    result_year: int | None  # a single year the result column names ("Ước thực hiện năm 2025")
    target_year: int | None  # a single year the next target's column names ("Kế hoạch năm 2026")


def column_roles(cells: list[str]) -> Columns | None:
    """The roles of a header row's value columns; None when a cell says nothing known (read the old way)."""
    columns = load_data("sections")["table_columns"]
    cells = [cell.strip() for cell in cells]
    anchor = next((i for i, cell in enumerate(cells) if words_in(cell, columns["unit"])), None)
    if anchor is None:
        anchor = next((i for i, cell in enumerate(cells) if words_in(cell, columns["indicator"])), None)
    if anchor is None or anchor + 1 >= len(cells):
        return None
    named = cells[anchor + 1 :]
    roles: list[str] = []
    for cell in named:
        if not cell:
            roles.append("open")  # a column the header left unnamed: a verdict where a row writes one
            continue
        role = next((name for name in _ROLE_ORDER if words_in(cell, columns[name])), None)
        if role is None:
            return None
        if role == "verdict" and "%" in cell:
            role = "share"  # "So sánh (%)": a share of the plan, not a verdict word
        roles.append("skip" if role == "past" else role)
    roles = _place_targets(roles)
    result_year = target_year = None
    for role, cell in zip(roles, named, strict=True):
        years = [int(y) for y in _YEAR.findall(cell)]
        if len(years) == 1 and not _TERM.search(cell):
            if role == "result":
                result_year = years[0]
            elif role == "next":
                target_year = years[0]
    return Columns(roles, result_year, target_year)


def _place_targets(roles: list[str]) -> list[str]:
    if "result" not in roles:
        if "target" in roles:
            last = len(roles) - 1 - roles[::-1].index("target")
            roles = ["skip" if r == "target" else r for r in roles[:last]] + ["next"] + roles[last + 1 :]
        return roles
    at = len(roles) - 1 - roles[::-1].index("result")
    before = [i for i, r in enumerate(roles) if r == "target" and i < at]
    after = [i for i, r in enumerate(roles) if r == "target" and i > at]
    out = []
    for i, role in enumerate(roles):
        if role == "result" and i != at:
            role = "skip"
        elif role == "target":
            role = "target" if before and i == before[-1] else "next" if after and i == after[0] else "skip"
        out.append(role)
    return out


def share_verdict(cell: str, direction: Direction | None) -> Verdict | None:
    """A share of the plan in per cent: over 100 is exceeded, 100 met, under 100 not met (the other way round
    when less is better)."""
    quantity = parse_cell(cell)
    if quantity is None or quantity.unit not in (None, "%") or direction not in (Direction.UP, Direction.DOWN):
        return None
    share = quantity.value if direction is Direction.UP else 200 - quantity.value
    return Verdict.EXCEEDED if share > 100 else Verdict.MET if share == 100 else Verdict.NOT_MET
