"""OCR: tables from ruled page images, bold and tilt measured, missing Tesseract named; the corpus as scans.

The layout tests draw their pages and need no Tesseract. The ``slow`` tests recognise text (tesseract + vie);
the corpus test turns each corpus document into an image-only PDF once per session and scores it.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pypdfium2
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from chitieu.errors import InputError
from chitieu.extract import extract
from chitieu.intake import layout, ocr
from chitieu.intake.readers import read_document
from tests.intake.corpus_files import docx_to_pdf, text_to_docx
from tests.intake.scoring import CORPUS, GOLD, f1, load_scorer, relocate

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
BOLD_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
OCR_F1 = 0.85
TABLE_ROWS = 0.9  # share of a document's table rows that must come back as tab rows
DPI = 200
WORKERS = 2


def _font(path: Path = FONT, size: int = 34) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default(size)


def _page_image(path: Path, lines: list[str]) -> Path:
    image = Image.new("L", (1654, 600), 255)  # A4 width at 200 dpi
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((120, 80 + number * 70), line, fill=0, font=_font())
    image.save(path)
    return path


def _has_vie() -> bool:
    return shutil.which("tesseract") is not None and "vie" in pytesseract.get_languages(config="")


# Two header rows ("TT" and "Chỉ tiêu" span both, the year spans two columns), then two body rows.
TABLE = [["TT", "Chỉ tiêu", "Năm 2020", ""], ["", "", "Kế hoạch", "Thực hiện"],
         ["1", "Thu ngân sách", "1.250", "1.310"], ["2", "Trồng rừng mới", "3.485", "3.600"]]
COLUMNS = [150, 290, 900, 1200, 1500]
ROWS = [300, 400, 500, 600, 700]


def _table_page(tilt: float = 0.0) -> Image.Image:
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    for y in ROWS:
        draw.line([(COLUMNS[2] if y == ROWS[1] else COLUMNS[0], y), (COLUMNS[-1], y)], fill=0, width=3)
    for x in COLUMNS:
        draw.line([(x, ROWS[1] if x == COLUMNS[3] else ROWS[0]), (x, ROWS[-1])], fill=0, width=3)
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            draw.text((COLUMNS[c] + 20, ROWS[r] + 30), text, fill=0, font=_font())
    draw.text((150, 150), "Phụ lục: kết quả thực hiện", fill=0, font=_font())
    return image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255) if tilt else image


def test_ruled_table_grid_and_spanning_cells() -> None:
    grids, rules = layout.find_tables(layout.ink_mask(_table_page()))
    assert len(grids) == 1
    grid = grids[0]
    assert len(grid.ys) == len(ROWS) and len(grid.xs) == len(COLUMNS)
    assert grid.anchor[(0, 3)] == (0, 2)  # the year spans two columns
    assert grid.anchor[(1, 0)] == (0, 0) and grid.anchor[(1, 1)] == (0, 1)  # TT and Chỉ tiêu span two rows
    assert grid.anchor[(1, 2)] == (1, 2) and grid.anchor[(2, 3)] == (2, 3)
    assert rules[ROWS[2], 1000] and not rules[ROWS[2] + 40, 1000]


def test_text_alone_has_no_table(tmp_path: Path) -> None:
    path = _page_image(tmp_path / "van-ban.png", ["Tỷ lệ hộ nghèo giảm 2% mỗi năm — theo kế hoạch.", "Il|||"])
    with Image.open(path) as image:
        grids, _ = layout.find_tables(layout.ink_mask(image))
    assert grids == []


def test_tilted_page_is_straightened() -> None:
    page = layout.deskew(_table_page(tilt=1.5))
    grids, _ = layout.find_tables(layout.ink_mask(page))
    assert len(grids) == 1 and len(grids[0].ys) == len(ROWS) and len(grids[0].xs) == len(COLUMNS)


def test_bold_strokes_are_wider() -> None:
    image = Image.new("L", (1654, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 50), "Mục tiêu chủ yếu", fill=0, font=_font())
    draw.text((120, 150), "Mục tiêu chủ yếu", fill=0, font=_font(BOLD_FONT))
    ink = layout.ink_mask(image)
    regular = layout.stroke(ink, layout.TextBox(100, 40, 900, 100))
    bold = layout.stroke(ink, layout.TextBox(100, 140, 900, 200))
    assert bold >= ocr.BOLD * regular


def test_missing_tesseract_names_the_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _page_image(tmp_path / "quet.png", ["Năm nay"])
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "khong-co-tesseract"))
    with pytest.raises(InputError, match="tesseract-ocr tesseract-ocr-vie"):
        read_document(path)


@pytest.mark.slow
def test_image_is_read(tmp_path: Path) -> None:
    if not _has_vie():
        pytest.skip("tesseract with the vie model is not installed")
    lines = ["Tỷ lệ hộ nghèo giảm bình quân 2% mỗi năm.", "Thu ngân sách đạt 1.250 tỷ đồng."]
    progress: list[tuple[int, int]] = []
    text = ocr.image_to_text(_page_image(tmp_path / "quet.png", lines), on_page=lambda d, t: progress.append((d, t)))
    assert "2%" in text and "1.250 tỷ đồng" in text and "nghèo" in text
    assert progress == [(1, 1)]


def test_page_on_its_side_is_noticed() -> None:
    page = _table_page()
    assert not layout.sideways(page)
    assert layout.sideways(page.rotate(90, expand=True))


@pytest.mark.slow
@pytest.mark.parametrize("turn", [0, 90], ids=["upright", "on-its-side"])
def test_scanned_table_comes_back_as_rows(tmp_path: Path, turn: int) -> None:
    if not _has_vie() or "osd" not in pytesseract.get_languages(config=""):
        pytest.skip("tesseract with the vie and osd models is not installed")
    path = tmp_path / "phu-luc.png"
    _table_page(tilt=0.8).rotate(turn, expand=True).save(path, dpi=(DPI, DPI))
    rows = [line.split("\t") for line in ocr.image_to_text(path).splitlines() if "\t" in line]
    assert len(rows) == len(TABLE)
    assert all(len(row) == len(COLUMNS) - 1 for row in rows)
    assert rows[0][2] == "Năm 2020" and rows[0][3] == ""
    assert rows[2][1:] == ["Thu ngân sách", "1.250", "1.310"]
    assert rows[3][1:] == ["Trồng rừng mới", "3.485", "3.600"]


# The corpus as scans: each document built, printed to PDF, rendered and recognised once per session.


def scan(pdf: Path, out: Path, dpi: int = DPI) -> Path:
    """An image-only PDF of ``pdf``'s pages at ``dpi``, as a scanner would make."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def _read_scan(source: Path, folder: Path) -> tuple[str, list[dict[str, Any]], int]:
    """(OCR text, scorer records, source table rows) of one corpus document read back from its scan."""
    folder.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    pdf = docx_to_pdf(text_to_docx(text, folder / f"{source.stem}.docx"), folder)
    document = read_document(scan(pdf, folder / f"{source.stem}-scan.pdf"))
    assert document.source_format == "pdf"
    records = relocate(extract(document).items, document.text, text)
    return document.text, records, sum("\t" in line for line in text.splitlines())


def _stems() -> list[str]:
    return sorted(path.stem for path in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def scanned_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, list, int]]]:
    if not _stems() or not GOLD.is_dir():
        pytest.skip("../shared/corpus or its gold is not here")
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not _has_vie():
        pytest.skip("tesseract with the vie model is not installed")
    folder = tmp_path_factory.mktemp("scans")
    sources = sorted(CORPUS.glob("*.txt"), key=lambda path: -path.stat().st_size)  # longest first
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OMP_THREAD_LIMIT", "1")
        workers = min(WORKERS, os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {s.stem: pool.submit(_read_scan, s, folder / s.stem) for s in sources}
            yield {stem: future.result() for stem, future in futures.items()}


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("stem", _stems())
def test_scanned_tables_come_back(stem: str, scanned_corpus: dict[str, tuple[str, list, int]]) -> None:
    text, _, table_rows = scanned_corpus[stem]
    rows = sum("\t" in line for line in text.splitlines())
    assert rows >= TABLE_ROWS * table_rows, f"{stem}: {rows} of {table_rows} table rows"


@pytest.mark.slow
@pytest.mark.corpus
def test_scanned_corpus_scores(scanned_corpus: dict[str, tuple[str, list, int]]) -> None:
    scorer = load_scorer()
    predictions = {stem: records for stem, (_, records, _) in scanned_corpus.items()}
    result = f1(scorer, predictions)
    each = {stem: round(f1(scorer, {stem: records})["f1"], 3) for stem, records in predictions.items()}
    print(f"scanned corpus: F1 {result['f1']:.3f}, by document {each}")
    assert result["f1"] >= OCR_F1, (result, each)
