"""One target, many statements: a restated target is a source of the target it restates, not a target of its own.

A target is one commitment: a place (its province; a document without one keeps its own), a period (and, for a
yearly target "mỗi năm", the term it was set for), what it measures (``linking.identity``: the catalogue indicator,
else the folded wording and unit) and the part of it (``linking.same_part``: the same breakdown). A statement is
the same target as a group of statements when

- it has that place, period and identity and is about the same part as one of them,
- it is not in the part of a document one of them is in (two figures of one sentence, two rows of one table,
  two entries of one list are two targets; a document's list and its appendix state one target twice), and
- it states the same number(s) in the same unit as one of them (``same_numbers``; "trên 17" and "≥ 17" are one
  target whose sources disagree), or is worded like one of them (``SAME_WORDING``): one catalogue indicator holds
  different things ("hộ nghèo" and "huyện nghèo"), which a different figure worded otherwise is taken to be.

Statements are placed in the order they stand in the documents (``Statement.order``: the document's date, its
content hash, the line), never in the order they were imported, so importing the same files in any order gives the
same targets. The target carries the figures of its leading source (``lead``: a main-list statement, one that
writes its comparator, the earliest) until a person decides between sources that disagree or corrects it.

Two statements agree when they state the same value(s) in the same unit (``data/restatements.yaml`` lists the
spellings of one unit) with the same comparator, a statement that writes none ("62" in a table cell) agreeing with
one that does ("trên 62"). Sources of one target that do not agree are a conflict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chitieu.datafiles import WORD_LISTS, datafile
from chitieu.register.db.models import Change, Document, Target, TargetSource
from chitieu.register.documents.catalogue import fold
from chitieu.register.documents.linking import identity, same_part, similarity, wording_key

ANNUAL = "annual"
EXACT = "exact"
SAME_WORDING = 80.0  # statements stating different figures are one target only when worded at least this alike
SETTLED = ("correct", "decide")  # the actions by which a person fixed a target's figures; import leaves them
MIRRORED = ("document_id", "indicator_text", "breakdown", "value", "value_max", "bound", "direction", "unit",
            "quote", "line", "section", "cells")  # what a target takes from its leading source
FIGURE = ("value", "value_max", "bound", "unit")  # what a decision between sources sets
LAST = "9999-12-31"  # an undated document's statements come after the dated ones

_DATA = datafile(__file__, "restatements", {"same_units": WORD_LISTS})


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement of a target, plain values only: ``ref`` is the caller's handle (a source's or target's id)."""

    ref: int
    province_id: int | None
    document_id: int | None
    congress_id: int | None
    period: str | None
    indicator_id: int | None
    indicator_text: str
    breakdown: str | None
    unit: str | None
    value: float | None
    value_max: float | None
    bound: str
    line: int | None
    section: str | None
    main: bool
    order: tuple[str, str, int]  # (document date or LAST, document content hash, line)


def order_of(issued_on: object, content_hash: str | None, line: int | None) -> tuple[str, str, int]:
    return (str(issued_on) if issued_on else LAST, content_hash or "", line or 0)


def place(statement: Statement) -> tuple[object, ...]:
    """The place, period and identity a statement's target shares with every other statement of it."""
    where = ("province", statement.province_id) if statement.province_id is not None else ("document",
                                                                                          statement.document_id)
    term = statement.congress_id if statement.period in (None, ANNUAL) else None
    return (*where, statement.period, term, *identity(statement))


@cache
def _units() -> dict[str, str]:
    spellings: dict[str, str] = {}
    for unit, others in _DATA.load()["same_units"].items():
        for spelling in (unit, *others):
            spellings[fold(spelling)] = fold(unit)
    return spellings


def same_unit(unit: str | None, other: str | None) -> bool:
    mine, theirs = fold(unit or ""), fold(other or "")
    return _units().get(mine, mine) == _units().get(theirs, theirs)


def _same(value: float | None, other: float | None) -> bool:
    if value is None or other is None:
        return value is None and other is None
    return math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9)


def same_numbers(one: Any, other: Any) -> bool:
    """Two statements state the same number(s) in the same unit, whatever their comparators."""
    return _same(one.value, other.value) and _same(one.value_max, other.value_max) and same_unit(one.unit, other.unit)


def agree(one: Any, other: Any) -> bool:
    """Two statements (anything with ``value``, ``value_max``, ``bound``, ``unit``) state the same figure."""
    return same_numbers(one, other) and (one.bound == other.bound or EXACT in (one.bound, other.bound))


def _fit(statement: Statement, group: Sequence[Statement]) -> float | None:
    """How alike the statement is worded to the group it restates, or None when it is not the group's target."""
    if any(m.document_id == statement.document_id and (m.section == statement.section or m.line == statement.line)
           for m in group):
        return None
    parts = [m for m in group if same_part(statement.indicator_text, statement.breakdown, m.indicator_text,
                                           m.breakdown)]
    if not parts:
        return None
    wording = wording_key(statement.indicator_text, statement.breakdown)
    score = max(similarity(wording, wording_key(m.indicator_text, m.breakdown)) for m in parts)
    if score >= SAME_WORDING or any(same_numbers(statement, m) for m in parts):
        return score
    return None


def gather(statements: Iterable[Statement], groups: Iterable[Sequence[Statement]] = ()) -> list[list[Statement]]:
    """The statements of each target: every statement joins the group it restates most alike (``_fit``), else
    starts its own; ``groups`` are the targets already known. Statements are taken in document order."""
    known = sorted((list(g) for g in groups if g), key=lambda g: min(m.order for m in g))
    pools: dict[tuple[object, ...], list[list[Statement]]] = {}
    for group in known:
        pools.setdefault(place(group[0]), []).append(group)
    result = list(known)
    for statement in sorted(statements, key=lambda s: (s.order, s.ref)):
        pool = pools.setdefault(place(statement), [])
        scored = [(score, -number) for number, group in enumerate(pool)
                  if (score := _fit(statement, group)) is not None]
        if scored:
            pool[-max(scored)[1]].append(statement)
        else:
            pool.append([statement])
            result.append(pool[-1])
    return result


def lead(group: Sequence[Statement]) -> Statement:
    """The statement whose figures a target carries: from a main list, writing its comparator, the earliest."""
    return min(group, key=lambda s: (not s.main, s.bound == EXACT, s.order, s.ref))


def disagreeing(sources: Sequence[Any]) -> list[tuple[Any, Any]]:
    """Pairs of sources (first of each figure stated) that state figures which do not agree."""
    firsts: list[Any] = []
    for source in sources:
        if not any(agree(source, seen) and source.bound == seen.bound for seen in firsts):
            firsts.append(source)
    return [(a, b) for n, a in enumerate(firsts) for b in firsts[n + 1:] if not agree(a, b)]


def open_conflict(target: Target) -> list[tuple[TargetSource, TargetSource]]:
    """The disagreeing pairs of a target's sources a person has not decided: all of them while nobody chose a
    source, else those a source added after the decision brings that does not agree with the chosen one."""
    pairs = disagreeing(target.sources)
    chosen = next((s for s in target.sources if s.chosen_at is not None), None)
    if chosen is None or chosen.chosen_at is None:
        return pairs
    decided = chosen.chosen_at
    return [(a, b) for a, b in pairs
            if any(s.created_at > decided and not agree(s, chosen) for s in (a, b))]


def statement_of(target: Target, source: TargetSource, document: Document | None) -> Statement:
    return Statement(ref=source.id or 0, province_id=target.province_id, document_id=source.document_id,
                     congress_id=target.congress_id, period=target.period, indicator_id=target.indicator_id,
                     indicator_text=source.indicator_text, breakdown=source.breakdown, unit=source.unit,
                     value=source.value, value_max=source.value_max, bound=source.bound, line=source.line,
                     section=source.section, main=source.main,
                     order=order_of(document.issued_on if document else None,
                                                      document.content_hash if document else None, source.line))


def source_of(target: Target, table_cell: str | None) -> TargetSource:
    """A new target's statement, as stated."""
    return TargetSource(document_id=target.document_id, indicator_text=target.indicator_text,
                        breakdown=target.breakdown, value=target.value, value_max=target.value_max,
                        bound=target.bound, direction=target.direction, unit=target.unit, quote=target.quote,
                        line=target.line, main=target.main, section=target.section, cells=target.cells,
                        table_cell=table_cell)


def settled(session: Session, target_ids: Iterable[int]) -> set[int]:
    """The targets whose figures a person fixed (a correction, a decision between sources)."""
    ids = list(target_ids)
    if not ids:
        return set()
    return set(session.scalars(select(Change.row_id).where(Change.table_name == "targets", Change.row_id.in_(ids),
                                                           Change.action.in_(SETTLED))))


def mirror(target: Target, source: TargetSource, main: bool) -> None:
    for name in MIRRORED:
        setattr(target, name, getattr(source, name))
    target.main = main


def restate(session: Session, document: Document, new: list[tuple[Target, TargetSource]]) -> tuple[list[Target], int]:
    """Give each new statement of ``document`` its target: the one of the register it restates (it becomes one
    more source of it) or its own, new. Returns the targets written or given a source, and how many statements
    were restatements. Nothing is flushed for a statement that joined a known target but its source."""
    known: list[Target] = []
    if document.province_id is not None:
        known = list(session.scalars(select(Target).where(Target.province_id == document.province_id)
                                     .options(selectinload(Target.sources).selectinload(TargetSource.document))))
    by_source = {s.id: t for t in known for s in t.sources}
    groups = [[statement_of(t, s, s.document) for s in t.sources] for t in known]
    fresh = {number - len(new): pair for number, pair in enumerate(new)}  # negative, in the document's order
    statements = [replace(statement_of(target, source, document), ref=ref) for ref, (target, source) in fresh.items()]
    touched: list[Target] = []
    restated = 0
    fixed = settled(session, [t.id for t in known])
    for group in gather(statements, groups):
        joining = [fresh[s.ref] for s in group if s.ref < 0]
        if not joining:
            continue
        holder = next((by_source[s.ref] for s in group if s.ref > 0), None)
        if holder is None:
            holder = fresh[lead(group).ref][0]
            session.add(holder)
        restated += sum(1 for target, _ in joining if target is not holder)
        for _, source in joining:
            source.target = holder
            session.add(source)
        if holder.id is None or holder.id not in fixed:
            first = lead(group)
            leading = fresh[first.ref][1] if first.ref < 0 else next(s for s in holder.sources if s.id == first.ref)
            mirror(holder, leading, any(s.main for s in group))
        touched.append(holder)
    return touched, restated
