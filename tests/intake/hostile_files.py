"""Small generators of the cheap uploads that once took a server down (issue 13), for the tests and
``bench/upload_budget.py``: each file is a few kilobytes to a few megabytes and costs far more to read.

- ``far_cell_template``: an entry template with one cell at A1048576 (the sheet-dimension trick);
- ``xml_bomb_template``: a zipped workbook whose sheet expands to ``megabytes`` of XML (430 KB for 125 MB);
- ``inflated_docx``: a real .docx whose document.xml is ``megabytes`` of varied paragraphs, compressed about 18
  times, so under the per-entry ratio limit (5.4 MB for 100 MB);
- ``scanned_pdf``: a PDF of ``pages`` pages that all show one image and have no text layer (6.7 KB for 30 pages,
  324 KB for 2,000).
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from openpyxl import Workbook
from PIL import Image, ImageDraw

FORMAT = "chitieu-template-1"  # chitieu.report.template.FORMAT
_CHUNK = 1024 * 1024


def _template_workbook() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Nhập số liệu"
    sheet["B6"] = "Tốc độ tăng trưởng kinh tế"
    meta = workbook.create_sheet("chitieu")
    for row, pair in enumerate((("format", FORMAT), ("province", "Lạng Sơn"), ("kind", "year"),
                                ("period", "2024"), ("periods", "2024")), 1):
        meta.cell(row=row, column=1, value=pair[0])
        meta.cell(row=row, column=2, value=pair[1])
    meta.sheet_state = "hidden"
    return workbook


def filled_template(path: Path) -> Path:
    """A well-formed template with two values entered (ids that a register may not hold)."""
    workbook = _template_workbook()
    sheet = workbook.worksheets[0]
    for row, (target, value) in enumerate(((1, 6.5), (2, "1.100")), 6):
        sheet.cell(row=row, column=8, value=target)
        sheet.cell(row=row, column=9, value=value)
        sheet.cell(row=row, column=10, value="2024")
    workbook.save(path)
    return path


def far_cell_template(path: Path) -> Path:
    """A template (format and meta sheet as chitieu writes them) with one more cell, at A1048576."""
    workbook = _template_workbook()
    sheet = workbook.worksheets[0]
    sheet["A1048576"] = "x"
    workbook.save(path)
    return path


def xml_bomb_template(path: Path, megabytes: int = 125) -> Path:
    """A template whose first sheet is ``megabytes`` of rows of one repeated cell."""
    _template_workbook().save(path)
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>'
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    block = row * (_CHUNK // len(row))

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(megabytes):
            yield block
        yield b"</sheetData></worksheet>"

    _replace_entry(path, "xl/worksheets/sheet1.xml", chunks())
    return path


def _replace_entry(path: Path, name: str, chunks: Iterator[bytes]) -> None:
    """Rewrite the zip at ``path`` with entry ``name`` streamed from ``chunks``."""
    source = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                                      compresslevel=9) as new:
        for item in old.infolist():
            if item.filename == name:
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with new.open(info, "w", force_zip64=True) as out:
                    for chunk in chunks:
                        out.write(chunk)
            else:
                new.writestr(item, old.read(item.filename))


_SENTENCES = (
    "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn bình quân đạt",
    "Tỷ lệ hộ nghèo theo chuẩn đa chiều giảm bình quân mỗi năm",
    "Tỷ lệ trường học đạt chuẩn quốc gia đến cuối nhiệm kỳ đạt trên",
    "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt",
)


def _paragraph_block(seed: int) -> bytes:
    """About 96 KB of Word paragraphs, a few sentences with random figures (more than deflate's 32 KB window, so
    repeating the block compresses no better than the block itself: about 18 times)."""
    rng = random.Random(seed)
    parts = []
    size = 0
    while size < 96 * 1024:
        words = f"{rng.choice(_SENTENCES)} {rng.randrange(10**4)},{rng.randrange(100)}% ({rng.randrange(10**4)})"
        part = f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>".encode()
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def inflated_docx(path: Path, megabytes: float = 100) -> Path:
    """A .docx whose body is about ``megabytes`` of paragraphs."""
    document = docx.Document()
    document.add_paragraph("Nghị quyết")
    document.save(str(path))
    block = _paragraph_block(13)
    count = max(1, int(megabytes * _CHUNK / len(block)))
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
            b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(count):
            yield block
        yield b"</w:body></w:document>"

    _replace_entry(path, "word/document.xml", chunks())
    return path


def _page_image(width: int = 850, height: int = 1100) -> bytes:
    """A grey page of text-like lines, as raw 8-bit pixels."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    rng = random.Random(7)
    for y in range(60, height - 60, 22):
        x = 60
        while x < width - 100:
            word = "".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(rng.randrange(2, 8)))
            draw.text((x, y), word, fill=0)
            x += 7 * len(word) + 8
    return image.tobytes()


def scanned_pdf(path: Path, pages: int) -> Path:
    """``pages`` pages, each drawing the same image XObject, none with text."""
    width, height = 850, 1100
    pixels = zlib.compress(_page_image(width, height), 9)
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(pixels)) + pixels + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    first = len(objects) + 1
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 3 0 R "
                       b">> >> /Contents 4 0 R >>")
    kids = b" ".join(b"%d 0 R" % number for number in range(first, first + pages))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
