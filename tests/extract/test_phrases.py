"""The phrase finder reads like the regular expression it replaces: leftmost phrase, longest there, whole words."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from chitieu.extract.lexicon import alternation, phrase_pattern

PHRASES = ["đạt", "đạt kế hoạch", "kế hoạch", "vượt", "vượt kế hoạch đề ra", "KH", "chỉ tiêu", "tiêu"]
WORDS = [*PHRASES, "Đạt", "KẾ HOẠCH", "tỉnh", "năm", "2025", "7,5%", "(", ")", ",", "đạtkế", "xđạt", "_đạt"]
REGEX = re.compile(rf"(?<![\w])(?:{alternation(PHRASES)})(?![\w])", re.IGNORECASE)
FINDER = phrase_pattern(PHRASES)


def _span(match: object) -> tuple[int, int] | None:
    return None if match is None else match.span()  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from([" ", "  ", "\n", "\xa0", ""]))
def test_same_span_as_the_regular_expression(words: list[str], space: str) -> None:
    text = " ".join(words) if space == "" else space.join(words)
    assert _span(FINDER.search(text)) == _span(REGEX.search(text))


def test_examples() -> None:
    text = "GRDP tăng 7%, vượt kế hoạch đề ra (KH 6,5%)"
    found = FINDER.search(text)
    assert found is not None and found.group() == "vượt kế hoạch đề ra"
    assert FINDER.search("xđạt kế") is None
    assert FINDER.search("KẾ HOẠCH năm").group() == "KẾ HOẠCH"  # type: ignore[union-attr]
    assert phrase_pattern([]).search("đạt") is None
    assert phrase_pattern([]).search("đạt\nkế") is None
