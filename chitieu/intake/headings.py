"""Blocks and the heading tree of canonical text.

The level of a heading or list item comes from its marker, not from its ``#`` count, since documents mix
``##`` and ``####`` for the same rank:

    Phần thứ ...  1      I. II.  2      1. 2.  3      1.1.  4      1.1.1.  5
    (1) 1) Một là, Thứ hai,  6      a) b)   7      - + •  8

A numbered line is a heading when it is marked as one (``#``, bold) or short and without a final full stop;
otherwise it is a list item. Unmarked bold, upper-case or ``#`` lines are headings of
the lowest rank (9), closed by any marked heading; a title spread over adjacent heading lines (at most one
blank line apart) is merged into one heading.
"""

from __future__ import annotations

import re
from functools import cache

from chitieu.datafiles import WORDS, datafile
from chitieu.intake.document import Block, BlockKind, Heading, Line, Table, is_bold_line, is_footnote_line

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_WORDS = datafile(__file__, "headings", {"parts": WORDS, "chapters": WORDS, "ordinals": WORDS})


@cache
def _markers() -> list[tuple[int, re.Pattern[str]]]:
    """Each heading marker with its level: a part or chapter word (``data/headings.yaml``), then numbers, letters
    and signs."""
    words = _WORDS.load()
    parts, ordinals = (
        "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words[key], key=len, reverse=True))
        for key in ("parts", "ordinals")
    )
    chapters = "|".join(re.escape(w) for w in words["chapters"])
    return [
        (1, re.compile(rf"^((?:{parts})\s+[\wÀ-ỹ]+)\s*[:.\-–]?\s*", re.IGNORECASE)),
        (1, re.compile(rf"^((?:{chapters})\s+[\wÀ-ỹ]+)\s*[:.\-–]?\s*", re.IGNORECASE)),
        (2, re.compile(rf"^((?=[IVX])({_ROMAN}))\s*[.\-–/)]\s*")),
        (5, re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+")),
        (4, re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+")),
        (3, re.compile(r"^(\d{1,2})\s*[.]\s+")),
        (6, re.compile(r"^(\(\d{1,2}\)|\d{1,2}\))\s*")),
        (6, re.compile(rf"^((?:{ordinals}))(?:\s*[,:.]\s*|\s+)")),  # "Một là, ...", "Thứ hai: ...", "Mười là gọi ..."
        (7, re.compile(r"^([a-zđ][).])\s+")),
        (8, re.compile(r"^([-+•*–])\s+")),
    ]
_HEADING_MAX = 160
_WRAPPED_TITLE = 80  # a heading wrapped onto the next line is this short at most, and holds no number
_DIGIT = re.compile(r"\d")
UNMARKED_LEVEL = 9


def split_marker(text: str) -> tuple[str | None, int, str, int]:
    """Return (marker, level, text after it, offset of that text); a bullet may precede another marker."""
    offset = len(text) - len(text.lstrip())
    marker: str | None = None
    level = 0
    for _ in range(2):  # "- (1) ..." keeps the inner, more specific marker
        rest = text[offset:]
        for marker_level, pattern in _markers():
            match = pattern.match(rest)
            if match and (match.end() < len(rest) or marker_level == 1):
                marker, level = match.group(1), marker_level
                offset += match.end()
                break
        else:
            break
        if level != 8:
            break
    return marker, level, text[offset:], offset


def _looks_like_heading(line: Line, body: str, marker: str | None, level: int) -> bool:
    raw = line.raw.lstrip()
    stripped = body.strip()
    if not stripped:
        return level == 1
    if raw.startswith("#") or is_bold_line(line.raw):
        return len(stripped) <= 400
    if marker is None:
        return len(stripped) <= _HEADING_MAX and stripped.isupper()
    if marker in "-+•*–":
        return False
    if _STATES_AFTER_COLON.search(stripped):
        return False  # "1.1. Thu ngân sách: Tổng thu ... ước đạt 7.381,6 tỷ đồng, ...": a topic and its figures
    return len(stripped) <= _HEADING_MAX and not stripped.endswith((".", ";", ",")) and stripped[0].isupper()


_STATES_AFTER_COLON = re.compile(r":[^:]*\d[^:]*\s\S+[^:]*:?\s*$")


def _wrapped_on(lines: list[Line], index: int) -> str | None:
    """The next line when it goes on with this one (no blank line between, starts in lower case), else None."""
    if index + 1 >= len(lines):
        return None
    following = lines[index + 1].text
    stripped = following.lstrip()
    return following if stripped[:1].islower() and "\t" not in following else None


def build_blocks(lines: list[Line]) -> tuple[list[Block], list[Heading], list[Table]]:
    blocks: list[Block] = []
    headings: list[Heading] = []
    tables: list[Table] = []
    stack: list[Heading] = []
    table: Table | None = None
    previous_heading_line = -10
    wrapped = -1  # the line a heading took as the rest of its title ("2. Các chỉ tiêu chủ" / "yếu")
    for index, line in enumerate(lines):
        text = line.text
        if not text.strip():
            table = None
            continue
        if "\t" in text:
            cells = [cell.strip() for cell in text.split("\t")]
            block = Block(BlockKind.ROW, line, text, 0, cells=cells, bold="<b>" in line.raw, section=tuple(stack))
            if table is None:
                table = Table()
                tables.append(table)
            table.rows.append(block)
            blocks.append(block)
            continue
        table = None
        if is_footnote_line(line.raw):
            blocks.append(Block(BlockKind.FOOTNOTE, line, text, 0, section=tuple(stack)))
            continue
        marker, level, body, offset = split_marker(text)
        bold = is_bold_line(line.raw)
        following = _wrapped_on(lines, index)
        if index == wrapped:
            blocks.append(Block(BlockKind.HEADING, line, text, 0, None, stack[-1].level, bold, None, tuple(stack)))
            continue
        heading = _looks_like_heading(line, body, marker, level)
        long = following is not None and (len(body) + len(following) > _WRAPPED_TITLE or _DIGIT.search(following))
        if heading and long:
            heading = False  # "a) Tốc độ tăng trưởng" / "kinh tế (GRDP) năm là 6,0%...": a hard-wrapped entry
        if heading and following is not None:
            body, wrapped = f"{body.rstrip()} {following.strip()}", index + 1
        if heading:
            title = body.strip().rstrip(":").strip() or (marker or "")
            if marker is None and stack and 0 < line.number - previous_heading_line <= 2 and len(stack[-1].title) < 400:
                stack[-1].title = f"{stack[-1].title} {title}"
                previous_heading_line = line.number
                blocks.append(
                    Block(BlockKind.HEADING, line, body, offset, marker, stack[-1].level, bold, None, tuple(stack))
                )
                continue
            if marker is None:
                level = UNMARKED_LEVEL
            opened = Heading(level, title, line.number, marker)
            while stack and stack[-1].level >= level:
                stack.pop()
            stack.append(opened)
            headings.append(opened)
            previous_heading_line = line.number
            blocks.append(Block(BlockKind.HEADING, line, body, offset, marker, level, bold, None, tuple(stack)))
            continue
        previous_heading_line = -10
        kind = BlockKind.ITEM if marker else BlockKind.PARAGRAPH
        blocks.append(Block(kind, line, body, offset, marker, level, bold, None, tuple(stack)))
    return blocks, headings, tables
