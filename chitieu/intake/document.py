"""The document model every reader produces and every later stage reads.

A reader turns a file into *canonical text*: lines of Markdown-ish text in which headings may carry ``#``,
bold is ``**`` or ``<b>``, and a table row is one line of tab-separated cells. ``Document.from_text`` then
builds lines (1-based, with the markup stripped and a map back to the raw text, so a quote is always an exact
substring of the canonical text), blocks (heading, item, paragraph, table row, footnote), the heading tree
and the tables. Extraction reads only this model, so it does not care where a document came from.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum

# Markup that is not text: emphasis, escapes, inline HTML, footnote references, heading hashes.
_MARKUP = re.compile(
    r"<sup>\s*\d{1,3}\s*</sup>"  # a footnote reference inside a sentence
    r"|</?(?:b|i|u|em|strong|sup|sub|span|br)\b[^>]*>"
    r"|\*{2,3}|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"
    r"|\\(?=[-*_#.()\[\]\\+!`>|])"
    r"|^#{1,6}\s+"
    r"|\s+#+\s*$"
)
_FOOTNOTE_START = re.compile(r"^\s*<sup>\s*\d{1,3}\s*</sup>|^\s*\[\^?\d{1,3}\]:?")
_BOLD_LINE = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__|<b>).*(?:\*\*|__|</b>)[\s:.]*$")


class BlockKind(StrEnum):
    HEADING = "heading"
    ITEM = "item"
    PARAGRAPH = "paragraph"
    ROW = "row"
    FOOTNOTE = "footnote"


@dataclass(slots=True)
class Line:
    """One line of canonical text: ``raw`` as written, ``text`` with the markup removed."""

    number: int
    raw: str
    text: str
    cuts: tuple[tuple[int, int], ...] = ()  # (position in text, raw characters removed before it so far)

    @classmethod
    def parse(cls, number: int, raw: str) -> Line:
        pieces: list[str] = []
        cuts: list[tuple[int, int]] = []
        last = removed = clean_len = 0
        for match in _MARKUP.finditer(raw):
            piece = raw[last : match.start()]
            pieces.append(piece)
            clean_len += len(piece)
            removed += match.end() - match.start()
            cuts.append((clean_len, removed))
            last = match.end()
        pieces.append(raw[last:])
        return cls(number, raw, "".join(pieces), tuple(cuts))

    def raw_offset(self, position: int, *, end: bool = False) -> int:
        """Map a position in ``text`` to the same place in ``raw``.

        With ``end`` the position is the end of a span, so markup that closes there stays outside.
        """
        if not self.cuts:
            return position
        keys = [c[0] for c in self.cuts]
        index = bisect_right(keys, position - 1 if end else position) - 1
        return position + (self.cuts[index][1] if index >= 0 else 0)

    def quote(self, start: int, end: int) -> str:
        """The raw substring behind ``text[start:end]``, an exact piece of the document."""
        return self.raw[self.raw_offset(start) : self.raw_offset(end, end=True)]


@dataclass(slots=True)
class Heading:
    level: int
    title: str
    line: int
    marker: str | None = None


@dataclass(slots=True)
class Block:
    kind: BlockKind
    line: Line
    text: str  # the line's text without its list marker
    offset: int  # where ``text`` starts inside ``line.text``
    marker: str | None = None
    level: int = 0
    bold: bool = False
    cells: list[str] | None = None
    section: tuple[Heading, ...] = ()

    @property
    def number(self) -> int:
        return self.line.number

    def quote(self, start: int, end: int) -> str:
        """Exact document text behind ``self.text[start:end]``."""
        return self.line.quote(self.offset + start, self.offset + end)


@dataclass(slots=True)
class Table:
    rows: list[Block] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.rows[0].number if self.rows else 0


@dataclass(slots=True)
class Document:
    name: str
    text: str
    lines: list[Line]
    blocks: list[Block]
    headings: list[Heading]
    tables: list[Table]
    source_format: str = "text"
    path: str | None = None

    @classmethod
    def from_text(cls, text: str, name: str = "document", *, source_format: str = "text",
                  path: str | None = None) -> Document:
        from chitieu.intake.headings import build_blocks

        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = [Line.parse(number, raw) for number, raw in enumerate(text.split("\n"), 1)]
        blocks, headings, tables = build_blocks(lines)
        return cls(name, text, lines, blocks, headings, tables, source_format, path)

    def line(self, number: int) -> Line:
        return self.lines[number - 1]

    def to_markdown(self) -> str:
        """The canonical text, which is what chitieu read."""
        return self.text


def is_bold_line(raw: str) -> bool:
    return bool(_BOLD_LINE.match(raw))


def is_footnote_line(raw: str) -> bool:
    return bool(_FOOTNOTE_START.match(raw))
