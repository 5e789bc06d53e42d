"""Word documents: order, headings, numbering, bold, tables with merged cells, legacy fonts."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from chitieu.intake.docx import docx_to_text
from chitieu.intake.encodings import encode_tcvn3, encode_vni
from chitieu.intake.readers import read_document


@pytest.fixture
def sample_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Mục tiêu giai đoạn tới", level=1)
    paragraph = document.add_paragraph("Tăng trưởng bình quân ")
    paragraph.add_run("từ 7% trở lên").bold = True
    paragraph.add_run(" mỗi năm.")
    document.add_paragraph("Trồng mới rừng", style="List Number")
    document.add_paragraph("Xây dựng trường học", style="List Number")
    document.add_heading("Bảng chỉ tiêu", level=2)
    table = document.add_table(rows=3, cols=4)
    values = [
        ["TT", "Chỉ tiêu", "Giai đoạn trước", ""],
        ["", "", "Mục tiêu", "Kết quả"],
        ["1", "Tỷ lệ\nche phủ", "60", "61"],
    ]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 0).merge(table.cell(1, 0))
    document.add_paragraph("Đoạn sau bảng.")
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path


def test_structure(sample_docx: Path) -> None:
    lines = [line for line in docx_to_text(sample_docx).split("\n") if line]
    assert lines[0] == "# Mục tiêu giai đoạn tới"
    assert lines[1] == "Tăng trưởng bình quân **từ 7% trở lên** mỗi năm."
    assert lines[2:4] == ["1. Trồng mới rừng", "2. Xây dựng trường học"]
    assert lines[4] == "## Bảng chỉ tiêu"
    assert lines[5:8] == ["TT\tChỉ tiêu\tGiai đoạn trước\t", "\t\tMục tiêu\tKết quả", "1\tTỷ lệ che phủ\t60\t61"]
    assert lines[8] == "Đoạn sau bảng."


def test_document_model(sample_docx: Path) -> None:
    document = read_document(sample_docx)
    assert document.source_format == "docx"
    titles = [h.title for h in document.headings]
    assert titles[0] == "Mục tiêu giai đoạn tới"
    assert any(title.endswith("Bảng chỉ tiêu") for title in titles)
    assert len(document.tables) == 1
    assert document.tables[0].rows[2].cells == ["1", "Tỷ lệ che phủ", "60", "61"]


def test_legacy_fonts(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, upper in encode_tcvn3("Ủy ban tỉnh đạt 95% kế hoạch. "):
        paragraph.add_run(text).font.name = ".VnTimeH" if upper else ".VnTime"
    run = paragraph.add_run(encode_vni("Vượt chỉ tiêu đề ra."))
    run.font.name = "VNI-Times"
    style_paragraph = document.add_paragraph(encode_vni("Kiểm tra kiểu chữ của đoạn."))
    style_paragraph.style = document.styles.add_style("VniBody", 1)
    style_paragraph.style.font.name = "VNI-Helve"
    path = tmp_path / "cu.docx"
    document.save(str(path))
    lines = [line for line in docx_to_text(path).split("\n") if line]
    assert lines == ["Ủy ban tỉnh đạt 95% kế hoạch. Vượt chỉ tiêu đề ra.", "Kiểm tra kiểu chữ của đoạn."]
