"""Every export opens in LibreOffice headless and becomes a PDF whose pages render to PNG."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from chitieu.register import Register
from chitieu.report import (
    appendix_docx,
    appendix_xlsx,
    build_appendix,
    build_progress,
    compare_xlsx,
    progress_docx,
    template_xlsx,
    to_pdf,
)

from .conftest import PROVINCE

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                                 reason="LibreOffice or poppler is not installed")]


def _exports(register: Register) -> dict[str, bytes]:
    term = build_appendix(register, PROVINCE, "2015-2020")
    return {
        "phu-luc.xlsx": appendix_xlsx(term),
        "phu-luc.docx": appendix_docx(term),
        "phu-luc-2024.xlsx": appendix_xlsx(build_appendix(register, PROVINCE, year=2024)),
        "tien-do-2024.docx": progress_docx(build_progress(register, PROVINCE, 2024)),
        "so-sanh.xlsx": compare_xlsx(register, field="kinh_te"),
        "bieu-nhap.xlsx": template_xlsx(register, PROVINCE, year=2024),
    }


def test_exports_convert_and_render(filled: Register, tmp_path):
    for name, data in _exports(filled).items():
        pdf = to_pdf(data, "." + name.rsplit(".", 1)[1])
        assert pdf.startswith(b"%PDF"), name
        path = tmp_path / (name.replace(".", "_") + ".pdf")
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(path.with_suffix(""))], check=True)
        pages = sorted(tmp_path.glob(path.stem + "-*.png"))
        assert pages, name
        words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Cao Bằng" in words or "Tổng hợp" in words or "Tỉnh, thành phố" in words, name
