"""The indicator catalogue (``data/indicators.yaml``) and linking a target's wording to it.

Linking folds accents and case ("Tỷ lệ che phủ rừng" and "ty le che phu rung" are the same), drops the
words every indicator shares (``FILLER``), and scores the target's wording against each name and synonym with
rapidfuzz; the best score at or above ``LINK_THRESHOLD`` wins. A sub-row's breakdown is read with its parent
("Cơ cấu kinh tế" + "Dịch vụ"). A unit of another kind (a count against a percentage) costs ``UNIT_PENALTY``, another
thing counted ``COUNT_UNIT_PENALTY``; an alias with a word opposite to one of the wording's ("đô thị" against
"nông thôn", data: ``opposites``) is not a candidate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from chitieu.datafiles import LIST, TEXTS, datafile
from chitieu.errors import DataFileError

DATA = Path(__file__).parent / "data" / "indicators.yaml"
_CATALOGUE = datafile(__file__, "indicators", {"fields": TEXTS, "opposites": LIST, "indicators": LIST})
LINK_THRESHOLD = 82.0
UNIT_PENALTY = 6.0
COUNT_UNIT_PENALTY = 4.0  # two different things counted (sản phẩm, hợp tác xã)
BREAKDOWN_MATCH = 85.0  # how well a breakdown must appear in an indicator's wording to pick it
AMBIGUITY_MARGIN = 3.0  # a parent wording must beat every other indicator by this much to stand alone
BREAKDOWN_ALONE = 90.0  # a breakdown naming an indicator this well on its own is that indicator
SHORT_WORDING = 3  # at most this many telling words: a wording cut short, read with its unit
# Folded words that say nothing about which indicator it is.
FILLER = {"dat", "phan", "dau", "binh", "quan", "hang", "nam", "moi", "tren", "dia", "ban", "tinh", "toan", "cua",
          "so", "voi", "duoc", "co", "cac", "va", "cho", "tu", "tro", "len", "muc", "do", "khoang", "nhu", "la"}


@dataclass(frozen=True, slots=True)
class CatalogueIndicator:
    code: str
    name: str
    synonyms: tuple[str, ...]
    unit: str | None
    direction: str | None
    field: str
    agency: str  # the provincial agency that reports it: the default owner of a province's targets of it
    growth_of: str | None = None  # the indicator whose average growth this is (budget_revenue_growth: budget_revenue)


@dataclass(frozen=True, slots=True)
class Link:
    code: str
    score: float
    alias: str  # the name or synonym that matched


def fold(text: str) -> str:
    """Lowercase, without accents or punctuation: "Tỷ lệ đảng viên" -> "ty le dang vien"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^\w%]+", " ", text.lower())
    return " ".join(text.split())


def _key(text: str) -> str:
    return " ".join(word for word in fold(text).split() if word not in FILLER and not word.isdigit())


@cache
def load_catalogue() -> tuple[dict[str, str], tuple[CatalogueIndicator, ...]]:
    """The fields (code -> Vietnamese label) and indicators, checked."""
    data = _CATALOGUE.load()
    fields = data["fields"]
    indicators = []
    seen: set[str] = set()
    for number, entry in enumerate(data["indicators"]):
        for key in ("code", "name", "field", "agency"):
            if not entry.get(key):
                raise DataFileError(DATA, f"indicators[{number}].{key}", "thiếu giá trị")
        if entry["field"] not in fields:
            raise DataFileError(DATA, f"{entry['code']}.field", f"lĩnh vực '{entry['field']}' không có trong fields")
        if entry["code"] in seen:
            raise DataFileError(DATA, entry["code"], "mã bị trùng")
        if entry.get("direction") not in (None, "up", "down", "hold"):
            raise DataFileError(DATA, f"{entry['code']}.direction", "phải là up, down hoặc hold")
        seen.add(entry["code"])
        indicators.append(CatalogueIndicator(entry["code"], entry["name"], tuple(entry.get("synonyms") or ()),
                                             entry.get("unit"), entry.get("direction"), entry["field"],
                                             entry["agency"], entry.get("growth_of")))
    for indicator in indicators:
        if indicator.growth_of is not None and indicator.growth_of not in seen:
            raise DataFileError(DATA, f"{indicator.code}.growth_of",
                                f"mã '{indicator.growth_of}' không có trong danh mục")
    return dict(fields), tuple(indicators)


def reporting_agencies() -> dict[str, str]:
    """Indicator code -> the name of the provincial agency that reports its figures (``agency`` in the catalogue)."""
    return {indicator.code: indicator.agency for indicator in load_catalogue()[1]}


@cache
def _opposites() -> tuple[tuple[str, ...], ...]:
    """Groups of folded words that exclude each other ("nong thon", "do thi"), from ``opposites`` in the data."""
    groups = _CATALOGUE.load()["opposites"]
    if not all(isinstance(group, list) and len(group) > 1 for group in groups):
        raise DataFileError(DATA, "opposites", "mỗi nhóm phải là một danh sách từ hai cụm từ trở lên")
    return tuple(tuple(fold(word) for word in group) for group in groups)


def _contradicts(query: str, alias: str) -> bool:
    """The query names one of a group of opposites and the alias another of them, but not the query's."""
    padded_query, padded_alias = f" {query} ", f" {alias} "
    for group in _opposites():
        mine = {word for word in group if f" {word} " in padded_query}
        theirs = {word for word in group if f" {word} " in padded_alias}
        if mine and theirs and not mine & theirs:
            return True
    return False


@cache
def _aliases() -> tuple[tuple[str, str, str, str, str | None], ...]:
    """(folded key, folded alias with every word, alias as written, code, unit) for every name and synonym."""
    _, indicators = load_catalogue()
    return tuple((_key(alias), fold(alias), alias, ind.code, ind.unit)
                 for ind in indicators for alias in (ind.name, *ind.synonyms))


def _unit_kind(unit: str | None) -> str | None:
    if unit is None:
        return None
    if unit.startswith("%"):
        return "percent"
    if "đồng" in unit or unit == "USD":
        return "money"
    return "count"


def _score(query: str, alias: str) -> float:
    if not query or not alias:
        return 0.0
    return 0.5 * fuzz.token_set_ratio(query, alias) + 0.5 * fuzz.token_sort_ratio(query, alias)


def _best(text: str, unit: str | None, require: str | None = None) -> tuple[Link | None, float]:
    """The best-scoring alias for ``text`` and the best score of any other indicator (for ambiguity)."""
    best: Link | None = None
    per_code: dict[str, float] = {}
    query, words = _key(text), fold(text)
    for key, folded, alias, code, alias_unit in _aliases():
        if require and fuzz.partial_ratio(require, key) < BREAKDOWN_MATCH:
            continue
        if _contradicts(words, folded):
            continue
        score = _score(query, key)
        kinds = (_unit_kind(unit), _unit_kind(alias_unit))
        if None not in kinds and kinds[0] != kinds[1]:
            score -= UNIT_PENALTY
        elif kinds[0] == "count" and unit != alias_unit:
            score -= COUNT_UNIT_PENALTY
        per_code[code] = max(score, per_code.get(code, 0.0))
        if best is None or score > best.score:
            best = Link(code, score, alias)
    runner_up = max((s for c, s in per_code.items() if best is None or c != best.code), default=0.0)
    return best, runner_up


def link_indicator(text: str, breakdown: str | None = None, unit: str | None = None) -> Link | None:
    """The catalogue indicator ``text`` (with its ``breakdown``) most likely names, or None below the threshold.

    With a breakdown, an indicator whose wording contains the breakdown wins ("Cơ cấu kinh tế" + "Dịch vụ" is
    the services share); failing that the parent wording alone is used when it names one indicator clearly
    ("Diện tích trồng rừng" + "rừng gỗ lớn" is forest planting; "Cơ cấu kinh tế" + "Thuế sản phẩm" is none).
    A wording cut to a verb names what it counts through its unit ("Kết nạp" + "đảng viên" is admissions).
    """
    if breakdown and (required := _key(breakdown)):
        link, _ = _best(f"{text} {breakdown}", unit, require=required)
        if link is not None and link.score >= LINK_THRESHOLD:
            return link
        if len(required.split()) > SHORT_WORDING:  # a breakdown worded as an indicator of its own (a row cut wrong)
            alone, runner_up = _best(breakdown, unit)
            if alone is not None and alone.score >= BREAKDOWN_ALONE and alone.score - runner_up >= AMBIGUITY_MARGIN:
                return alone
        link, runner_up = _best(text, unit)
        if link is None or link.score < LINK_THRESHOLD or link.score - runner_up < AMBIGUITY_MARGIN:
            return _with_unit(text, unit)
        return link
    link, _ = _best(text, unit)
    return link if link is not None and link.score >= LINK_THRESHOLD else _with_unit(text, unit)


def _with_unit(text: str, unit: str | None) -> Link | None:
    """A short wording read with the thing its unit counts ("Thành lập" + "hợp tác xã"), when that names one
    indicator clearly; measures (%, money, ha) name no thing and add nothing."""
    words = _key(text).split()
    if _unit_kind(unit) != "count" or not unit or len(words) > SHORT_WORDING:
        return None
    query = _key(f"{text} {unit}")
    if query == _key(unit):
        return None  # the unit alone ("xã") is no indicator
    link, runner_up = _best(f"{text} {unit}", unit)
    if link is None or link.score < LINK_THRESHOLD or link.score - runner_up < AMBIGUITY_MARGIN:
        return None
    return link
