"""The appendix "Biểu tổng hợp kết quả thực hiện các mục tiêu, chỉ tiêu chủ yếu" as plain rows, read from the register.

For a term ("2015-2020"): one row per target of the term (its assessment gives the result and the comparison),
then one row per result the documents report for the term next to a stated target (an appendix table of a
political report: the term's own targets are not in the register, only what the table writes beside each result).
The same result written twice (in the text and in the table) is one row: the table's. The next term's target is
the target written on the same table row, else the same indicator's target of the following term.

For a year: the targets of that year's plan, their results, and the same indicator's target of the next year.

A term or year that is over (its last year before the current year, Vietnam time) is judged, Vượt / Đạt / Không
đạt; one still running says so in its title and gives each target's state (``comparison.py``). A growth-rate
target's result is the average of its years, never the last year's rate.

Groups are numbered I, II, ... in the order they appear, so an empty group leaves no gap. An appendix with no row
carries the reason and what to do (``empty.py``); the CLI and the page refuse to write it.

A row read from a table shows its unit as the document wrote it ("Bác sỹ", not the normalised "bác sĩ/vạn dân"),
and a result or next target in words as written ("giảm cả 3 tiêu chí"); figures are written the Vietnamese way.

Rows go to the six groups by their catalogue field (``data/report.yaml``); a row outside the catalogue takes the
group of the row above it in the same document. This module only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from chitieu.errors import ChitieuError, NotFoundError
from chitieu.extract.quantity import parse_cell
from chitieu.judge import judge
from chitieu.labels import VERDICT
from chitieu.moments import VIETNAM
from chitieu.register import Register
from chitieu.register.db import Actual, Document, Indicator, Target, TargetSource
from chitieu.register.documents import agree, find_province, fold, open_conflict, predecessors
from chitieu.register.figures import assess_target
from chitieu.report.comparison import add_share, compare_target
from chitieu.report.empty import why_empty
from chitieu.report.periods import TERM, next_term, period_words
from chitieu.report.wording import format_target, group_of_field, groups, status_label, text

OTHER_GROUP = "khac"
ANNUAL = "annual"


@dataclass(slots=True)
class AppendixRow:
    number: str  # "1", "2"... for a row of its own or a heading; "" for a part ("- Dịch vụ")
    indicator: str
    breakdown: str | None = None
    unit: str | None = None
    target: str = ""
    target_value: float | None = None  # the plain number of an exact target, for a numeric cell
    result: float | None = None
    result_text: str = ""  # a result in words, as the document writes it ("giảm cả 3 tiêu chí")
    comparison: str = ""  # Vietnamese label
    comparison_code: str | None = None
    comparison_stated: bool = False  # the document wrote it (else chitieu judged it)
    share: float | None = None  # the result in % of the plan, with a verdict
    next_target: str = ""
    next_target_value: float | None = None
    target_id: int | None = None
    next_target_id: int | None = None
    actual_id: int | None = None
    field: str | None = None
    document_id: int | None = None
    line: int | None = None
    heading: bool = False  # a parent line without figures ("Cơ cấu kinh tế")

    @property
    def label(self) -> str:
        """What the "Chỉ tiêu" column shows: the indicator, or "- part" under its parent."""
        return f"- {self.breakdown}" if self.breakdown and not self.heading else self.indicator


@dataclass(slots=True)
class AppendixGroup:
    code: str
    roman: str
    label: str
    rows: list[AppendixRow] = field(default_factory=list)


@dataclass(slots=True)
class Appendix:
    province: str
    kind: str  # "term" or "year"
    period: str  # "2015-2020" or "2024"
    next_period: str  # "2020-2025" or "2025"
    title: str
    groups: list[AppendixGroup]
    finished: bool = True  # the term or year is over: verdicts; else progress
    attached: str = ""  # "(Kèm theo Báo cáo số … ngày …)"
    empty_reason: str = ""  # why there is no row, and what to do; "" when there are rows
    notice: str = ""  # what is missing though there are rows (no result at all)

    @property
    def rows(self) -> list[AppendixRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def empty(self) -> bool:
        return not self.groups

    def label(self) -> str:
        return text("titles", "appendix_label")

    def subtitle(self) -> str:
        return text("titles", "subtitle", province=self.province)

    def comparison_label(self) -> str:
        return text("columns", "comparison" if self.finished else "progress")

    def block_label(self) -> str:
        if self.kind == "year":
            return text("columns", "year_block", year=self.period)
        return text("columns", "term_block", term=self.period.replace("-", " - "))

    def next_label(self) -> str:
        if self.kind == "year":
            return text("columns", "next_year", year=self.next_period)
        return text("columns", "next_term", term=self.next_period.replace("-", " - "))

    def target_label(self) -> str:
        return text("columns", "year_target" if self.kind == "year" else "target")

    def result_label(self) -> str:
        return text("columns", "year_result" if self.kind == "year" else "result")


def build_appendix(register: Register, province: str, term: str | None = None, year: int | None = None, *,
                   report_number: str | None = None, today: date | None = None) -> Appendix:
    """The appendix of ``province`` for a ``term`` ("2015-2020"), or for a ``year`` when one is given.

    ``report_number`` is the number of the report it goes with ("125/BC-UBND"), left blank to fill when None;
    ``today`` decides whether the period is over (Vietnam time when None)."""
    if year is None:
        match = TERM.match((term or "").replace(" ", ""))
        if not match or int(match.group(1)) >= int(match.group(2)):
            raise ChitieuError(f"Nhiệm kỳ '{term}' không hợp lệ; viết như 2020-2025.")
        start, end = int(match.group(1)), int(match.group(2))
        kind, period, next_period = "term", f"{start}-{end}", "{}-{}".format(*next_term(start, end))
    else:
        if not 1900 <= year <= 2200:
            raise ChitieuError(f"Năm '{year}' không hợp lệ; viết như 2024.")
        kind, period, next_period, end = "year", str(year), str(year + 1), year
    current = (today or datetime.now(VIETNAM).date()).year
    finished = end < current
    with register.factory() as session:
        row = find_province(session, province)
        if row is None:
            raise NotFoundError(f"Không có tỉnh, thành phố '{province}' trong sổ theo dõi.")
        ids = [p.id for p in predecessors(session, row)]
        rows = _rows(session, ids, kind, period, next_period, finished)
        name = row.name
        reason = "" if rows else why_empty(session, ids, name, kind, period)
    title = (text("titles", "appendix_year", year=period) if kind == "year"
             else text("titles", "appendix_term", term=period.replace("-", " - ")))
    if not finished:
        title = text("titles", "running", title=title, year=min(current, end))
    attached = text("titles", "attached", number=report_number or text("titles", "blank_number"),
                    date=text("titles", "blank_date"))
    notice = ""
    counted = [r for r in rows if r.target_id is not None or r.actual_id is not None]
    if counted and all(r.result is None and not r.result_text for r in counted):
        notice = text("empty", "no_results", count=len(counted), period=period_words(kind, period))
    return Appendix(name, kind, period, next_period, title, _grouped(rows), finished, attached, reason, notice)


def _in_period(kind: str, period: str) -> Iterable:
    """Where-clauses for a target of the period: the term's average or total, its end-year level, its yearly
    targets; or the year's targets from that year's plan or from a document that names neither a plan year nor a
    term (a web page whose year was not found). A target of a one-year plan is never a term target, and a term's
    end-year level is never a year's plan."""
    if kind == "year":
        return (Target.period == period, or_(Document.plan_year == int(period),
                                             and_(Document.plan_year.is_(None), Document.term.is_(None))))
    start, _, end = period.partition("-")
    return (Target.period_start >= int(start), Target.period_end == int(end),
            or_(Target.period_start < int(end), Document.plan_year.is_(None), Document.plan_year != int(end)))


def _targets(session: Session, ids: list[int], kind: str, period: str) -> list[Target]:
    query = (select(Target).outerjoin(Document, Target.document_id == Document.id)
             .options(selectinload(Target.actuals), selectinload(Target.indicator), selectinload(Target.province),
                      selectinload(Target.congress))
             .where(Target.province_id.in_(ids), *_in_period(kind, period)))
    found = list(session.scalars(query.order_by(Target.main.desc(), Target.id)))
    if kind == "term":  # yearly targets ("hằng năm") written for the term
        found += list(session.scalars(
            select(Target).options(selectinload(Target.actuals), selectinload(Target.indicator))
            .where(Target.province_id.in_(ids), Target.period == ANNUAL, Target.congress.has(term=period))
            .order_by(Target.main.desc(), Target.id)))
    kept: dict[tuple[str, str], Target] = {}
    figures: set[tuple] = set()
    for target in found:  # the same target stated again (report, resolution, notice): the main list's first
        figure = (target.indicator_id, target.value, target.value_max, target.bound, target.period)
        if target.indicator_id is not None and target.value is not None and figure in figures:
            continue
        figures.add(figure)
        kept.setdefault(_key(target.indicator_text, target.breakdown, target.indicator_id), target)
    return sorted(kept.values(), key=lambda t: (t.document_id or 0, t.line or 0, t.id))


def term_targets(session: Session, province_ids: list[int], term: str) -> list[Target]:
    """The targets of a term ("2020-2025") for these provinces, each once, in document order."""
    return _targets(session, province_ids, "term", term)


def _key(indicator: str, breakdown: str | None, indicator_id: int | None) -> tuple[str, str]:
    return (f"#{indicator_id}" if indicator_id is not None else fold(indicator), fold(breakdown or ""))


def _fields(session: Session) -> dict[int, str]:
    return {i.id: i.field for i in session.scalars(select(Indicator))}


def _next_targets(session: Session, ids: list[int], kind: str, next_period: str) -> list[Target]:
    found = list(session.scalars(select(Target).outerjoin(Document, Target.document_id == Document.id)
                                 .options(selectinload(Target.sources))
                                 .where(Target.province_id.in_(ids), *_in_period(kind, next_period))
                                 .order_by(Target.main.desc(), Target.id)))
    if kind == "term":
        found += list(session.scalars(select(Target).options(selectinload(Target.sources))
                                      .where(Target.province_id.in_(ids), Target.period == ANNUAL,
                                             Target.congress.has(term=next_period))
                                      .order_by(Target.main.desc(), Target.id)))
    return found


def _rows(session: Session, ids: list[int], kind: str, period: str, next_period: str,
          finished: bool) -> list[AppendixRow]:
    fields = _fields(session)
    following = _next_targets(session, ids, kind, next_period)
    rows = []
    seen_actuals: set[int] = set()
    targets = _targets(session, ids, kind, period)
    for target in targets:
        assessment = assess_target(session, target)
        row = AppendixRow(number="", indicator=target.indicator_text, breakdown=target.breakdown,
                          unit=_written(target, "unit") or target.unit,
                          target=(format_target(target.bound, target.value, target.value_max)
                                  or _written(target, "next_target")),
                          target_value=target.value if target.bound == "exact" else None,
                          result=assessment["actual"], target_id=target.id,
                          field=fields.get(target.indicator_id or -1), document_id=target.document_id,
                          line=target.line)
        compare_target(row, target, assessment, finished)
        seen_actuals.update(a.id for a in target.actuals)
        _set_next(row, target.indicator_id, following, same_line=None)
        rows.append(row)
    taken = {_key(r.indicator, r.breakdown, None) for r in rows}
    taken_ids = {(t.indicator_id, fold(t.breakdown or "")) for t in targets if t.indicator_id is not None}
    for actual in _reported(session, ids, kind, period):
        if actual.id in seen_actuals or _key(actual.indicator_text, actual.breakdown, None) in taken:
            continue
        if actual.indicator_id is not None and (actual.indicator_id, fold(actual.breakdown or "")) in taken_ids:
            continue
        rows.append(_actual_row(actual, fields, following))
    used = {r.next_target_id for r in rows}
    tables = {r.document_id for r in rows if r.actual_id is not None}
    for target in following:  # a table row with only the next period's target (a new target)
        if target.id in used:
            continue
        for source in target.sources:
            if source.document_id in tables and source.cells is not None:
                row = AppendixRow(number="", indicator=source.indicator_text, breakdown=source.breakdown,
                                  unit=_written(source, "unit") or source.unit,
                                  field=fields.get(target.indicator_id or -1), document_id=source.document_id,
                                  line=source.line)
                _set_next(row, None, [target], same_line=(source.document_id, source.line))
                rows.append(row)
                break
    return sorted(rows, key=_document_order)


def _document_order(row: AppendixRow) -> tuple[int, int]:
    return (row.document_id or 0, row.line or 0)


def _reported(session: Session, ids: list[int], kind: str, period: str) -> list[Actual]:
    """Results the documents report for the period next to a target, one per result. A document with an appendix
    table for the period gives only the table's rows; the same result in two documents is kept once."""
    periods = [period] if kind == "year" else [period, period.partition("-")[2], ANNUAL]
    found = list(session.scalars(
        select(Actual).options(selectinload(Actual.document))
        .where(Actual.province_id.in_(ids), Actual.source_kind == "document", Actual.period.in_(periods))
        .order_by(Actual.document_id, Actual.line, Actual.id)))
    actuals = [a for a in found if (a.stated_target is not None or a.stated_verdict is not None or _on_table(a))
               and (a.period != ANNUAL or _reviews(a.document, period))]
    with_table = {a.document_id for a in actuals if _on_table(a)}
    actuals = [a for a in actuals if _on_table(a) or a.document_id not in with_table]
    on_row = {(document, line) for document, line in session.execute(
        select(TargetSource.document_id, TargetSource.line)
        .where(TargetSource.document_id.in_({a.document_id for a in actuals})))}
    chosen: dict[tuple, Actual] = {}
    for actual in actuals:
        same = (actual.indicator_id, fold(actual.breakdown or ""), actual.value, actual.period)
        key = same if actual.indicator_id is not None else _key(actual.indicator_text, actual.breakdown, None)
        held = chosen.get(key)
        if held is None or ((actual.document_id, actual.line) in on_row
                            and (held.document_id, held.line) not in on_row):
            chosen[key] = actual
    return sorted(chosen.values(), key=lambda a: (a.document_id or 0, a.line or 0, a.id))


def _reviews(document: Document | None, term: str) -> bool:
    """The document looks back on ``term`` ("2015-2020"): it opens the term that follows (a political report)."""
    return document is not None and (document.term or "").startswith(term.partition("-")[2])


def _on_table(actual: Actual) -> bool:
    """A result read from a table row: it keeps the row's cells (``Item.source`` when it was imported)."""
    return actual.cells is not None


def _actual_row(actual: Actual, fields: dict[int, str], following: list[Target]) -> AppendixRow:
    stated = (actual.stated_target or "").strip()
    quantity = parse_cell(stated) if stated else None
    target = format_target(quantity.bound.value, quantity.value, quantity.value_max) if quantity else stated
    row = AppendixRow(number="", indicator=actual.indicator_text, breakdown=actual.breakdown,
                      unit=_written(actual, "unit") or actual.unit, target=target, result=actual.value,
                      result_text="" if actual.value is not None else _written(actual, "result"), actual_id=actual.id,
                      target_value=quantity.value if quantity and quantity.bound.value == "exact" else None,
                      field=fields.get(actual.indicator_id or -1), document_id=actual.document_id, line=actual.line)
    if actual.stated_verdict:
        row.comparison_code, row.comparison_stated = actual.stated_verdict, True
    elif quantity is not None and actual.value is not None:
        direction = actual.direction or "up"
        row.comparison_code = judge(actual.value, quantity.value, quantity.bound.value, direction,
                                    quantity.value_max).status
    if row.comparison_code:
        row.comparison = VERDICT.get(row.comparison_code, status_label(row.comparison_code))
        if quantity is not None:
            add_share(row, quantity.bound.value, quantity.value, actual.direction, actual.unit)
    if _on_table(actual):  # the table's own next-term column, even when empty
        _set_next(row, None, following, same_line=(actual.document_id, actual.line))
    else:
        _set_next(row, actual.indicator_id, following, same_line=None)
    return row


def _set_next(row: AppendixRow, indicator_id: int | None, following: list[Target],
              same_line: tuple[int | None, int | None] | None) -> None:
    """The next period's target: the one stated on the same table row, else the same indicator and part. A table
    row shows the figure as it states it (the same figure as the target's, or one of a conflict nobody decided yet),
    else the target's: the figure a person chose or corrected."""
    chosen: Target | None = None
    shown: Target | TargetSource | None = None
    if same_line is not None:
        chosen, shown = next(((t, s) for t in following for s in t.sources
                              if (s.document_id, s.line) == same_line and fold(s.indicator_text) == fold(row.indicator)
                              and fold(s.breakdown or "") == fold(row.breakdown or "")), (None, None))
        if chosen is not None and shown is not None and not (agree(shown, chosen) or open_conflict(chosen)):
            shown = chosen
    if chosen is None and indicator_id is not None:
        chosen = shown = next((t for t in following if t.indicator_id == indicator_id
                               and fold(t.breakdown or "") == fold(row.breakdown or "")), None)
    if chosen is not None and shown is not None:
        row.next_target = (format_target(shown.bound, shown.value, shown.value_max)
                           or _written(shown, "next_target"))
        row.next_target_value = shown.value if shown.bound == "exact" else None
        row.next_target_id = chosen.id
        row.unit = row.unit or _written(shown, "unit") or shown.unit


def _written(row: Target | TargetSource | Actual, role: str) -> str:
    """A cell of the table row ``row`` was read from, as the document writes it; "" when there is none."""
    return (row.cells or {}).get(role, "")


def _grouped(rows: list[AppendixRow]) -> list[AppendixGroup]:
    """Rows into the six groups (and "other" if needed), numbered, with a heading above parts of one indicator."""
    by_group: dict[str, list[AppendixRow]] = {g.code: [] for g in groups()}
    previous: dict[int | None, str] = {}
    pending: list[AppendixRow] = []
    for row in rows:
        code = group_of_field(row.field)
        if code is None:
            if row.document_id in previous:
                code = previous[row.document_id]
            else:
                pending.append(row)
                continue
        for waiting in [r for r in pending if r.document_id == row.document_id]:
            by_group[code].append(waiting)
            pending.remove(waiting)
        previous[row.document_id] = code
        by_group[code].append(row)
    by_group[OTHER_GROUP].extend(pending)
    out: list[AppendixGroup] = []
    romans = [g.roman for g in groups()]
    for group in groups():
        members = by_group[group.code]
        if members:  # numbered in the order they appear: an empty group leaves no gap
            out.append(AppendixGroup(group.code, romans[len(out)], group.label, _numbered(members)))
    return out


def _numbered(rows: list[AppendixRow]) -> list[AppendixRow]:
    out: list[AppendixRow] = []
    number = 0
    parent = ""
    for row in rows:
        if row.breakdown:
            if fold(row.indicator) != parent:
                number += 1
                out.append(AppendixRow(number=str(number), indicator=row.indicator, heading=True, field=row.field))
                parent = fold(row.indicator)
            row.number = ""
        else:
            number += 1
            row.number = str(number)
            parent = fold(row.indicator)
        out.append(row)
    return out
