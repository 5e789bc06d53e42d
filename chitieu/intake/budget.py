"""What reading one upload may cost, and the one Vietnamese line that says which limit a file went over.

A ``Budget`` holds the limits of one upload: PDF pages, pages that need OCR, total conversion time, what an Office
package expands to, lines and characters of text, memory, and rows and cells of an Excel template. ``read_document``
applies it (``with applied(budget):``) and the readers ask ``current()``; each check raises ``LimitError`` naming
the file and the limit ("Tệp 'x.pdf' có 2.000 trang cần nhận dạng chữ (OCR), vượt giới hạn 50 trang."). Without a
budget (the CLI reading local files) only the readers' own fixed bounds apply. Time and memory are held by the
process a conversion runs in (``chitieu.intake.sandbox``). The web app builds its budget from the settings
(``Settings.upload_budget``, ``CHITIEU_UPLOAD_*``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from chitieu.errors import LimitError
from chitieu.numbers import format_number

MIB = 1024 * 1024
_MIN_TEXT_CHARS = 8  # a page with fewer characters in its text layer is a scan (as in ``pdf.py``)


@dataclass(frozen=True, slots=True)
class Budget:
    """The limits of one upload; a real plan document stays far inside each."""

    pages: int = 500  # pages of a PDF
    ocr_pages: int = 50  # pages (of a PDF, frames of an image) that need OCR
    seconds: float = 180.0  # the whole conversion: reading, OCR and extraction
    uncompressed_bytes: int = 64 * MIB  # what an Office package (.docx, .xlsx) expands to
    lines: int = 20_000  # lines of canonical text
    characters: int = 4_000_000  # characters of canonical text
    memory_bytes: int = 1536 * MIB  # address space of the process that converts
    rows: int = 5_000  # rows of an Excel template's sheets
    cells: int = 100_000  # cells of an Excel template
    isolated: bool = True  # convert in a separate process (``sandbox.run``): time and memory held, server unstalled


_CURRENT: ContextVar[Budget | None] = ContextVar("chitieu_budget", default=None)


def current() -> Budget | None:
    """The budget of the reading under way, None outside one."""
    return _CURRENT.get()


@contextmanager
def applied(budget: Budget | None) -> Iterator[None]:
    """Apply ``budget`` to the readings inside the block (None: leave the current one)."""
    if budget is None:
        yield
        return
    token = _CURRENT.set(budget)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _n(value: float) -> str:
    return format_number(int(value))


def over(path: str | Path, limit: str, what: str, bound: str) -> LimitError:
    """The error for a file over one limit: "Tệp 'name' <what>, vượt giới hạn <bound>."."""
    return LimitError(path, f"Tệp '{Path(path).name}' {what}, vượt giới hạn {bound}.", limit)


def check_pages(path: Path, pages: int) -> None:
    budget = current()
    if budget is not None and pages > budget.pages:
        raise over(path, "pages", f"có {_n(pages)} trang", f"{_n(budget.pages)} trang")


def check_ocr_pages(path: Path, pages: int) -> None:
    budget = current()
    if budget is not None and pages > budget.ocr_pages:
        raise over(path, "ocr_pages", f"có {_n(pages)} trang cần nhận dạng chữ (OCR)", f"{_n(budget.ocr_pages)} trang")


def check_pdf(path: Path, pages: int) -> None:
    """Before any page is parsed: the pages that need OCR, then all pages. PDFium counts the characters of the
    first pages (at most ``pages`` of the budget, a few milliseconds each); when most have none, the reader would
    OCR every page of the file."""
    budget = current()
    if budget is None:
        return
    looked = min(pages, budget.pages + 1)
    scanned = 0
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(looked):
            try:
                page = pdf[index]
            except pypdfium2.PdfiumError:
                continue  # a page PDFium cannot load: the reader decides what to do with it
            try:
                text = page.get_textpage()
                try:
                    scanned += text.count_chars() < _MIN_TEXT_CHARS
                finally:
                    text.close()
            finally:
                page.close()
    finally:
        pdf.close()
    if scanned > looked // 2:
        check_ocr_pages(path, pages)
    check_pages(path, pages)


def check_uncompressed(path: Path, total: int) -> None:
    budget = current()
    if budget is not None and total > budget.uncompressed_bytes:
        mib = max(1, total // MIB)
        raise over(path, "uncompressed_bytes", f"giải nén ra {_n(mib)} MB",
                   f"{_n(budget.uncompressed_bytes // MIB)} MB")


def check_text(path: Path, text: str) -> None:
    """The canonical text of a file: its characters, then its lines."""
    budget = current()
    if budget is None:
        return
    if len(text) > budget.characters:
        raise over(path, "characters", f"có {_n(len(text))} ký tự văn bản", f"{_n(budget.characters)} ký tự")
    lines = text.count("\n") + 1
    if lines > budget.lines:
        raise over(path, "lines", f"có {_n(lines)} dòng văn bản", f"{_n(budget.lines)} dòng")


def out_of_time(path: str | Path, budget: Budget) -> LimitError:
    return over(path, "seconds", f"cần hơn {_n(budget.seconds)} giây để chuyển đổi",
                f"thời gian {_n(budget.seconds)} giây")


def out_of_memory(path: str | Path, budget: Budget) -> LimitError:
    return over(path, "memory_bytes", "cần quá nhiều bộ nhớ để chuyển đổi",
                f"bộ nhớ {_n(budget.memory_bytes // MIB)} MB")
