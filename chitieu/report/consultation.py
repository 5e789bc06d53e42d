"""Exports of a consultation: the consolidated report in the offices' form ("BÁO CÁO TỔNG HỢP Ý KIẾN ĐÓNG GÓP VÀO
DỰ THẢO ...") as .docx, and every response line by line as .xlsx. The wording is ``data/consultation.yaml``;
numbers are written the Vietnamese way ("1.100", "6,5"). Each function takes what ``register.consultation``
returns and gives the file's bytes; ``consolidation_file`` is the one step from a consultation to its file, for the
CLI and the pages alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from chitieu.datafiles import TEXTS, datafile
from chitieu.moments import local as to_local
from chitieu.moments import shown_time
from chitieu.register import Register
from chitieu.register.consultation import (
    CHANGE_KINDS,
    Consolidation,
    RawRow,
    TargetRef,
    TargetSummary,
    VersionDiff,
    consolidate,
    diff_versions,
    raw_responses,
)
from chitieu.register.db import JUDGEMENTS
from chitieu.report.cells import workbook_bytes
from chitieu.report.docx import heading, keep_rows_whole, new_document, repeat_header, save, section_title, set_widths
from chitieu.report.wording import format_span, format_target, format_value, phrase, read_wording
from chitieu.report.xlsx import BORDER, CENTER, LEFT, font

WORDING = datafile(__file__, "consultation", {"judgements": TEXTS, "states": TEXTS, "changes": TEXTS, "report": TEXTS,
                                              "columns": TEXTS, "sheets": TEXTS})
DATA = WORDING.path
STATES = ("submitted", "draft", "none")
WIDTHS_CM = (1.0, 4.4, 1.9, 1.4, 1.3, 1.5, 1.5, 2.2, 1.6)  # 16.8 cm: A4 portrait less 2 cm margins each side
SHEET_WIDTHS = {"organisation": 34, "state": 18, "submitted_at": 18, "section": 40, "target": 46, "draft": 14,
                "unit": 12, "judgement": 16, "proposed_value": 14, "reason": 40, "line": 8, "comment": 60}


@cache
def wording() -> dict[str, Any]:
    """The wording file, checked: every code has its label, every section is there."""
    return read_wording(WORDING, {"judgements": JUDGEMENTS, "states": STATES, "changes": CHANGE_KINDS})


def text(section: str, key: str, **values: Any) -> str:
    return phrase(wording(), DATA, section, key, **values)


def judgement_label(code: str) -> str:
    return text("judgements", code)


def state_label(code: str) -> str:
    return text("states", code)


def change_label(code: str) -> str:
    return text("changes", code)


def when(moment: datetime | None) -> str:
    """A stored time in Vietnam's time: "17:00 ngày 15/04/2026"."""
    return shown_time(moment) if moment else ""


def local(moment: datetime | None) -> datetime | None:
    """A stored (UTC) time in Vietnam's time, without a time zone (for spreadsheet cells)."""
    return to_local(moment)


def draft_value(bound: str, value: float | None, value_max: float | None, unit: str | None) -> str:
    """A target as the draft states it: "≥ 8%/năm", "1.100 tỷ đồng"."""
    written = format_target(bound, value, value_max)
    if not written or not unit:
        return written
    return f"{written}{unit}" if unit.startswith("%") else f"{written} {unit}"


def target_draft(target: TargetSummary | TargetRef) -> str:
    return draft_value(target.bound, target.value, target.value_max, target.unit)


def proposed_range(target: TargetSummary) -> str:
    low, high = target.proposed_min, target.proposed_max
    if low is None:
        return ""
    return format_value(low) if low == high else format_span(low, high)


def section_name(path: str) -> str:
    return path or text("report", "preamble")


# Word ------------------------------------------------------------------------------------------------------------

def _paragraph(document: WordDocument, words: str, *, bold: bool = False, italic: bool = False,
               indent: float = 0.0) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Pt(indent * 28)
    run = paragraph.add_run(words)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(13)


def _cell(cell: Any, words: str, bold: bool = False, left: bool = False, size: int = 11) -> None:
    cell.text = words
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.bold = bold
        run.font.size = Pt(size)


def _targets_table(document: WordDocument, targets: Sequence[TargetSummary]) -> None:
    headers = [text("columns", "number"), text("columns", "target"), text("columns", "draft"),
               text("columns", "responded"), *(judgement_label(code) for code in JUDGEMENTS),
               text("columns", "proposed_range"), text("columns", "proposed_median")]
    table = document.add_table(rows=1 + len(targets), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, words in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, words, bold=True, size=10)
    for number, (row, target) in enumerate(zip(table.rows[1:], targets, strict=True), 1):
        values = [str(number), target.label, target_draft(target), str(target.responded),
                  *(str(target.counts[code]) for code in JUDGEMENTS), proposed_range(target),
                  format_value(target.proposed_median)]
        for column, (cell, words) in enumerate(zip(row.cells, values, strict=True)):
            _cell(cell, words, left=column == 1, size=10)
    set_widths(table, WIDTHS_CM)
    repeat_header(table, 1)
    keep_rows_whole(table)


def _target_details(document: WordDocument, targets: Sequence[TargetSummary]) -> None:
    detailed = [t for t in targets if t.proposals or t.comments or (t.evidence and t.evidence.kind)]
    if not detailed:
        return
    document.add_paragraph()
    _paragraph(document, text("report", "details"), italic=True, indent=1)
    for target in detailed:
        _paragraph(document, "- " + text("report", "target_line", label=target.label, draft=target_draft(target)),
                   bold=True, indent=1)
        if target.evidence is not None and target.evidence.kind:
            _paragraph(document, "+ " + text("report", "evidence", label=target.evidence.label,
                                             note=target.evidence.note), italic=True, indent=1)
        for proposal in target.proposals:
            words = text("report", "proposal", organisation=proposal.organisation,
                         judgement=judgement_label(proposal.code))
            if proposal.value is not None:
                words += ", " + text("report", "proposed_value", value=format_value(proposal.value))
            if proposal.reason:
                words += "; " + proposal.reason.rstrip(" .")
            _paragraph(document, f"+ {words}.", indent=1)
        for comment in target.comments:
            _paragraph(document, f"+ {comment.organisation}: {comment.text}", indent=1)


def _sections(document: WordDocument, consolidation: Consolidation) -> None:
    shown = [s for s in consolidation.sections if s.comments or s.questions]
    if not any(s.comments for s in shown):
        _paragraph(document, text("report", "sections_none"), indent=1)
    for section in shown:
        _paragraph(document, text("report", "section_line", path=section_name(section.path), count=section.responded),
                   bold=True, indent=1)
        for question in section.questions:
            _paragraph(document, text("report", "question", text=question), italic=True, indent=1)
        for comment in section.comments:
            where = f" ({text('report', 'at_line', line=comment.line)})" if comment.line else ""
            _paragraph(document, f"- {comment.organisation}{where}: {comment.text}", indent=1)


def _changes(document: WordDocument, diff: VersionDiff) -> None:
    section_title(document, text("report", "part_changes", new=diff.new_number, old=diff.old_number))
    if not diff.changes:
        _paragraph(document, text("report", "changes_none"), indent=1)
    for change in diff.changes:
        target = change.new or change.old
        assert target is not None
        _paragraph(document, "- " + text("report", "change_line", kind=change_label(change.kind), label=target.label,
                                         old=diff.old_number, new=diff.new_number,
                                         before=target_draft(change.old) if change.old else "-",
                                         after=target_draft(change.new) if change.new else "-"), indent=1)
        names = sorted({p.organisation for p in change.proposals} | {c.organisation for c in change.comments})
        if names:
            _paragraph(document, text("report", "asked_by", names=", ".join(names)), italic=True, indent=1)


def consolidation_docx(consolidation: Consolidation, diff: VersionDiff | None = None) -> bytes:
    """The consolidated report as the bytes of a .docx (A4 portrait, Times New Roman)."""
    c = consolidation
    document = new_document(landscape=False)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    _cell(left, (c.issuer or "").upper(), bold=True)
    _cell(right, text("report", "party"), bold=True)
    local = to_local(c.as_of)
    assert local is not None
    dated = right.add_paragraph(text("report", "dated", day=local.day, month=local.month, year=local.year))
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading(document, text("report", "title", title=c.title.upper()), size=14)
    heading(document, text("report", "subtitle", version=c.version, as_of=when(c.as_of)), size=12, bold=False,
            italic=True)
    section_title(document, text("report", "part_process"))
    invited = len(c.invitees)
    _paragraph(document, text("report", "invited", invited=invited, deadline=when(c.deadline)), indent=1)
    _paragraph(document, text("report", "received", as_of=when(c.as_of), submitted=len(c.submitted),
                              invited=invited), indent=1)
    if c.submitted:
        _paragraph(document, text("report", "submitted_list", names=", ".join(c.submitted)), indent=1)
    missing = text("report", "missing_list", names=", ".join(c.missing)) if c.missing else text("report",
                                                                                                "missing_none")
    _paragraph(document, missing, indent=1)
    section_title(document, text("report", "part_targets"))
    if c.targets:
        _targets_table(document, c.targets)
        _target_details(document, c.targets)
    else:
        _paragraph(document, text("report", "targets_none"), indent=1)
    section_title(document, text("report", "part_sections"))
    _sections(document, c)
    section_title(document, text("report", "part_general"))
    for question in c.general_questions:
        _paragraph(document, text("report", "question", text=question), italic=True, indent=1)
    for comment in c.general:
        _paragraph(document, f"- {comment.organisation}: {comment.text}", indent=1)
    if not c.general:
        _paragraph(document, text("report", "general_none"), indent=1)
    if diff is not None:
        _changes(document, diff)
    return save(document)


# Excel -----------------------------------------------------------------------------------------------------------

def _sheet(ws: Worksheet, title: str, keys: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    ws.title = title
    for column, key in enumerate(keys, 1):
        cell = ws.cell(row=1, column=column, value=text("columns", key))
        cell.font, cell.alignment, cell.border = font(bold=True), CENTER, BORDER
        ws.column_dimensions[cell.column_letter].width = SHEET_WIDTHS[key]
    for number, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            cell = ws.cell(row=number, column=column, value=value)
            cell.font, cell.border = font(), BORDER
            cell.alignment = LEFT if isinstance(value, str) else CENTER
            if isinstance(value, float):
                cell.number_format = "[$-42A]#,##0.####"
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def responses_xlsx(consolidation: Consolidation, rows: Sequence[RawRow]) -> bytes:
    """Every judgement and comment, one row each, and the invited organisations with their state."""
    workbook = Workbook()
    judged = workbook.active
    assert judged is not None
    _sheet(judged, text("sheets", "judgements"),
           ("organisation", "state", "submitted_at", "section", "target", "draft", "unit", "judgement",
            "proposed_value", "reason"),
           [(r.organisation, state_label(r.state), local(r.submitted_at), section_name(r.section_path), r.target,
             format_target(r.draft_bound, r.draft_value, r.draft_value_max), r.unit, judgement_label(r.code),
             r.proposed_value, r.reason)
            for r in rows if r.code is not None])
    _sheet(workbook.create_sheet(), text("sheets", "comments"),
           ("organisation", "state", "submitted_at", "section", "line", "target", "comment"),
           [(r.organisation, state_label(r.state), local(r.submitted_at),
             section_name(r.section_path) if r.section_path or r.target else text("report", "whole"), r.line,
             r.target, r.text) for r in rows if r.text is not None])
    _sheet(workbook.create_sheet(), text("sheets", "invitees"), ("organisation", "state", "submitted_at"),
           [(i.name, state_label(i.state), local(i.submitted_at)) for i in consolidation.invitees])
    return workbook_bytes(workbook)


# The one step from a consultation to its file ---------------------------------------------------------------------

FILE_KINDS = ("docx", "xlsx")


@dataclass(frozen=True, slots=True)
class ConsolidationFile:
    name: str  # a name to save it under: tong-hop-y-kien-3-lan-1.docx, y-kien-3-lan-1.xlsx
    data: bytes
    consolidation: Consolidation


def consolidation_file(register: Register, consultation_id: int, kind: str, *, now: datetime,
                       version: int | None = None, changes: bool = False) -> ConsolidationFile:
    """The consolidated report (``kind`` "docx", with the targets changed in the next version when ``changes``) or
    every response ("xlsx") on a version of the draft, the latest by default; ``now`` decides which deadlines
    have passed."""
    if kind not in FILE_KINDS:
        raise ValueError(f"kind must be one of {FILE_KINDS}, not {kind!r}")
    report = consolidate(register, consultation_id, now=now, version=version)
    if kind == "xlsx":
        data = responses_xlsx(report, raw_responses(register, consultation_id, version=version))
        return ConsolidationFile(f"y-kien-{consultation_id}-lan-{report.version}.xlsx", data, report)
    diff = diff_versions(register, consultation_id, report.version, report.version + 1) if changes else None
    return ConsolidationFile(f"tong-hop-y-kien-{consultation_id}-lan-{report.version}.docx",
                             consolidation_docx(report, diff), report)
