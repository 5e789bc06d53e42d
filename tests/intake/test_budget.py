"""An upload's budget (``chitieu.intake.budget``): each limit refuses a cheap hostile file early, in one line naming
the file and the limit; without a budget the readers behave as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from chitieu.errors import LimitError
from chitieu.intake import Budget, read_document
from chitieu.intake import pdf as pdf_reader
from tests.intake.hostile_files import inflated_docx, scanned_pdf
from tests.intake.pdf_files import write_pdf


def _over(path: Path, budget: Budget, limit: str) -> str:
    with pytest.raises(LimitError) as info:
        read_document(path, budget)
    assert info.value.limit == limit
    message = str(info.value)
    assert "\n" not in message and f"'{path.name}'" in message and "vượt giới hạn" in message
    return message


def test_a_2000_page_scan_is_refused_before_any_page_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = scanned_pdf(tmp_path / "quet.pdf", 2000)
    assert path.stat().st_size < 400 * 1024

    def not_reached(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("pages were parsed or OCR'd before the budget refused the file")

    monkeypatch.setattr(pdf_reader.pdfplumber, "open", not_reached)
    message = _over(path, Budget(), "ocr_pages")
    assert message == "Tệp 'quet.pdf' có 2.000 trang cần nhận dạng chữ (OCR), vượt giới hạn 50 trang."


def test_pages_to_ocr_are_counted_against_their_own_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pdf_reader.pdfplumber, "open", lambda *_a, **_k: pytest.fail("read before refused"))
    _over(scanned_pdf(tmp_path / "quet-30.pdf", 30), Budget(ocr_pages=20), "ocr_pages")


def test_a_text_pdf_over_the_page_limit(tmp_path: Path):
    path = write_pdf(tmp_path / "dai.pdf", [[(72, 100, f"Trang {n}")] for n in range(12)])
    message = _over(path, Budget(pages=10), "pages")
    assert message == "Tệp 'dai.pdf' có 12 trang, vượt giới hạn 10 trang."
    assert "Trang 11" in read_document(path, Budget(pages=12)).text


def test_image_frames_are_pages_to_ocr(tmp_path: Path):
    path = tmp_path / "nhieu-trang.tif"
    frames = [Image.new("L", (40, 40), 255) for _ in range(4)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    _over(path, Budget(ocr_pages=3), "ocr_pages")


def test_a_docx_under_the_ratio_limit_is_held_by_the_expanded_size(tmp_path: Path):
    """The 5.4 MB .docx holding 100 MB of XML, scaled down: its parts compress about 13 times, which the zip-bomb
    ratio check lets through; the budget's expanded bytes do not."""
    path = inflated_docx(tmp_path / "phinh.docx", megabytes=3)
    assert path.stat().st_size < 512 * 1024
    message = _over(path, Budget(uncompressed_bytes=2 * 1024 * 1024), "uncompressed_bytes")
    assert message == "Tệp 'phinh.docx' giải nén ra 3 MB, vượt giới hạn 2 MB."


def test_the_default_budget_is_under_a_100_mb_docx() -> None:
    assert Budget().uncompressed_bytes < 100 * 1024 * 1024


def test_lines_and_characters(tmp_path: Path):
    path = tmp_path / "nhieu-dong.txt"
    path.write_text("Chỉ tiêu tăng trưởng.\n" * 30, encoding="utf-8")
    assert _over(path, Budget(lines=20), "lines") == (
        "Tệp 'nhieu-dong.txt' có 31 dòng văn bản, vượt giới hạn 20 dòng.")
    _over(path, Budget(characters=500), "characters")
    assert len(read_document(path, Budget(lines=31)).lines) >= 30


def test_without_a_budget_the_readers_keep_their_own_bounds(tmp_path: Path):
    path = tmp_path / "nhieu-dong.txt"
    path.write_text("Chỉ tiêu tăng trưởng.\n" * 30_000, encoding="utf-8")
    assert len(read_document(path).lines) >= 30_000


def test_the_cheap_checks_refuse_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``check_upload``: what the web app checks before an upload waits for a conversion slot."""
    from chitieu.intake import check_upload
    from chitieu.intake.budget import applied
    from tests.intake.hostile_files import far_cell_template, filled_template, xml_bomb_template

    monkeypatch.setattr(pdf_reader.pdfplumber, "open", lambda *_a, **_k: pytest.fail("read before refused"))
    budget = Budget(isolated=False)
    hostile = [(scanned_pdf(tmp_path / "quet.pdf", 2000), "ocr_pages"),
               (far_cell_template(tmp_path / "xa.xlsx"), "rows"),
               (xml_bomb_template(tmp_path / "bom.xlsx", megabytes=70), "uncompressed_bytes")]
    with applied(budget):
        for path, limit in hostile:
            with pytest.raises(LimitError) as info:
                check_upload(path)
            assert info.value.limit == limit
        check_upload(filled_template(tmp_path / "bieu.xlsx"))
        check_upload(write_pdf(tmp_path / "ngan.pdf", [[(72, 100, "Trang 1")]]))
