"""Choose a reader by file type and turn any supported file into a ``Document``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chitieu.errors import InputError
from chitieu.intake.archive import check_package, check_sheets
from chitieu.intake.budget import Budget, applied, check_pdf, check_text
from chitieu.intake.document import Document
from chitieu.intake.docx import docx_to_text
from chitieu.intake.html import html_to_text
from chitieu.intake.ocr import image_to_text
from chitieu.intake.pdf import open_checked, pdf_to_text
from chitieu.intake.text import decode_text, pipe_rows_to_cells

MAX_BYTES = 200 * 1024 * 1024

Reader = Callable[[Path], str]


def read_text_file(path: Path) -> str:
    return pipe_rows_to_cells(decode_text(path.read_bytes(), path))


def _readers() -> dict[str, tuple[str, Reader]]:
    return {
        ".txt": ("text", read_text_file),
        ".md": ("text", read_text_file),
        ".markdown": ("text", read_text_file),
        ".docx": ("docx", docx_to_text),
        ".pdf": ("pdf", pdf_to_text),
        ".html": ("html", html_to_text),
        ".htm": ("html", html_to_text),
        ".png": ("image", image_to_text),
        ".jpg": ("image", image_to_text),
        ".jpeg": ("image", image_to_text),
        ".tif": ("image", image_to_text),
        ".tiff": ("image", image_to_text),
    }


def supported_suffixes() -> frozenset[str]:
    """The file suffixes chitieu can read (".docx", ".pdf", ...)."""
    return frozenset(_readers())


def read_document(path: str | Path, budget: Budget | None = None) -> Document:
    """Read one file of a supported format; raise ``InputError`` naming the file if it cannot be read, and
    ``LimitError`` (one) if it is over a limit of ``budget`` (``chitieu.intake.budget``)."""
    with applied(budget):
        return _read(Path(path))


def _read(path: Path) -> Document:
    if not path.is_file():
        raise InputError(path, "không tìm thấy tệp")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "tệp rỗng")
    if size > MAX_BYTES:
        raise InputError(path, f"tệp quá lớn ({size // (1024 * 1024)} MB, tối đa {MAX_BYTES // (1024 * 1024)} MB)")
    readers = _readers()
    suffix = path.suffix.lower()
    if suffix not in readers:
        known = ", ".join(sorted(readers))
        raise InputError(path, f"không hỗ trợ định dạng '{suffix or '(không có đuôi)'}' (hỗ trợ: {known})")
    source_format, reader = readers[suffix]
    try:
        text = reader(path)
    except InputError:
        raise
    except (OSError, ValueError, UnicodeError) as exc:
        raise InputError(path, f"tệp hỏng hoặc không đúng định dạng ({exc.__class__.__name__})") from exc
    if not text.strip():
        raise InputError(path, "không có nội dung văn bản")
    check_text(path, text)
    return Document.from_text(text, path.stem, source_format=source_format, path=str(path))


def check_upload(path: Path) -> None:
    """The cheap checks of the current budget (``chitieu.intake.budget``), without reading a file's content: a
    package's directory and expanded size (and an Excel template's rows and cells, streamed), a PDF's pages and
    pages to OCR, an image's frames. A file that passes may still be refused while it is read."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        check_package(path, "word/document.xml", "Word .docx")
    elif suffix == ".xlsx":
        check_package(path, "xl/workbook.xml", "Excel .xlsx")
        check_sheets(path)
    elif suffix == ".pdf":
        check_pdf(path, open_checked(path))
