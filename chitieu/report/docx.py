"""The appendix as a Word document: a real table in the appendix layout, Times New Roman, A4 landscape, the
two header rows repeated on every page, ready to paste into a report.

``new_document`` and ``add_appendix_table`` are shared with the progress report (``progress.py``).
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from chitieu.report.appendix import Appendix
from chitieu.report.wording import format_value, text, unit_label

FONT = "Times New Roman"
WIDTHS_CM = (1.2, 10.2, 2.4, 2.6, 2.6, 2.4, 3.2)  # 24.6 cm: A4 landscape less 2 cm margins each side


def new_document(landscape: bool = True) -> WordDocument:
    """An empty A4 document whose every style is Times New Roman (Vietnamese glyphs included)."""
    document = Document()
    for style in document.styles:
        element = getattr(style, "element", None)
        if element is None or not hasattr(style, "font"):
            continue
        style.font.name = FONT
        fonts = element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    document.styles["Normal"].font.size = Pt(12)
    _page(document.sections[0], landscape)
    return document


def _page(section: Section, landscape: bool) -> None:
    """A4, portrait or landscape, 2 cm side margins."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(1.8)


def landscape_section(document: WordDocument) -> None:
    """Go on from a new page in A4 landscape (for the appendix after a portrait report)."""
    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)


def heading(document: WordDocument, words: str, size: int = 13, bold: bool = True, italic: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(words)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)


def section_title(document: WordDocument, words: str) -> None:
    """A bold, left-aligned section title in the body font (not Word's coloured heading styles)."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(words)
    run.bold = True
    run.font.size = Pt(13)


def _write(cell: _Cell, words: str, bold: bool = False, align: int = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.text = words
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    for run in paragraph.runs:
        run.bold = bold
        run.font.size = Pt(12)


def set_widths(table: Table, widths_cm: tuple[float, ...]) -> None:
    """Column widths in the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        cells = row._tr.tc_lst
        if len(cells) == len(widths_cm):  # a row with merged cells keeps the grid's widths
            for tc, width in zip(cells, widths_cm, strict=True):
                tc.width = Cm(width)


def keep_rows_whole(table: Table) -> None:
    """No row breaks across two pages."""
    for row in table.rows:
        marker = OxmlElement("w:cantSplit")
        marker.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(marker)


def repeat_header(table: Table, rows: int) -> None:
    for row in table.rows[:rows]:
        properties = row._tr.get_or_add_trPr()
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        properties.append(marker)


def add_appendix_table(document: WordDocument, appendix: Appendix) -> Table:
    """The appendix table: two header rows, a bold row per group, a row per indicator."""
    body = sum(1 + len(group.rows) for group in appendix.groups)
    table = document.add_table(rows=2 + body, cols=7)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head = table.rows[0].cells
    for column, key in ((0, "number"), (1, "indicator"), (2, "unit")):
        merged = head[column].merge(table.rows[1].cells[column])
        _write(merged, text("columns", key), bold=True)
    _write(head[3].merge(head[5]), appendix.block_label(), bold=True)
    _write(head[6].merge(table.rows[1].cells[6]), appendix.next_label(), bold=True)
    for column, words in ((3, appendix.target_label()), (4, appendix.result_label()),
                          (5, appendix.comparison_label())):
        _write(table.rows[1].cells[column], words, bold=True)
    index = 2
    for group in appendix.groups:
        cells = table.rows[index].cells
        _write(cells[0], group.roman, bold=True)
        _write(cells[1].merge(cells[6]), group.label.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        index += 1
        for item in group.rows:
            cells = table.rows[index].cells
            bold = item.heading or (bool(item.number) and not item.breakdown)
            _write(cells[0], item.number, bold=bold)
            _write(cells[1], item.label, bold=bold, align=WD_ALIGN_PARAGRAPH.LEFT)
            _write(cells[2], unit_label(item.unit))
            if not item.heading:
                for column, words in ((3, item.target), (4, format_value(item.result) or item.result_text),
                                      (5, item.comparison), (6, item.next_target)):
                    _write(cells[column], words)
            index += 1
    set_widths(table, WIDTHS_CM)
    repeat_header(table, 2)
    keep_rows_whole(table)
    return table


def save(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def appendix_docx(appendix: Appendix) -> bytes:
    """The appendix as the bytes of a .docx document: title, province, the table."""
    document = new_document()
    heading(document, appendix.label().upper())
    heading(document, appendix.title)
    heading(document, appendix.subtitle(), size=12, bold=False, italic=True)
    heading(document, appendix.attached, size=12, bold=False, italic=True)
    add_appendix_table(document, appendix)
    return save(document)
