"""HTML pages (a document published on a government portal) to canonical text.

The page's furniture goes first: scripts, styles, navigation, menus, header, footer, side bars, forms. The text
comes from ``<main>``/``<article>`` when the page has one, else from ``<body>``. Headings become ``#`` lines,
``<b>``/``<strong>`` become ``**``, a table row one line of tab-separated cells (a ``colspan`` cell keeps its
text in its first column, a ``rowspan`` cell is blank in the rows below, as for Word tables).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import lxml.html
from lxml import etree

from chitieu.errors import InputError
from chitieu.intake.text import decode_text

_DROP_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button",
    "select", "template", "object", "embed", "head", "menu", "dialog", "canvas", "video", "audio",
}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_DROP_NAMES = {"menu", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "footer", "header", "sidebar",
               "topbar", "banner", "social", "share", "cookie", "cookies"}
_BLOCK = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center",
    "address", "figure", "figcaption", "table", "tr", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "body",
}
_BOLD = {"b", "strong"}
_SPACE = re.compile(r"[ \t\r\n\u00a0\u200b]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _decode(data: bytes, path: Path) -> str:
    """Bytes to text: a BOM first, then the page's own charset, then the plain-text rules."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path)
    match = _META_CHARSET.search(data[:4096])
    if match:
        charset = match.group(1).decode("ascii").lower()
        if charset not in ("utf-8", "utf8"):
            try:
                return unicodedata.normalize("NFC", data.decode(codecs.lookup(charset).name))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: fall back to detection
    return decode_text(data, path)


def _unwanted(element: etree._Element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _DROP_TAGS:
        return True
    if (element.get("role") or "").lower() in _DROP_ROLES:
        return True
    if element.get("hidden") is not None or "display:none" in (element.get("style") or "").replace(" ", ""):
        return True
    names = set((element.get("class") or "").lower().split()) | {(element.get("id") or "").lower()}
    return bool(names & _DROP_NAMES)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.current)).strip()
        text = re.sub(r"\*\*\s*\*\*", "", text).strip()
        if text and text not in ("**", "****"):
            self.lines.append(self.prefix + text)
        self.current = []
        self.prefix = ""

    def blank(self) -> None:
        self.flush()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _inline(element: etree._Element, out: list[str]) -> None:
    """Text of an element with bold marked, everything on one line (for headings and table cells)."""
    if not isinstance(element.tag, str) or _unwanted(element):
        return
    tag = element.tag.lower()
    bold = tag in _BOLD
    if bold:
        out.append("**")
    if tag == "br":
        out.append(" ")
    out.append(element.text or "")
    for child in element:
        _inline(child, out)
        out.append(child.tail or "")
    if bold:
        out.append("**")
    if tag in _BLOCK or tag in ("td", "th"):
        out.append(" ")


def _cell_text(cell: etree._Element) -> str:
    out: list[str] = []
    _inline(cell, out)
    text = _SPACE.sub(" ", "".join(out)).strip()
    return re.sub(r"\*\*\s*\*\*", "", text).replace("\t", " ").strip()


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 100))
    except ValueError:
        return 1


def _table(table: etree._Element) -> list[str]:
    rows: list[str] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in table.iter("tr"):
        owner = tr.getparent()
        while owner is not None and owner.tag != "table":
            owner = owner.getparent()
        if owner is not table:
            continue
        cells: list[str] = []
        column = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while pending.get(column, 0) > 0:
                pending[column] -= 1
                cells.append("")
                column += 1
            width = _span(cell, "colspan")
            height = _span(cell, "rowspan")
            cells += [_cell_text(cell)] + [""] * (width - 1)
            for offset in range(width):
                if height > 1:
                    pending[column + offset] = height - 1
            column += width
        while pending.get(column, 0) > 0:
            pending[column] -= 1
            cells.append("")
            column += 1
        if any(cells):
            rows.append("\t".join(cells) if len(cells) > 1 else cells[0] + "\t")
    return rows


def _walk(element: etree._Element, writer: _Writer) -> None:
    if not isinstance(element.tag, str) or _unwanted(element):
        return
    tag = element.tag.lower()
    if tag == "table":
        writer.blank()
        writer.lines.extend(_table(element))
        writer.lines.append("")
        return
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        writer.blank()
        out: list[str] = []
        _inline(element, out)
        text = _SPACE.sub(" ", "".join(out).replace("**", "")).strip()
        if text:
            writer.lines += [f"{'#' * int(tag[1])} {text}", ""]
        return
    if tag == "br":
        writer.flush()
    block = tag in _BLOCK
    if block:
        writer.flush()
        if tag == "li":
            parent = element.getparent()
            if parent is not None and parent.tag == "ol":
                items = [c for c in parent if isinstance(c.tag, str) and c.tag == "li"]
                writer.prefix = f"{items.index(element) + 1}. "
            else:
                writer.prefix = "- "
    bold = tag in _BOLD
    if bold:
        writer.current.append("**")
    writer.current.append(element.text or "")
    for child in element:
        _walk(child, writer)
        writer.current.append(child.tail or "")
    if bold:
        writer.current.append("**")
    if block:
        writer.blank() if tag in ("p", "blockquote", "pre", "ul", "ol", "dl", "section", "article") else writer.flush()


def html_to_text(path: Path) -> str:
    """Read an .html/.htm page as canonical text."""
    text = _XML_DECLARATION.sub("", _decode(path.read_bytes(), path))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, etree.LxmlError, ValueError) as exc:
        raise InputError(path, f"tệp HTML hỏng ({exc.__class__.__name__})") from exc
    main = root.xpath("//main | //*[@role='main'] | //article")
    body = root.find("body")
    container = max(main, key=lambda e: len(e.text_content())) if main else (body if body is not None else root)
    writer = _Writer()
    _walk(container, writer)
    writer.flush()
    return "\n".join(writer.lines).strip() + "\n"
