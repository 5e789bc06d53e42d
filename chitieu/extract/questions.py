"""The guiding questions a draft for consultation carries ("Gợi ý một số nội dung thảo luận"), each with the part
of the draft it is about. The phrases that open, introduce and end the list are in ``data/questions.yaml``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, utils

from chitieu.extract.lexicon import load_data
from chitieu.intake import BlockKind, Document, Heading

PART_SCORE = 80.0  # rapidfuzz token_set_ratio of a question's part and a heading of the draft


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """A guiding question; ``part`` names the heading it is about (first heading whose path contains it)."""

    text: str
    part: str | None = None


def _plain(words: str) -> str:
    return " ".join(words.split()).casefold()


@cache
def _phrases(key: str) -> tuple[str, ...]:
    return tuple(_plain(str(phrase)) for phrase in load_data("questions")[key])


def _part_of(heading: Heading, body: Sequence[Heading]) -> str | None:
    """The title of the draft's heading (before the questions) that a heading of the questions names, if any."""
    name = _plain(heading.title)
    for word in _phrases("drop"):
        if name.startswith(word + " "):
            name = name[len(word) + 1:]
    scored = [(fuzz.token_set_ratio(name, h.title, processor=utils.default_process),
               fuzz.token_sort_ratio(name, h.title, processor=utils.default_process), -index, h.title)
              for index, h in enumerate(body)]
    best = max(scored, default=None)
    return " ".join(best[3].split()) if best and best[0] >= PART_SCORE else None


def draft_questions(document: Document) -> list[QuestionSpec]:
    """The guiding questions a draft carries: after a heading with a ``questions.start`` phrase, each paragraph or
    list item is a question (lines with an ``ask`` phrase only introduce them), about the part the latest heading
    names when it matches a heading of the draft above the list, else about the whole. Stops at a ``stop`` phrase."""
    start_phrases, ask, stop = _phrases("start"), _phrases("ask"), _phrases("stop")
    start = next((b.number for b in document.blocks
                  if b.kind is BlockKind.HEADING and any(p in _plain(b.line.text) for p in start_phrases)), None)
    if start is None:
        return []
    body = [h for h in document.headings if h.line < start]
    headings = {h.line: h for h in document.headings}
    part: str | None = None
    out = []
    for block in document.blocks:
        if block.number <= start:
            continue
        words = block.text.strip(" *-–•+\t")
        plain = _plain(words)
        if any(plain.startswith(p) for p in stop):
            break
        if block.kind is BlockKind.HEADING:
            if block.number in headings:
                part = _part_of(headings[block.number], body)
            continue
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM):
            continue
        if any(plain.startswith(p) for p in ask):
            words = words.partition(":")[2].strip()
        if any(character.isalpha() for character in words):
            out.append(QuestionSpec(words, part))
    return out
