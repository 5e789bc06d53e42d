"""PDF to canonical text: the text layer in reading order, tables as tab rows, scans through OCR.

Per page, pdfplumber's table finder gives the ruled tables (on a page without any, ``pdf_tables.py`` finds
tables from word positions); the remaining text lines are read top to bottom.
Lines repeated at the top or bottom of most pages (running headers, footers) and bare page numbers are
dropped. A line is joined to the previous one when that one does not end a sentence and this one starts in
lower case, or goes on a full-width line without starting a new, indented paragraph or a list item. Whole
bold lines are marked ``**``. Pages with no text layer but an image go to OCR (``ocr.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from chitieu.errors import InputError
from chitieu.intake.budget import check_pdf
from chitieu.intake.headings import split_marker
from chitieu.intake.pdf_tables import UnruledTables

MAX_PAGES = 2000
_EDGE = 0.08  # top and bottom share of a page where running headers and footers live
_PAGE_NUMBER = re.compile(r"^[\s\-–—.(\[]*\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—.)\]]*$")
_SENTENCE_END = (".", "!", "?", "…", ".”", ".\"")
_DIGITS = re.compile(r"\d+")
_MIN_TEXT_CHARS = 8
_SLIVER = 6.0  # points: a column narrower than this holds no text of its own
_PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


@dataclass(slots=True)
class TextLine:
    """A line of a page, or a table block (``table``), in points from the page's top left; OCR makes them too."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    bold: bool = False
    table: list[str] | None = None  # rows of a table block


def _probe(path: Path) -> int | str:
    """Why PDFium refused a file, asked of pdfminer: its page count, "password" or "corrupt"."""
    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        return "password" if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) else "corrupt"
    except (PDFSyntaxError, PSException, MalformedPDFException, KeyError, ValueError):
        return "corrupt"


def open_checked(path: Path) -> int:
    """Check with PDFium that the file is a readable, unencrypted PDF; return its page count."""
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        # PDFium's error code can be stale from an earlier document; ask pdfminer why instead.
        probe = _probe(path)
        if probe == 0:  # PDFium refuses a document without pages
            raise InputError(path, "tệp PDF không có trang nào") from exc
        if probe == "password" or (probe != "corrupt" and getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR):
            raise InputError(path, "tệp PDF được đặt mật khẩu, hãy gỡ mật khẩu rồi thử lại") from exc
        raise InputError(path, "tệp PDF bị hỏng hoặc không phải PDF") from exc
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages == 0:
        raise InputError(path, "tệp PDF không có trang nào")
    if pages > MAX_PAGES:
        raise InputError(path, f"tệp PDF quá nhiều trang ({pages}, tối đa {MAX_PAGES})")
    return pages


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _cell(text: str | None) -> str:
    return " ".join((text or "").split())


def _page_lines(page: pdfplumber.page.Page, number: int, unruled: UnruledTables | None = None) -> list[TextLine]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    lines: list[TextLine] = []
    for found in unruled.find(page) if unruled is not None and not tables else []:  # no ruling: word positions
        x0, top, x1, bottom = found.bbox
        boxes.append(found.bbox)
        if found.rows:  # none when all it held went on a cell of the previous page
            lines.append(TextLine(number, top, bottom, x0, x1, "", table=found.rows))
    for table in tables:
        grid = [[_cell(c) for c in row] for row in table.extract()]
        grid = [row for row in grid if any(row)]
        width = max((len(row) for row in grid), default=0)
        grid = [row + [""] * (width - len(row)) for row in grid]
        # The table finder makes a column for every ruling edge; drop the slivers no row uses.
        widths = [column.bbox[2] - column.bbox[0] for column in table.columns]
        used = [
            column for column in range(width)
            if any(row[column] for row in grid) or (column < len(widths) and widths[column] >= _SLIVER)
        ]
        rows = ["\t".join(row[column] for column in used) for row in grid]
        if len(used) == 1:
            rows = [row + "\t" for row in rows]
        if rows:
            x0, top, x1, bottom = table.bbox
            lines.append(TextLine(number, top, bottom, x0, x1, "", table=rows))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    for line in outside.extract_text_lines(strip=True, return_chars=True):
        text = " ".join(line["text"].split())
        if not text:
            continue
        chars = [c for c in line["chars"] if c["text"].strip()]
        bold = bool(chars) and sum("bold" in c.get("fontname", "").lower() for c in chars) >= 0.9 * len(chars)
        lines.append(TextLine(number, line["top"], line["bottom"], line["x0"], line["x1"], text, bold))
    lines.sort(key=lambda item: (item.top, item.x0))
    return lines


def _furniture(pages: list[list[TextLine]], heights: list[float]) -> set[str]:
    """Normalized texts of lines that repeat at the top or bottom of most pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen = {_DIGITS.sub("#", line.text) for line in lines
                if not line.table and (line.bottom < height * _EDGE or line.top > height * (1 - _EDGE))}
        counts.update(seen)
    return {text for text, count in counts.items() if count >= max(3, len(pages) // 2)}


def _starts_item(text: str) -> bool:
    marker, _, _, _ = split_marker(text)
    return marker is not None


def _join(lines: list[TextLine], left: float, right: float) -> list[str]:
    """Lines to paragraphs and table blocks, separated by blank lines."""
    blocks: list[str] = []
    previous: TextLine | None = None
    last_table: tuple[int, list[list[str]]] | None = None  # (page, rows) of the block just written
    for line in lines:
        if line.table:
            rows = [row.split("\t") for row in line.table]
            if last_table and last_table[0] == line.page - 1 and len(rows[0]) == len(last_table[1][-1]):
                _continue_table(last_table[1], rows)
                blocks[-1] = "\n".join("\t".join(row) for row in last_table[1])
            else:
                blocks.append("\n".join(line.table))
                last_table = (line.page, rows)
            last_table = (line.page, last_table[1])
            previous = None
            continue
        last_table = None
        text = f"**{line.text}**" if line.bold else line.text
        if previous is not None and _continues(previous, line, left, right):
            if line.bold and previous.bold and blocks[-1].endswith("**"):
                blocks[-1] = blocks[-1][:-2] + " " + line.text + "**"
            else:
                blocks[-1] += " " + text
        else:
            blocks.append(text)
        previous = line
    return blocks


def _continue_table(rows: list[list[str]], more: list[list[str]]) -> None:
    """Append a table's part from the next page; a first row with no number is the rest of a broken row."""
    first = more[0]
    if not first[0].strip() and sum(1 for cell in first if cell.strip()) <= 2:
        rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], first, strict=True)]
        more = more[1:]
    rows.extend(more)


def _continues(previous: TextLine, line: TextLine, left: float, right: float) -> bool:
    if previous.text.endswith(_SENTENCE_END) or _starts_item(line.text):
        return False
    if line.page == previous.page and line.top - previous.bottom > 1.2 * (line.bottom - line.top):
        return False  # a gap: a new paragraph
    first = line.text.lstrip("*“\"(")[:1]
    if first.islower() or first.isdigit():
        return True
    if previous.text.endswith((":", ";", ")")):
        return False  # a lead-in, a list item or a parenthesis closes; an upper-case line starts anew
    full_width = previous.x1 >= right - 0.08 * (right - left)
    indented = line.x0 > left + 12
    return full_width and not indented and previous.bold == line.bold


def pdf_to_text(path: Path, *, on_page: Callable[[int, int], None] | None = None) -> str:
    """Read a PDF as canonical text; pages without a text layer are OCR'd."""
    page_count = open_checked(path)
    check_pdf(path, page_count)  # an upload's budget: pages, and pages to OCR, counted before any is read
    pages: list[list[TextLine]] = []
    heights: list[float] = []
    scanned: list[int] = []
    unruled = UnruledTables()
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages):
                lines = _page_lines(page, number, unruled)
                textless = sum(len(line.text) for line in lines) < _MIN_TEXT_CHARS
                if textless and not any(line.table for line in lines) and (page.images or not lines):
                    scanned.append(number)
                pages.append(lines)
                heights.append(float(page.height))
                page.close()
    except (PDFSyntaxError, PSException, MalformedPDFException, PdfminerException, KeyError, ValueError,
            IndexError, TypeError) as exc:  # IndexError, TypeError: a broken MediaBox (found by fuzzing)
        raise InputError(path, f"tệp PDF bị hỏng ({exc.__class__.__name__})") from exc
    if len(scanned) == page_count or len(scanned) > page_count // 2:
        from chitieu.intake.ocr import ocr_pdf

        return ocr_pdf(path, on_page=on_page)
    return lines_to_text(pages, heights)


def lines_to_text(pages: list[list[TextLine]], heights: list[float]) -> str:
    """Canonical text of the pages' lines (each page top to bottom): furniture dropped, paragraphs joined."""
    furniture = _furniture(pages, heights)
    kept: list[TextLine] = []
    for lines, height in zip(pages, heights, strict=True):
        for line in lines:
            at_edge = line.bottom < height * _EDGE or line.top > height * (1 - _EDGE)
            if not line.table and at_edge and (
                _PAGE_NUMBER.match(line.text) or _DIGITS.sub("#", line.text) in furniture
            ):
                continue
            kept.append(line)
    text_lines = [line for line in kept if not line.table]
    left = min((line.x0 for line in text_lines), default=0.0)
    right = max((line.x1 for line in text_lines), default=0.0)
    if text_lines:
        # The body's right edge: the most common far right, not a stray wide line.
        edges = sorted(line.x1 for line in text_lines)
        right = edges[int(len(edges) * 0.9)]
    return "\n\n".join(_join(kept, left, right)) + "\n"
