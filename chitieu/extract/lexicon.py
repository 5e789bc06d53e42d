"""Load and check the language data in ``data/``; build the patterns the parsers use from it.

Each YAML file is declared here (its keys in ``_REQUIRED``; a value is a list of phrases unless ``_NOT_PHRASES``
says otherwise) and read once by ``chitieu.datafiles``, which refuses a missing, unknown or mistyped key with
``DataFileError`` naming the file and key. Phrases are matched case-insensitively, longest first.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from chitieu.datafiles import LIST, MAPPING, TEXT, TEXTS, WORD_LISTS, WORDS, DataFile, Kind, datafile
from chitieu.errors import DataFileError

DATA = Path(__file__).parent / "data"

_REQUIRED: dict[str, tuple[str, ...]] = {
    "bounds": ("before", "after", "range_opener", "range_joiners", "symbols"),
    "units": (
        "units",
        "qualifier_units",
        "per_unit",
        "qualifier_contexts",
        "qualifier_before",
        "qualifier_compounds",
        "table_units",
        "per_person_words",
        "count_units",
        "per_population",
        "index_words",
    ),
    "periods": (
        "average",
        "yearly",
        "cumulative",
        "reduction",
        "per_person",
        "per_person_units",
        "year_words",
        "term_words",
        "year_markers",
        "year_word",
        "part_of_year_ends",
        "review_words",
        "plan_titles",
        "plan_scopes",
        "part_of_year",
        "whole_year",
        "term_averages",
    ),
    "cues": (
        "leads",
        "plan_headings",
        "verdict_commitments",
        "lead_list",
        "list_starts",
        "vague_counts",
        "expectations",
        "budgets",
        "citations",
        "exceptions",
        "commitments",
        "commitment_bounds",
        "reports",
        "comparisons",
        "year_not_period",
        "horizons",
        "topics",
        "topic_words",
    ),
    "verdicts": (
        "cells",
        "phrases",
        "plan_words",
        "percent_of_plan_verbs",
        "share_approximations",
        "respectively",
        "past_share_verbs",
        "target_markers",
        "result_openers",
        "target_verbs",
        "compare_words",
        "margin_words",
        "mixed",
    ),
    "sections": ("targets", "results", "general", "past", "table_columns", "target_titles"),
    "metadata": (
        "doc_types",
        "issuers",
        "signature_markers",
        "mottos",
        "header_end",
        "subject_openers",
        "title_prefixes",
        "number_words",
        "date_words",
        "adoption_phrases",
        "congress_words",
        "ordinal_words",
        "body_term_words",
        "council_words",
        "term_words",
        "national_words",
        "plenum_words",
        "plan_words",
        "tone_variants",
        "provinces",
        "prefixed_only",
        "province_prefixes",
        "place_markers",
        "ward_prefixes",
        "province_name_prefixes",
        "merged_2025",
        "merger_date",
        "merger_date_of",
        "issuing_verbs",
    ),
    "directions": (
        "down",
        "hold",
        "reduce",
        "reduce_to",
        "structure",
        "structure_down",
        "structure_none",
        "none",
        "negations",
        "reduce_to_endings",
    ),
    "clauses": (
        "verbs",
        "openers",
        "breakdown_openers",
        "indicator_heads",
        "growth_words",
        "past_comparisons",
        "multiples",
        "count_head",
        "measure_heads",
        "predicate_openers",
        "change_verbs",
        "level_changes",
        "new_commitment",
        "completion_verbs",
        "connectors",
        "list_openers",
        "frames",
        "speech_verbs",
        "subject_links",
        "sector_prefixes",
        "topic_openers",
        "parts_follow",
        "list_joiners",
        "sectors",
    ),
    "questions": ("start", "ask", "stop", "drop"),
}


_NOT_PHRASES: dict[str, dict[str, Kind]] = {  # the keys whose value is not a list of phrases
    "bounds": {"before": WORD_LISTS, "after": WORD_LISTS},
    "units": {"units": WORD_LISTS, "per_unit": WORD_LISTS, "table_units": MAPPING, "qualifier_contexts": WORD_LISTS,
              "per_population": MAPPING},
    "verdicts": {"cells": WORD_LISTS, "phrases": WORD_LISTS},
    "sections": {"table_columns": WORD_LISTS},
    "clauses": {"count_head": TEXT},
    "metadata": {"doc_types": MAPPING, "issuers": LIST, "date_words": TEXTS, "tone_variants": TEXTS,
                 "provinces": WORD_LISTS, "merged_2025": WORD_LISTS, "merger_date": TEXT, "merger_date_of": TEXTS},
}
_FILES: dict[str, DataFile] = {
    name: datafile(__file__, name, {key: _NOT_PHRASES.get(name, {}).get(key, WORDS) for key in keys})
    for name, keys in _REQUIRED.items()
}


@cache
def load_data(name: str) -> dict[str, Any]:
    """``data/<name>.yaml``, read once and checked against the keys declared above."""
    return _FILES[name].load()


def alternation(phrases: list[str]) -> str:
    """A regex alternation of literal phrases, longest first, with flexible inner spaces."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(part) for part in p.split()) if " " in p else re.escape(p) for p in ordered)


class Found:
    """Where a phrase was found, read like a regular-expression match (``start``, ``end``, ``group``)."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("no such group")
        return self._text[self._start : self._end]


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class Phrases:
    """Finds the leftmost of some phrases as whole words, ignoring case (the longest where several start there).

    The phrases go into one Aho-Corasick automaton (pyahocorasick), which reads a sentence once whatever the number
    of phrases; a regular-expression alternation tried at every position cost a quarter of extraction time. A text
    whose spacing is unusual (line breaks, runs of spaces, no-break spaces), or whose lowercase form has another
    length, is read by the equivalent regular expression instead, whose inner ``\\s*`` allows any spacing."""

    __slots__ = ("automaton", "pattern")

    def __init__(self, phrases: list[str]) -> None:
        self.pattern = re.compile(rf"(?<![\w])(?:{alternation(phrases)})(?![\w])", re.IGNORECASE)
        self.automaton = ahocorasick.Automaton()
        for phrase in {" ".join(p.lower().split()) for p in phrases if p.strip()}:
            self.automaton.add_word(phrase, len(phrase))
        if len(self.automaton):
            self.automaton.make_automaton()

    def search(self, text: str) -> re.Match[str] | Found | None:
        if not len(self.automaton):
            return None
        lowered = text.lower()
        if len(lowered) != len(text) or "  " in text or not text.isprintable():  # any space but " " is unprintable
            return self.pattern.search(text)
        best: tuple[int, int] | None = None
        for last, size in self.automaton.iter(lowered):
            start, end = last + 1 - size, last + 1
            if best is not None and (start > best[0] or (start == best[0] and end <= best[1])):
                continue
            if (start and _is_word(text[start - 1])) or (end < len(text) and _is_word(text[end])):
                continue
            best = (start, end)
        return None if best is None else Found(text, *best)


def phrase_pattern(phrases: list[str]) -> Phrases:
    """Find any of ``phrases`` as whole words, ignoring case."""
    return Phrases(phrases)


def fold(text: str) -> str:
    """Lowercase and collapse spaces (accents are kept: they carry meaning in Vietnamese)."""
    return " ".join(text.lower().split())


@cache
def unit_spellings() -> dict[str, str]:
    """Every unit spelling (folded) mapped to its normalized unit."""
    spellings: dict[str, str] = {}
    units = load_data("units")["units"]
    if not isinstance(units, dict):
        raise DataFileError(DATA / "units.yaml", "units", "phải là một bảng đơn vị")
    for unit, names in units.items():
        if not isinstance(names, list) or not names:
            raise DataFileError(DATA / "units.yaml", f"units.{unit}", "phải là danh sách cách viết")
        for name in names:
            spellings[fold(str(name))] = str(unit)
    return spellings


def normalize_unit(written: str | None) -> str | None:
    if not written:
        return None
    return unit_spellings().get(fold(written))


def words_in(text: str, phrases: list[str]) -> bool:
    return bool(phrase_pattern_cached(tuple(phrases)).search(text))


@cache
def phrase_pattern_cached(phrases: tuple[str, ...]) -> Phrases:
    return phrase_pattern(list(phrases))
