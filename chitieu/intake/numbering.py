"""The list numbers Word draws but does not store ("1.", "a)", "II."), rebuilt from numbering.xml.

Word keeps a paragraph's number as a reference (numId, level) into ``numbering.xml``; the text "1." exists
only on screen. ``Numbering.label`` replays the counters in document order and returns the label, so the
canonical text keeps the markers the heading tree reads. Bullets become "-".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word repeats the letter past z: aa, bb...
    number = max(number, 1)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number).lower()
    if fmt == "upperRoman":
        return _roman(number)
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "none":
        return ""
    return str(number)


@dataclass(slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


def _val(element: etree._Element | None, tag: str) -> str | None:
    if element is None:
        return None
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _levels(container: etree._Element) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in container.findall(qn("w:lvl")):
        index = int(lvl.get(qn("w:ilvl"), "0"))
        start = _val(lvl, "w:start")
        levels[index] = _Level(
            fmt=_val(lvl, "w:numFmt") or "decimal",
            text=_val(lvl, "w:lvlText") or "",
            start=int(start) if start and start.lstrip("-").isdigit() else 1,
        )
    return levels


@dataclass
class Numbering:
    """Numbering definitions of one document and the running counters."""

    lists: dict[str, tuple[str, dict[int, _Level]]] = field(default_factory=dict)  # numId -> (abstract id, levels)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstract id -> level -> last number

    @classmethod
    def from_part(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        abstract = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            abstract_id = _val(num, "w:abstractNumId")
            levels = dict(abstract.get(abstract_id, {}))
            overrides = num.findall(qn("w:lvlOverride"))
            for override in overrides:
                index = int(override.get(qn("w:ilvl"), "0"))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels.update(_levels(override))
                start = _val(override, "w:startOverride")
                if start and start.isdigit() and index in levels:
                    base = levels[index]
                    levels[index] = _Level(base.fmt, base.text, int(start))
            # Lists that share an abstract definition count on together unless one restarts.
            key = f"{abstract_id}/{num.get(qn('w:numId'))}" if overrides else str(abstract_id)
            numbering.lists[num.get(qn("w:numId"))] = (key, levels)
        return numbering

    def label(self, num_id: str, level: int) -> str:
        """The label Word shows for the next paragraph of list ``num_id`` at ``level``; "" for none."""
        if num_id not in self.lists or num_id == "0":
            return ""
        key, levels = self.lists[num_id]
        if level not in levels:
            return ""
        counters = self.counters.setdefault(key, {})
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        spec = levels[level]
        if spec.fmt == "bullet":
            return "-"

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            lvl = levels.get(index, _Level())
            return format_number(counters.get(index, lvl.start), lvl.fmt)

        return _PLACEHOLDER.sub(substitute, spec.text).strip()
