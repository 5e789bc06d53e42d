"""OCR: missing Tesseract is a clear error; a rendered page is read back (needs tesseract + vie)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from chitieu.errors import InputError
from chitieu.intake import ocr
from chitieu.intake.readers import read_document

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _page_image(path: Path, lines: list[str]) -> Path:
    image = Image.new("L", (1654, 600), 255)  # A4 width at 200 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 34) if FONT.exists() else ImageFont.load_default(34)
    for number, line in enumerate(lines):
        draw.text((120, 80 + number * 70), line, fill=0, font=font)
    image.save(path)
    return path


def test_missing_tesseract_names_the_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _page_image(tmp_path / "quet.png", ["Năm nay"])
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "khong-co-tesseract"))
    with pytest.raises(InputError, match="tesseract-ocr tesseract-ocr-vie"):
        read_document(path)


@pytest.mark.slow
def test_image_is_read(tmp_path: Path) -> None:
    if shutil.which("tesseract") is None or "vie" not in pytesseract.get_languages(config=""):
        pytest.skip("tesseract with the vie model is not installed")
    lines = ["Tỷ lệ hộ nghèo giảm bình quân 2% mỗi năm.", "Thu ngân sách đạt 1.250 tỷ đồng."]
    progress: list[tuple[int, int]] = []
    text = ocr.image_to_text(_page_image(tmp_path / "quet.png", lines), on_page=lambda d, t: progress.append((d, t)))
    assert "2%" in text and "1.250 tỷ đồng" in text and "nghèo" in text
    assert progress == [(1, 1)]
