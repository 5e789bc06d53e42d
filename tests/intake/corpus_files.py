"""Build real files (.docx, .pdf, .html, legacy-encoded .txt) from canonical text, for tests and bench/.

The .docx is what an office would have: Heading styles for ``#`` lines, bold runs, and each block of
tab-separated lines as a real Word table whose two-row header is merged as in the printed appendix.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from chitieu.intake.encodings import encode_tcvn3, encode_vni, legacy_bytes

_INLINE = re.compile(r"(\*\*|</?b>|</?i>|</?strong>|</?em>)")
_ESCAPE = re.compile(r"\\([-*_#.()\[\]\\+!`>|])")
_RULE = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")


def _pieces(line: str, bold: bool) -> tuple[list[tuple[str, bool]], bool]:
    """Split a line into (text, bold) runs; ``bold`` carries over from the previous line."""
    out: list[tuple[str, bool]] = []
    for part in _INLINE.split(line):
        if part in ("**", "<b>", "</b>", "<strong>", "</strong>"):
            bold = not bold if part == "**" else not part.startswith("</")
        elif part in ("<i>", "</i>", "<em>", "</em>") or not part:
            continue
        else:
            out.append((_ESCAPE.sub(r"\1", part).rstrip() if part.endswith("  ") else _ESCAPE.sub(r"\1", part), bold))
    return out, bold


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """("table", rows) or ("line", [line]) in order."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(line)
            else:
                blocks.append(("table", [line]))
        else:
            blocks.append(("line", [line]))
    return blocks


def _add_table(document: docx.document.Document, rows: list[str], encoding: str | None, borders: bool = True) -> None:
    cells = [[c for c in row.split("\t")] for row in rows]
    width = max(len(r) for r in cells)
    cells = [r + [""] * (width - len(r)) for r in cells]
    table = document.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid" if borders else "Normal Table"  # "Normal Table" draws no lines
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    merges: list[tuple[int, int, int, int]] = []
    if len(cells) > 1:
        head, second = cells[0], cells[1]
        if not second[0].strip() and any(second):  # a header spread over two rows
            col = 0
            while col < width:
                end = col
                while end + 1 < width and not head[end + 1].strip() and second[end + 1].strip() and head[col].strip():
                    end += 1
                if end > col:
                    merges.append((0, col, 0, end))
                elif head[col].strip() and not second[col].strip():
                    merges.append((0, col, 1, col))
                col = end + 1
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            bold = False
            pieces, bold = _pieces(value, bold)
            for text, is_bold in pieces:
                _add_run(paragraph, text, is_bold, encoding)
    widths = [Inches(0.4), Inches(2.4), Inches(0.8)] + [Inches(2.8 / max(width - 3, 1))] * max(width - 3, 0)
    for row in table.rows:
        for cell, cell_width in zip(row.cells, widths, strict=False):
            cell.width = cell_width
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))


def text_to_docx(text: str, path: Path, *, encoding: str | None = None, borders: bool = True) -> Path:
    """Write canonical text as a Word document; ``encoding`` "tcvn3"/"vni" writes it in legacy fonts.

    ``borders=False`` makes the tables borderless, as many offices print them.
    """
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    bold = False
    for kind, lines in _blocks(text):
        if kind == "table":
            _add_table(document, lines, encoding, borders)
            document.add_paragraph()  # Word keeps a paragraph between tables, or they would merge into one
            bold = False
            continue
        line = lines[0]
        if not line.strip() or _RULE.match(line):
            bold = False
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            paragraph = document.add_heading(level=min(len(heading.group(1)), 6))
            line = heading.group(2)
        else:
            paragraph = document.add_paragraph()
        pieces, bold = _pieces(line, bold)
        for piece, is_bold in pieces:
            _add_run(paragraph, piece, is_bold, encoding)
    _page_furniture(document)
    document.save(str(path))
    return path


def _page_furniture(document: docx.document.Document) -> None:
    """A running header and a page number in the footer, as printed documents have."""
    section = document.sections[0]
    section.header.paragraphs[0].text = "Văn kiện mẫu để kiểm thử"
    run = section.footer.paragraphs[0].add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def _add_run(paragraph, text: str, bold: bool, encoding: str | None) -> None:
    if encoding == "vni":
        run = paragraph.add_run(encode_vni(text))
        run.font.name = "VNI-Times"
        run.bold = bold or None
    elif encoding == "tcvn3":
        for legacy, upper in encode_tcvn3(text):
            run = paragraph.add_run(legacy)
            run.font.name = ".VnTimeH" if upper else ".VnTime"
            run.bold = bold or None
    else:
        paragraph.add_run(text).bold = bold or None


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice (``soffice`` must be on PATH)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("soffice is not installed")
    profile = out_dir / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(docx_path)],
        check=True, capture_output=True, timeout=300,
    )
    return out_dir / (docx_path.stem + ".pdf")


def text_to_html(text: str, path: Path, title: str = "Văn bản") -> Path:
    """A government-portal-like page: navigation, header, footer, scripts around the document."""
    body: list[str] = []
    bold = False
    for kind, lines in _blocks(text):
        if kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{_inline_html(c)}</td>" for c in row.split("\t")) + "</tr>\n" for row in lines
            )
            body.append(f"<table border='1'>\n{rows}</table>")
            continue
        line = lines[0]
        if not line.strip() or _RULE.match(line):
            bold = False
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        pieces, bold = _pieces(heading.group(2) if heading else line, bold)
        inner = "".join(f"<strong>{html.escape(t)}</strong>" if b else html.escape(t) for t, b in pieces)
        tag = f"h{len(heading.group(1))}" if heading else "p"
        body.append(f"<{tag}>{inner}</{tag}>")
    page = (
        "<!DOCTYPE html>\n<html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body {{ font-family: serif; }}</style>"
        "<script>var menu = 'Trang chủ | Tin tức';</script></head><body>"
        "<header><div class='logo'>Cổng thông tin điện tử tỉnh</div></header>"
        "<nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/tin'>Tin tức 2024: 15 bài</a></li></ul></nav>"
        "<div class='container'><aside>Liên kết: tỷ lệ truy cập 99%</aside><main><article>\n"
        + "\n".join(body)
        + "\n</article></main></div><footer>Bản quyền 2024. Lượt truy cập: 1.234.567</footer></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def _inline_html(cell: str) -> str:
    pieces, _ = _pieces(cell, False)
    return "".join(f"<b>{html.escape(t)}</b>" if b else html.escape(t) for t, b in pieces)


def text_to_legacy_bytes(text: str, encoding: str) -> bytes:
    """A plain-text file as an old office export would write it in TCVN3 or VNI."""
    if encoding == "vni":
        return legacy_bytes(encode_vni(text))
    return legacy_bytes("".join(legacy for legacy, _ in encode_tcvn3(text)))


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards wrote it: base letters precomposed, tone marks separate."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)
