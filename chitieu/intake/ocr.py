"""Scanned documents: Tesseract (``vie``) over page images.

PDF pages are rendered at 200 dpi with PDFium and recognised in parallel (a bounded thread pool: Tesseract
runs as a separate process, so threads suffice; each gets one OpenMP thread, as pages are the parallel unit).
Images (.png, .jpg, .tif) are read directly, every frame of a multi-page TIFF included. Each page is
straightened (turned upright too, when it reads badly or lies on its side); ruled tables are found and their
cells recognised apart (``layout.py``); the rest is read with Tesseract's page layout. Lines are measured in
points and lines with strokes much wider than the document's usual are bold, so that the PDF reader's rules
(running headers and page numbers dropped, lines joined into paragraphs, a table going on over pages) apply
to them unchanged.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

import pypdfium2
import pytesseract
from PIL import Image, ImageSequence, UnidentifiedImageError

from chitieu.errors import InputError
from chitieu.intake.budget import check_ocr_pages
from chitieu.intake.layout import (
    Cell,
    Mosaic,
    TextBox,
    Word,
    deskew,
    erase,
    find_tables,
    ink_mask,
    sideways,
    stroke,
    tables,
    text_lines,
    words_from_data,
)
from chitieu.intake.pdf import TextLine, lines_to_text

DPI = 200
LANGUAGE = "vie"
MAX_WORKERS = 4
MAX_IMAGE_PIXELS = 100_000_000  # a 200-dpi A0 sheet is about 70 million
PAGE_TIMEOUT = 300  # seconds Tesseract may spend on one page
A4_WIDTH = 8.27  # inches: the page size assumed when an image does not state its resolution
LOW_CONFIDENCE = 50.0  # mean word confidence (0-100) under which a page may be upside down or on its side
BOLD = 1.35  # a line whose strokes are this much wider than the document's usual is bold
MIN_COLUMN = 6.0  # points: a narrower column with no text is a double rule, not a column
_INSTALL = "hãy cài gói Debian tesseract-ocr tesseract-ocr-vie"

OnPage = Callable[[int, int], None]


def check_tesseract(path: Path) -> None:
    """Refuse with an actionable message when Tesseract or its Vietnamese model is missing."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise InputError(path, f"tệp là bản quét cần nhận dạng chữ (OCR) nhưng máy chưa có Tesseract: {_INSTALL}")
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError) as exc:
        raise InputError(path, f"không chạy được Tesseract: {_INSTALL}") from exc
    if LANGUAGE not in languages:
        raise InputError(path, f"Tesseract chưa có mô hình tiếng Việt (vie): {_INSTALL}")


def _recognise(image: Image.Image, path: Path, psm: int) -> dict[str, list]:
    try:
        return pytesseract.image_to_data(
            image, lang=LANGUAGE, config=f"--psm {psm}", timeout=PAGE_TIMEOUT, output_type=pytesseract.Output.DICT
        )
    except RuntimeError as exc:  # pytesseract signals its timeout with a bare RuntimeError
        raise InputError(path, "nhận dạng chữ (OCR) một trang quá lâu") from exc
    except pytesseract.TesseractError as exc:
        raise InputError(path, f"Tesseract báo lỗi: {exc.message.strip()[:120]}") from exc


def _dpi(image: Image.Image) -> float:
    stated = image.info.get("dpi")
    if stated and float(stated[0]) >= 72:
        return float(stated[0])
    return image.width / A4_WIDTH


@dataclass(slots=True)
class Page:
    """One recognised page: lines and tables in points, each text line's stroke width, the height in points."""

    lines: list[TextLine]
    strokes: list[float]
    height: float


def _turned(page: Image.Image) -> Image.Image:
    """The page turned upright as Tesseract's orientation detection (``osd``) sees it; as it was when unsure."""
    try:
        osd = pytesseract.image_to_osd(page, output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT)
    except (pytesseract.TesseractError, RuntimeError):  # too little text to tell, or no osd model
        return page
    turn = int(osd.get("rotate", 0)) % 360
    return page.rotate(-turn, expand=True, fillcolor=255) if turn else page


def read_page(image: Image.Image, path: Path, number: int, dpi: float) -> Page:
    """Recognise one page, straightened: ruled tables cell by cell, the rest as laid out.

    A page whose lines seem to run down, or whose words are mostly unsure, is read again turned as
    Tesseract's orientation detection says, and the surer reading is kept.
    """
    page = image.convert("L")
    result, confidence = _read(deskew(page), path, number, dpi)
    if confidence < LOW_CONFIDENCE or sideways(page):
        turned = _turned(page)
        if turned is not page:
            again, surer = _read(deskew(turned), path, number, dpi)
            if surer > confidence:
                result = again
    return result


def _read(page: Image.Image, path: Path, number: int, dpi: float) -> tuple[Page, float]:
    """The page's lines and tables, and the mean confidence of its words."""
    ink = ink_mask(page)
    points = 72 / dpi
    grids, rules = find_tables(ink)
    boxes: list[TextBox] = []
    words: list[Word] = []
    if grids:
        clean, page = erase(page, rules, grids)
        cells: dict[Cell, list[Word]] = {}
        for mosaic in Mosaic.build(clean, grids):
            # A stack of cells is one uniform block of text (psm 6).
            found = words_from_data(_recognise(mosaic.image, path, 6))
            cells.update(mosaic.cells(found))
            words += found
        boxes += tables(grids, cells, MIN_COLUMN / points)
    found = words_from_data(_recognise(page, path, 3))
    words += found
    boxes += text_lines(found)
    boxes.sort(key=lambda box: (box.top, box.left))
    lines = [
        TextLine(number, box.top * points, box.bottom * points, box.left * points, box.right * points, box.text,
                 table=box.rows)
        for box in boxes
    ]
    strokes = [0.0 if box.rows else stroke(ink, box) for box in boxes]
    confidence = sum(word.confidence for word in words) / len(words) if words else 100.0
    return Page(lines, strokes, page.height * points), confidence


def _mark_bold(pages: list[Page]) -> None:
    """Bold lines have strokes much wider than the document's usual: the median over its letters."""
    measured = sorted(
        (width, len(line.text)) for page in pages for line, width in zip(page.lines, page.strokes, strict=True)
        if line.text and width > 0
    )
    half = sum(letters for _, letters in measured) / 2
    usual, seen = 0.0, 0
    for width, letters in measured:
        seen += letters
        if seen >= half:
            usual = width
            break
    for page in pages:
        for line, width in zip(page.lines, page.strokes, strict=True):
            line.bold = bool(line.text) and usual > 0 and width >= BOLD * usual


def _workers(pages: int) -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, pages))


def _run(path: Path, count: int, page_image: Callable[[int], tuple[Image.Image, float]], on_page: OnPage | None) -> str:
    pages: list[Page] = [Page([], [], 0.0)] * count
    done = 0
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract's own threads would fight the page pool

    def job(index: int) -> Page:
        image, dpi = page_image(index)
        try:
            return read_page(image, path, index, dpi)
        finally:
            image.close()

    with ThreadPoolExecutor(max_workers=_workers(count)) as pool:
        futures = {pool.submit(job, index): index for index in range(count)}
        for future in as_completed(futures):
            pages[futures[future]] = future.result()
            done += 1
            if on_page:
                on_page(done, count)
    _mark_bold(pages)
    return lines_to_text([page.lines for page in pages], [page.height for page in pages])


def ocr_pdf(path: Path, *, on_page: OnPage | None = None, pages: list[int] | None = None) -> str:
    """Recognise the text of a scanned PDF (all pages, or ``pages``)."""
    check_tesseract(path)
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise InputError(path, "tệp PDF bị hỏng hoặc được đặt mật khẩu") from exc
    try:
        indices = pages if pages is not None else list(range(len(pdf)))
        lock = Lock()  # PDFium is not thread-safe: render one page at a time, recognise in parallel

        def render(position: int) -> tuple[Image.Image, float]:
            with lock:
                page = pdf[indices[position]]
                try:
                    return page.render(scale=DPI / 72, grayscale=True).to_pil(), DPI
                finally:
                    page.close()

        return _run(path, len(indices), render, on_page)
    except pypdfium2.PdfiumError as exc:  # a page that cannot be loaded (found by fuzzing)
        raise InputError(path, f"tệp PDF bị hỏng ({exc})") from exc
    finally:
        pdf.close()


def image_to_text(path: Path, *, on_page: OnPage | None = None) -> str:
    """Recognise the text of an image file; each frame of a multi-page TIFF is a page."""
    check_tesseract(path)
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            check_ocr_pages(path, getattr(image, "n_frames", 1))  # an upload's budget, before any frame is read
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise InputError(path, "tệp ảnh hỏng, quá lớn hoặc không phải ảnh") from exc
    return _run(path, len(frames), lambda index: (frames[index], _dpi(frames[index])), on_page)
