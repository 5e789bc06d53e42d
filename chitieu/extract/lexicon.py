"""Load and check the language data in ``data/``; build the patterns the parsers use from it.

Each YAML file is read once, its keys are checked against ``_REQUIRED`` and a broken file raises
``DataFileError`` naming the file and key. Phrases are matched case-insensitively, longest first.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from chitieu.errors import DataFileError

DATA = Path(__file__).parent / "data"

_REQUIRED: dict[str, tuple[str, ...]] = {
    "bounds": ("before", "after", "range_joiners", "symbols"),
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
        "review_words",
        "plan_titles",
        "plan_scopes",
    ),
    "cues": (
        "leads",
        "verdict_commitments",
        "lead_list",
        "list_starts",
        "commitments",
        "reports",
        "comparisons",
        "year_not_period",
        "horizons",
        "topics",
        "topic_words",
    ),
    "verdicts": ("cells", "phrases", "plan_words", "percent_of_plan_verbs", "target_markers", "target_verbs", "mixed"),
    "sections": ("targets", "results", "general", "past", "table_columns", "breakdown_openers", "target_titles"),
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
        "new_commitment",
        "completion_verbs",
        "connectors",
        "list_openers",
        "sectors",
    ),
    "questions": ("start", "ask", "stop", "drop"),
}


@cache
def load_data(name: str) -> dict[str, Any]:
    """Read ``data/<name>.yaml`` and check that it has the keys the code expects."""
    path = DATA / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path, "(tệp)", f"không đọc được: {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(path, "(gốc)", "phải là một bảng khóa - giá trị")
    for key in _REQUIRED.get(name, ()):
        if key not in data:
            raise DataFileError(path, key, "thiếu khóa bắt buộc")
    return data


def alternation(phrases: list[str]) -> str:
    """A regex alternation of literal phrases, longest first, with flexible inner spaces."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(part) for part in p.split()) if " " in p else re.escape(p) for p in ordered)


class Phrases:
    """Finds any of some phrases as whole words, ignoring case.

    A text that holds none of the phrases' first words (a plain substring test, done in C) is passed over before
    the regular expression runs: most sentences hold none of a list's phrases, and a long alternation tried at
    every position costs far more than a few substring tests."""

    __slots__ = ("firsts", "pattern")

    def __init__(self, phrases: list[str]) -> None:
        self.pattern = re.compile(rf"(?<![\w])(?:{alternation(phrases)})(?![\w])", re.IGNORECASE)
        self.firsts = tuple({p.split()[0].lower() for p in phrases if p.strip()})

    def search(self, text: str) -> re.Match[str] | None:
        lowered = text.lower()
        if not any(first in lowered for first in self.firsts):
            return None
        return self.pattern.search(text)


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
