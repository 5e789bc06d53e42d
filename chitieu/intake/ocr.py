"""Scanned documents: Tesseract (``vie``) over page images.

PDF pages are rendered at 200 dpi with PDFium and recognised in parallel (a bounded thread pool: Tesseract
runs as a separate process, so threads suffice). Images (.png, .jpg, .tif) are read directly, every frame of
a multi-page TIFF included. Recognised lines go through the same paragraph rules as a PDF text layer would
need, kept simple: Tesseract already returns one block per paragraph.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from threading import Lock

import pypdfium2
import pytesseract
from PIL import Image, ImageSequence, UnidentifiedImageError

from chitieu.errors import InputError

DPI = 200
LANGUAGE = "vie"
MAX_WORKERS = 4
MAX_IMAGE_PIXELS = 100_000_000  # a 200-dpi A0 sheet is about 70 million
PAGE_TIMEOUT = 300  # seconds Tesseract may spend on one page
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


def _recognise(image: Image.Image, path: Path) -> str:
    try:
        data = pytesseract.image_to_string(image, lang=LANGUAGE, config="--psm 3", timeout=PAGE_TIMEOUT)
    except RuntimeError as exc:  # pytesseract signals its timeout with a bare RuntimeError
        raise InputError(path, "nhận dạng chữ (OCR) một trang quá lâu") from exc
    except pytesseract.TesseractError as exc:
        raise InputError(path, f"Tesseract báo lỗi: {exc.message.strip()[:120]}") from exc
    blocks = [" ".join(block.split()) for block in data.split("\n\n")]
    return "\n\n".join(block for block in blocks if block)


def _workers(pages: int) -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, pages))


def _run(path: Path, count: int, page_image: Callable[[int], Image.Image], on_page: OnPage | None) -> str:
    texts: list[str] = [""] * count
    done = 0

    def job(index: int) -> str:
        image = page_image(index)
        try:
            return _recognise(image, path)
        finally:
            image.close()

    with ThreadPoolExecutor(max_workers=_workers(count)) as pool:
        futures = {pool.submit(job, index): index for index in range(count)}
        for future in as_completed(futures):
            texts[futures[future]] = future.result()
            done += 1
            if on_page:
                on_page(done, count)
    return "\n\n".join(text for text in texts if text) + "\n"


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

        def render(position: int) -> Image.Image:
            with lock:
                page = pdf[indices[position]]
                try:
                    return page.render(scale=DPI / 72).to_pil()
                finally:
                    page.close()

        return _run(path, len(indices), render, on_page)
    finally:
        pdf.close()


def image_to_text(path: Path, *, on_page: OnPage | None = None) -> str:
    """Recognise the text of an image file; each frame of a multi-page TIFF is a page."""
    check_tesseract(path)
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise InputError(path, "tệp ảnh hỏng, quá lớn hoặc không phải ảnh") from exc
    return _run(path, len(frames), lambda index: frames[index], on_page)
