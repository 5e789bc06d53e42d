"""Word (.docx) to canonical text: paragraphs and tables in body order.

Headings (Heading 1..n, "Tiêu đề", an outline level) get ``#`` marks; list numbers Word generates are written
out ("1.", "a)"); bold runs become ``**...**``; a table row becomes one line of tab-separated cells, one cell
per grid column: a horizontally merged cell keeps its text in its first column and leaves the others blank,
a vertically merged one is blank below its first row. Runs in TCVN3 or VNI fonts are converted to Unicode.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml import etree

from chitieu.datafiles import WORDS, datafile
from chitieu.errors import InputError
from chitieu.intake.archive import check_package
from chitieu.intake.encodings import decode_legacy, font_encoding
from chitieu.intake.numbering import Numbering

_TRUE = {None, "1", "true", "on"}
_SPACE = re.compile(r"[ \t\u00a0\r\n]+")
_MAX_HEADING_LEVEL = 6
_STYLES = datafile(__file__, "styles", {"headings": WORDS})


@cache
def _heading_style() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in _STYLES.load()["headings"])
    return re.compile(rf"^(?:{names})\s*(\d)?$", re.IGNORECASE)


def _on(element: etree._Element | None) -> bool | None:
    """A Word on/off property: None when not set here."""
    if element is None:
        return None
    return element.get(qn("w:val")) in _TRUE


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


class _Styles:
    """Style inheritance: a property comes from the first style in the chain that sets it."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_rpr: etree._Element | None = None
        if root is None:
            return
        defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_rpr = defaults
        for style in root.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            name = style.find(qn("w:name"))
            based = style.find(qn("w:basedOn"))
            self.styles[style_id] = _Style(
                name.get(qn("w:val"), "") if name is not None else "",
                based.get(qn("w:val")) if based is not None else None,
                style.find(qn("w:pPr")),
                style.find(qn("w:rPr")),
            )
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in _TRUE - {None}:
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on


class _Reader:
    def __init__(self, document: docx.document.Document) -> None:
        part = document.part
        self.styles = _Styles(document.styles.element)
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_root = None
        self.numbering = Numbering.from_part(numbering_root)
        self.body = document.element.body

    # --- properties --------------------------------------------------------------------------------

    def _paragraph_style(self, p: etree._Element) -> str | None:
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return style.get(qn("w:val")) if style is not None else self.styles.default_paragraph

    def _rpr_chain(self, run: etree._Element, paragraph_style: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        rpr = run.find(qn("w:rPr"))
        if rpr is not None:
            chain.append(rpr)
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                chain += [s.rpr for s in self.styles.chain(rstyle.get(qn("w:val"))) if s.rpr is not None]
        chain += [s.rpr for s in self.styles.chain(paragraph_style) if s.rpr is not None]
        if self.styles.default_rpr is not None:
            chain.append(self.styles.default_rpr)
        return chain

    @staticmethod
    def _first(chain: list[etree._Element], tag: str) -> etree._Element | None:
        for rpr in chain:
            found = rpr.find(qn(tag))
            if found is not None:
                return found
        return None

    def _font(self, chain: list[etree._Element]) -> tuple[str | None, bool]:
        for rpr in chain:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            names = [fonts.get(qn(attr)) for attr in ("w:hAnsi", "w:ascii", "w:cs")]
            if not any(names):
                continue
            for name in names:
                encoding, upper = font_encoding(name)
                if encoding:
                    return encoding, upper
            return None, False
        return None, False

    def _heading_level(self, p: etree._Element, style_id: str | None) -> int:
        ppr = p.find(qn("w:pPr"))
        outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        for style in self.styles.chain(style_id):
            match = _heading_style().match(style.name.strip())
            if match:
                return min(int(match.group(1) or 1), _MAX_HEADING_LEVEL)
            if outline is None and style.ppr is not None:
                outline = style.ppr.find(qn("w:outlineLvl"))
        if outline is not None:
            level = int(outline.get(qn("w:val"), "9"))
            if level < 9:
                return min(level + 1, _MAX_HEADING_LEVEL)
        return 0

    def _list_label(self, p: etree._Element, style_id: str | None) -> str:
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            for style in self.styles.chain(style_id):
                if style.ppr is not None and style.ppr.find(qn("w:numPr")) is not None:
                    numpr = style.ppr.find(qn("w:numPr"))
                    break
        if numpr is None:
            return ""
        num_id = numpr.find(qn("w:numId"))
        ilvl = numpr.find(qn("w:ilvl"))
        if num_id is None:
            return ""
        level = ilvl.get(qn("w:val"), "0") if ilvl is not None else "0"
        return self.numbering.label(num_id.get(qn("w:val"), "0"), int(level) if level.isdigit() else 0)

    # --- text --------------------------------------------------------------------------------------

    def _runs(self, element: etree._Element) -> Iterator[etree._Element]:
        """The runs of a paragraph in order, inside hyperlinks, insertions, fields and content controls."""
        for child in element:
            tag = child.tag
            if tag == qn("w:r"):
                yield child
            elif tag in (qn("w:hyperlink"), qn("w:ins"), qn("w:smartTag"), qn("w:fldSimple"), qn("w:customXml")):
                yield from self._runs(child)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self._runs(content)

    @staticmethod
    def _run_text(run: etree._Element) -> str:
        parts: list[str] = []
        for child in run:
            tag = child.tag
            if tag == qn("w:t"):
                parts.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:ptab")):
                parts.append(" ")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
        return "".join(parts)

    def paragraph(self, p: etree._Element, *, in_table: bool = False) -> str:
        """One paragraph as canonical text (without a trailing newline); "" when it has no text."""
        style_id = self._paragraph_style(p)
        pieces: list[tuple[str, bool]] = []
        for run in self._runs(p):
            text = self._run_text(run)
            if not text:
                continue
            chain = self._rpr_chain(run, style_id)
            encoding, upper = self._font(chain)
            if encoding:
                text = decode_legacy(text, encoding, upper=upper)
            if _on(self._first(chain, "w:caps")):
                text = text.upper()
            bold = bool(_on(self._first(chain, "w:b")))
            if pieces and pieces[-1][1] == bold:
                pieces[-1] = (pieces[-1][0] + text, bold)
            else:
                pieces.append((text, bold))
        body = "".join(text for text, _ in pieces)
        if not body.strip():
            return ""
        label = self._list_label(p, style_id)
        level = 0 if in_table else self._heading_level(p, style_id)
        if level:
            text = _SPACE.sub(" ", body).strip()
            return f"{'#' * level} {label + ' ' if label else ''}{text}"
        text = "".join(_bold(text) if bold else text for text, bold in pieces)
        text = _SPACE.sub(" ", text).strip()
        return f"{label} {text}" if label else text

    def table(self, tbl: etree._Element) -> list[str]:
        """One line per row, one cell per grid column."""
        rows: list[str] = []
        for tr in tbl.iter(qn("w:tr")):
            if _ancestor_table(tr) is not tbl:
                continue  # a nested table is read as part of its cell
            cells: list[str] = []
            trpr = tr.find(qn("w:trPr"))
            before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
            if before is not None:
                cells += [""] * int(before.get(qn("w:val"), "0"))
            for tc in _cells(tr):
                tcpr = tc.find(qn("w:tcPr"))
                span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
                text = "" if continued else self.cell(tc)
                width = int(span.get(qn("w:val"), "1")) if span is not None else 1
                cells += [text] + [""] * (max(width, 1) - 1)
            if any(cell.strip() for cell in cells):
                rows.append("\t".join(cells))
        return rows

    def cell(self, tc: etree._Element) -> str:
        texts = [self.paragraph(p, in_table=True) for p in tc.iter(qn("w:p"))]
        return _SPACE.sub(" ", " ".join(t for t in texts if t)).strip()

    def blocks(self, container: etree._Element) -> Iterator[str]:
        for child in container:
            if child.tag == qn("w:p"):
                text = self.paragraph(child)
                if text:
                    yield text
            elif child.tag == qn("w:tbl"):
                rows = self.table(child)
                if rows:
                    yield "\n".join(rows)
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
                if content is not None:
                    yield from self.blocks(content)


def _bold(text: str) -> str:
    core = text.strip()
    if not core or set(core) <= set("*"):
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}**{core}**{trail}"


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == qn("w:tc"):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                yield from (c for c in content if c.tag == qn("w:tc"))


def _ancestor_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != qn("w:tbl"):
        parent = parent.getparent()
    return parent


def docx_to_text(path: Path) -> str:
    """Read a .docx file as canonical text."""
    check_package(path, "word/document.xml", "Word .docx")
    try:
        document = docx.Document(str(path))
        reader = _Reader(document)
        return "\n\n".join(reader.blocks(reader.body)) + "\n"
    except (OpcError, KeyError, zipfile.BadZipFile, zlib.error, etree.LxmlError, ValueError, TypeError,
            AttributeError) as exc:
        # TypeError: a relationship without a target; AttributeError: a part of the wrong type (found by fuzzing)
        raise InputError(path, f"tệp Word .docx bị hỏng ({exc.__class__.__name__})") from exc
