"""Plain text and Markdown files: table rows written with pipes are read as table rows."""

from __future__ import annotations

from pathlib import Path

from chitieu.extract import extract
from chitieu.intake import read_document
from chitieu.intake.text import pipe_rows_to_cells

TABLE = """Kết quả thực hiện các chỉ tiêu chủ yếu năm 2026

| TT | Chỉ tiêu | ĐVT | KH 2026 | TH 2026 | Đánh giá |
|---|---|---|---:|---:|:---:|
| 1 | Tốc độ tăng trưởng GRDP | % | 8 | 7,6 | Không đạt |
| 2 | Thu ngân sách nhà nước | Tỷ đồng | 4.000 | 4.310 | Vượt |
"""


def test_pipe_rows_become_cells_and_keep_their_lines() -> None:
    text = pipe_rows_to_cells(TABLE)
    lines = text.splitlines()
    assert len(lines) == len(TABLE.splitlines())
    assert lines[4].split("\t") == ["1", "Tốc độ tăng trưởng GRDP", "%", "8", "7,6", "Không đạt"]
    assert lines[0] == "Kết quả thực hiện các chỉ tiêu chủ yếu năm 2026"


def test_a_line_with_one_pipe_is_prose() -> None:
    prose = "Thu ngân sách | ước đạt 4.310 tỷ đồng"
    assert pipe_rows_to_cells(prose) == prose


def test_a_markdown_table_gives_its_results(tmp_path: Path) -> None:
    path = tmp_path / "bang.md"
    path.write_text(TABLE, encoding="utf-8")
    items = extract(read_document(path)).items
    assert [(i.kind.value, i.value, i.unit, i.verdict and i.verdict.value, i.line) for i in items] == [
        ("result", 7.6, "%", "not_met", 5),
        ("result", 4310.0, "tỷ đồng", "exceeded", 6),
    ]
