"""HTML pages: furniture dropped, headings, bold, tables, charsets."""

from __future__ import annotations

from pathlib import Path

from chitieu.intake.html import html_to_text
from chitieu.intake.readers import read_document
from tests.intake.corpus_files import encode_cp1258

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>Cổng</title>
<style>p {{ color: red }}</style><script>var x = "Tỷ lệ 99%";</script></head>
<body><header>Cổng thông tin</header><nav><a href="/">Trang chủ</a> <a>Chỉ tiêu 2030</a></nav>
<div class="menu">Thực đơn 12 mục</div><main>
<h2>Kế hoạch năm tới</h2>
<p>Thu ngân sách đạt <strong>trên 1.200 tỷ đồng</strong>, tăng
 8% so với năm trước.</p>
<ul><li>Trồng 500 ha rừng</li><li>Xây 3 trường</li></ul>
<table><tr><th rowspan="2">TT</th><th colspan="2">Năm</th></tr><tr><th>Mục tiêu</th><th>Kết quả</th></tr>
<tr><td>1</td><td>90</td><td>92</td></tr></table>
</main><aside>Tin liên quan 7 bài</aside><footer>Bản quyền 2024</footer></body></html>"""


def _write(tmp_path: Path, charset: str, encoding: str) -> Path:
    path = tmp_path / "trang.html"
    page = PAGE.format(charset=charset)
    path.write_bytes(encode_cp1258(page) if encoding == "cp1258" else page.encode(encoding))
    return path


def test_main_text_only(tmp_path: Path) -> None:
    text = html_to_text(_write(tmp_path, "utf-8", "utf-8"))
    lines = [line for line in text.split("\n") if line]
    assert lines == [
        "## Kế hoạch năm tới",
        "Thu ngân sách đạt **trên 1.200 tỷ đồng**, tăng 8% so với năm trước.",
        "- Trồng 500 ha rừng",
        "- Xây 3 trường",
        "TT\tNăm\t",
        "\tMục tiêu\tKết quả",
        "1\t90\t92",
    ]


def test_charset_from_meta(tmp_path: Path) -> None:
    path = _write(tmp_path, "windows-1258", "cp1258")
    assert "Thu ngân sách đạt" in html_to_text(path)


def test_document_model(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, "utf-8", "utf-8"))
    assert document.source_format == "html"
    assert document.headings[0].title == "Kế hoạch năm tới"
    assert document.tables[0].rows[-1].cells == ["1", "90", "92"]
