"""What a number means given its words: period, direction, and the document's terms.

Rules (words come from ``data/periods.yaml`` and ``data/directions.yaml``):

period
    An annual plan (a document planning for one year) dates everything to that year. Otherwise a year
    stated next to the number wins ("năm 2020" -> "2020"; "giai đoạn 2016-2020" -> the term "2015-2020").
    "hằng năm" without "bình quân" is "annual". A yearly average, a growth rate, a per-year unit or a total
    over the term ("tăng thêm", "trồng mới") is the whole term; any other number is a level at the term's
    end. A per-person unit ("USD/người") or a name ("tuổi thọ trung bình") makes "bình quân" a level.
    Targets belong to the document's term, results to the previous one. A term written "2026 - 2030" is the
    2025-2030 term. A title that reports on a year's plan ("Kết quả thực hiện kế hoạch ... năm 2025") makes
    that year the results' and the next one the plan's.
direction
    A "down" indicator (poverty, malnutrition...) is "down" unless the number is a reduction of it
    ("giảm 2%"), which is "up"; "giảm" before a level ("giảm xuống dưới 10%") keeps "down". A number that is
    itself a reduction is "up". "duy trì"/"ổn định" make it "hold". Shares of the economic structure: the
    farm sector "down", taxes none, the others "up". Natural population growth has none. A ceiling ("không
    quá", "dưới") is "down". Else "up".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from chitieu.extract.cues import after_horizon, base_year, counts_targets, judges_a_count
from chitieu.extract.item import Direction, Kind
from chitieu.extract.lexicon import alternation, load_data, words_in
from chitieu.extract.results import bids, judges
from chitieu.intake.document import Document

_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")


@cache
def _years_patterns() -> dict[str, re.Pattern[str]]:
    """Years in running text: a term ("nhiệm kỳ 2020 - 2025"), a year a number is dated to ("đến 2030"), a year
    named ("năm 2024"); words in ``data/periods.yaml``."""
    periods = load_data("periods")
    year = alternation(periods["year_word"])
    return {
        "term": re.compile(
            rf"(?:{alternation(periods['term_words'])})\s*(\d{{4}})\s*[-–—]\s*(\d{{4}})", re.IGNORECASE
        ),
        "single": re.compile(
            rf"(?:{alternation(periods['year_markers'])})\s+((?:19|20)\d{{2}})(?!\s*[-–—]\s*\d)", re.IGNORECASE
        ),
        "named": re.compile(rf"(?<![\w])(?:{year})\s+((?:19|20)\d\d)(?![\d.,]\d|\s*[-–])", re.IGNORECASE),
    }


def _titled_year(words_key: str, scope: str) -> re.Pattern[str]:
    """Some words, a scope (``scope`` is "?" where it may be left out), then "năm YYYY"; words in
    ``data/periods.yaml``."""
    periods = load_data("periods")
    words, scopes = alternation(periods[words_key]), alternation(periods["plan_scopes"])
    year = alternation(periods["year_word"])
    parts = alternation(periods["part_of_year"] + periods["whole_year"])
    pattern = rf"(?<![\w])(?:{words})(?:\s+(?:{scopes})){scope}(?:\s+(?:{parts}))?\s+(?:{year})\s+(\d{{4}})(?!\s*[-–])"
    return re.compile(pattern, re.IGNORECASE)


@cache
def _plan_year() -> re.Pattern[str]:
    """ "kế hoạch phát triển kinh tế - xã hội năm 2026": a plan for one year."""
    return _titled_year("plan_titles", "?")


@cache
def _partial_year() -> re.Pattern[str]:
    """ "9 tháng đầu năm 2017" opening a page: a report on part of that year."""
    periods = load_data("periods")
    parts, year = alternation(periods["part_of_year"]), alternation(periods["year_word"])
    # "6 tháng đầu năm 2024", "tháng 1-2024", "quý I/2024"
    return re.compile(
        rf"(?:trong\s+)?(?:{parts})(?:\s+(?:{year})\s+|\s*[-/]\s*)(\d{{4}})(?![\d-])", re.IGNORECASE
    )


_OPENING = 80  # where a page's own words about its period are


@cache
def _review_year() -> re.Pattern[str]:
    """ "Báo cáo tình hình kinh tế - xã hội năm 2025": a title that reports on one year."""
    return _titled_year("review_words", "")


_TITLE_LINES = 5  # a page's title is on its first lines


@dataclass(slots=True, frozen=True)
class Terms:
    """The term a document sets targets for, the one it reports on, and the year of an annual plan."""

    start: int
    end: int
    plan_year: int | None = None
    result_year: int | None = None  # in an annual plan, the year its results report on (default: the year before)
    written_start: int | None = None  # "2021" when the document writes its term "2021-2025" and never "2020-2025"
    partial: bool = False  # a report on part of its plan year ("6 tháng đầu năm 2024")

    @property
    def current(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def previous(self) -> str:
        length = self.end - self.start
        return f"{self.start - length}-{self.start}"

    def term_for(self, kind: Kind) -> tuple[int, int]:
        if kind is Kind.TARGET:
            return self.written_start or self.start, self.end
        length = self.end - self.start
        return self.start - length, self.start

    def normalize_range(self, first: int, last: int) -> str:
        """ "2016-2020" is the 2015-2020 term as planners write it."""
        for start, end in ((self.start, self.end), (self.start - (self.end - self.start), self.start)):
            if last == end and first in (start, start + 1):
                return f"{self.written_start or start}-{end}" if end == self.end else f"{start}-{end}"
        return f"{first}-{last}"


def part_of_year(text: str) -> bool:
    """Does ``text`` speak of part of a year ("6 tháng đầu năm", "quý III"), not of the whole of it?"""
    periods = load_data("periods")
    return words_in(text, periods["part_of_year"]) and not words_in(text, periods["whole_year"])


def _plan_terms(found: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """Five-year spans; a council's term ("HĐND khóa XIX, nhiệm kỳ 2021-2026") ends a year after a plan's and is
    not a plan's term."""
    return [(int(a), int(b)) for a, b in found if 4 <= int(b) - int(a) <= 5 and int(b) % 5 != 1]


def infer_terms(
    document: Document, term: str | None = None, plan_year: int | None = None, published: str | None = None
) -> Terms:
    """The document's term: the given one, else the latest "nhiệm kỳ/giai đoạn YYYY - YYYY" of five years.
    ``published`` is the document's date (ISO), used for a page that names no year of its own. A page that opens
    on part of a year ("Trong 09 tháng, ...", "đánh giá tình hình 6 tháng đầu năm") reports part of it."""
    terms = _terms(document, term, plan_year, published)
    if not terms.partial and part_of_year(document.text[:_OPENING_WORDS]):
        terms = replace(terms, partial=True)
    return terms


_OPENING_WORDS = 400  # the first sentences of a page, where it says what time it reports on


def _terms(document: Document, term: str | None, plan_year: int | None, published: str | None) -> Terms:
    if term:
        first, _, last = term.partition("-")
        return Terms(int(first), int(last), plan_year)
    # "2026 - 2030" is the 2025-2030 term as planners write it (see Terms.normalize_range)
    written = _plan_terms(_years_patterns()["term"].findall(document.text))
    if not written:  # "bình quân 5 năm (2021-2025)": a term written without "giai đoạn"
        written = _plan_terms(_YEAR_RANGE.findall(document.text))
    dated = int(published[:4]) if published else None
    if dated and written and max(b for _, b in written) < dated - 1:
        written = []  # a page of 2023 that recalls "giai đoạn 2016 - 2020": its own year comes from its date
    found = [(b - 5, b) for _, b in written]
    head = "\n".join(line.text for line in document.lines[:40])
    title = "\n".join(line.text for line in document.lines[:_TITLE_LINES])
    reviewed = _review_year().search(title)  # "Tình hình kinh tế - xã hội năm 2025"
    partial = _partial_year().match(document.text.lstrip()[:_OPENING])  # "9 tháng đầu năm 2017, kinh tế ..."
    if partial is None and reviewed and part_of_year(reviewed.group()):
        partial = reviewed  # "Tình hình ... 6 tháng đầu năm 2024"
    if partial is None and reviewed is None and not written:  # "Báo cáo ... cho biết, 6 tháng đầu năm 2023 ..."
        partial = _partial_year().search(document.text[:_OPENING_WORDS])
    if plan_year is None and partial is not None:
        year = int(partial.group(1))  # a report on part of the year: the year's own plan, still running
        return Terms(year - 1, year, year, year, partial=True)
    if plan_year is None:  # "kế hoạch ... năm 2026", not in a sentence judging it ("8/17 chỉ tiêu năm 2023 chưa đạt")
        years = [
            int(match.group(1))
            for sentence in _SENTENCE.findall(head)
            for match in _plan_year().finditer(sentence)
            if not _judges(sentence) and not _PLAN_VALUE.match(sentence, match.end())
        ]  # "Kế hoạch năm 2023 là 40.000 tỷ đồng; ước thực hiện 38.000 tỷ đồng" gives a plan's value, names no plan
        plan_year = max(years) if years else None
    if plan_year is None and reviewed:
        year = int(reviewed.group(1))
        return Terms(year, year + 1, year + 1, year)
    reported = None
    if plan_year is None and not written:  # a page without a title
        if dated and _congress_list(head, dated):
            return Terms(dated, dated + 5, None)
        plan_year, reported = _page_years(head, published)
    elif plan_year is None and dated:  # a dated page that names its term may still plan one year of it
        planned, _ = _page_years(head, published)  # "Năm 2025, An Giang đặt mục tiêu ..." of December 2024
        if planned and planned == dated + 1 and any(b - 5 < planned <= b for _, b in written):
            plan_year = planned
    result_year = None
    if plan_year and _only_reviewed(head, plan_year):
        result_year, plan_year = plan_year, plan_year + 1
    elif plan_year and published and dated == plan_year and int(published[5:7]) >= _MID_MONTH:
        result_year = plan_year  # reported late in the plan year itself: its results are that year's ("ước cả năm")
    if found:
        counts: dict[tuple[int, int], int] = {}
        for pair in found:
            counts[pair] = counts.get(pair, 0) + 1
        start, end = max((pair for pair in counts if counts[pair] >= 2), key=lambda pair: pair[1], default=max(counts))
        if plan_year and not start <= plan_year <= end:
            start, end = plan_year - 5, plan_year
        starts = {a for a, b in written if b == end}
        written_start = start + 1 if starts == {start + 1} else None
        return Terms(start, end, plan_year, result_year, written_start)
    if plan_year:
        return Terms(plan_year - 1, plan_year, plan_year, result_year)
    if reported:  # "Khánh Hòa đã đạt và vượt 20/22 chỉ tiêu ... năm 2023": a report on that year
        return Terms(reported, reported + 1, reported + 1, reported)
    return Terms(2020, 2025, None)


_SENTENCE = re.compile(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+")  # "17.422" does not end a sentence



_LATE_MONTH = 10  # from October a page plans for the next year (HĐND adopt next year's plan in December)
_MID_MONTH = 6  # from June a page reports on its own year ("6 tháng", "9 tháng", "cả năm"), before on the last


def _congress_list(head: str, dated: int) -> bool:
    """Is a page of a congress year (2015, 2020, 2025: provincial Party congresses open a five-year term) that
    names no year a list of term targets ("tăng bình quân trên 9%/năm")?"""
    periods = load_data("periods")
    return dated % 5 == 0 and not _years(_SENTENCE.findall(head)) and words_in(head, periods["term_averages"])


def _page_years(head: str, published: str | None = None) -> tuple[int | None, int | None]:
    """(plan year, reported year) of a page without a title that names them.

    A page that commits ("phấn đấu", "đặt mục tiêu") more often than it judges ("5/5 chỉ tiêu đạt và vượt kế
    hoạch") plans: its year is the latest named in a sentence that commits or names targets ("xác định 18 chỉ tiêu
    ... năm 2025"), else the one it names most. A page that judges reports: its year is the latest named in a
    sentence that judges, else in one that reports, else on the page. A page that does neither plans when it names
    targets ("TP.HCM xác định 17 chỉ tiêu chủ yếu") and reports otherwise, on the year it names most. A page that names
    no year takes it from its date: the plan of that year (of the next from October), the report on that year (on
    the last before June). Words in ``data/cues.yaml``."""
    cues = load_data("cues")
    sentences = _SENTENCE.findall(head)
    judged = [s for s in sentences if _judges(s)]
    reporting = [s for s in sentences if s not in judged and words_in(s, cues["reports"])]
    committing = [s for s in sentences if s not in judged and s not in reporting]
    # a sentence that counts the targets it names ("UBND TP đặt ra 10 chỉ tiêu chủ yếu ... năm 2024") says what the
    # page is about: it weighs as two
    committing_words = cues["commitments"] + cues["commitment_bounds"]
    commitments = sum(words_in(s, committing_words) + counts_targets(s) for s in committing)
    planned = reported = None
    recent = 0  # years before this are recollections on a dated page ("Đặc biệt, năm 2021, ..." in 2023)
    if published:
        year, month = int(published[:4]), int(published[5:7])
        planned, reported, recent = year + (month >= _LATE_MONTH), year - (month < _MID_MONTH), year - 1
    years = Counter(_years(sentences, recent))
    most = max(years, key=lambda y: (years[y], y)) if years else None
    if commitments > len(judged):
        named = _named_year(committing, committing_words + cues["leads"], recent)
        # "trong năm 2023 ... Trước những kết quả này, ... đề ra 21 chỉ tiêu": the year after the one looked back on,
        # unless only part of it is ("6 tháng đầu năm 2025 ...": the rest of 2025)
        looked_back = _named_year(judged + reporting, [], recent)
        if looked_back and not any(part_of_year(s) for s in judged + reporting if str(looked_back) in s):
            looked_back += 1
        return named or looked_back or most or planned, None
    if judged:  # the year a judging sentence names, else one a reporting sentence names
        named = _named_year(judged, [], recent) or _named_year(reporting, [], recent)
        if reported is not None and named is not None and named > reported:
            named = None  # a page of January 2025 reports on 2024, whatever it says it will do in 2025
        return None, named or most or reported
    if any(words_in(s, cues["leads"]) for s in committing):
        return most or planned, None
    return None, most or reported


_PLAN_VALUE = re.compile(r"\s*(?:là|:)?\s*\d")


def _judges(sentence: str) -> bool:
    """Does a sentence give a verdict ("đạt kế hoạch", "đạt 14/15 chỉ tiêu"), not a whole plan to do ("hoàn thành
    100% chỉ tiêu")?"""
    verdict, _, _, whole = judges(sentence)
    return (verdict is not None and not whole and not bids(sentence)) or judges_a_count(sentence)


def _years(sentences: list[str], since: int = 0) -> list[int]:
    """Years named ("năm 2024") from ``since`` on, not horizons ("đến năm 2030") nor bases ("so với ước thực hiện
    năm 2024")."""
    return [
        int(match.group(1))
        for sentence in sentences
        for match in _years_patterns()["named"].finditer(sentence)
        if int(match.group(1)) >= since
        and not after_horizon(sentence[: match.start()])
        and not base_year(sentence[: match.start()])
    ]


def _named_year(sentences: list[str], words: list[str], since: int = 0) -> int | None:
    """The latest year from ``since`` named in a sentence with one of ``words`` (in any sentence when none)."""
    years = _years([s for s in sentences if not words or words_in(s, words)], since)
    return max(years) if years else None


def _only_reviewed(head: str, year: int) -> bool:
    """Is the plan of ``year`` only named as reported on ("Kết quả thực hiện kế hoạch ... năm 2025")?

    Then the document reports on that year, and any target in it is for the year after.
    """
    review = load_data("periods")["review_words"]
    named = [m for m in _plan_year().finditer(head) if int(m.group(1)) == year]
    return bool(named) and all(
        words_in(head[max(0, m.start() - 25) : m.start()].split("\n")[-1], review) for m in named
    )


def decide_period(
    kind: Kind, indicator: str, context: str, unit: str | None, terms: Terms, *, is_level: bool = False
) -> str | None:
    """The period of a number from its indicator, the words of its clause (``context``) and its unit."""
    if terms.plan_year:
        if kind is Kind.RESULT:
            return str(terms.result_year or terms.plan_year - 1)
        return str(terms.plan_year)
    periods = load_data("periods")
    start, end = terms.term_for(kind)
    stated = _YEAR_RANGE.search(context)
    if stated:
        return terms.normalize_range(int(stated.group(1)), int(stated.group(2)))
    words = f"{indicator} {context}"
    per_person = _only_per_person(words, periods) or words_in(context, periods["per_person_units"])
    average = words_in(words, periods["average"]) and not per_person
    if words_in(words, periods["yearly"]) and not average:
        return "annual"
    per_year_unit = (unit or "").endswith("/năm") and "/người" not in (unit or "")
    reduction = words_in(indicator, periods["reduction"]) and not is_level
    if average or per_year_unit or reduction or words_in(words, periods["cumulative"]):
        return f"{start}-{end}"
    dated = _years_patterns()["single"].finditer(context)
    single = next((m for m in dated if not base_year(context[: m.start()])), None)
    if single and (
        int(single.group(1)) in range(start, end + 1) or (kind is Kind.TARGET and int(single.group(1)) > end)
    ):
        return single.group(1)  # a level by a year in the term, or by one beyond it ("tầm nhìn đến năm 2045")
    return str(end)


def _only_per_person(words: str, periods: dict[str, list[str]]) -> bool:
    """ "bình quân đầu người" is a per-person level, unless another average word is there too."""
    if not words_in(words, periods["per_person"]):
        return False
    lowered = words.lower()
    for phrase in periods["per_person"]:
        lowered = lowered.replace(phrase, " ")
    return not words_in(lowered, periods["average"])


def decide_direction(indicator: str, before_number: str, breakdown: str | None, is_level: bool) -> Direction | None:
    """Which way is better, from the indicator, the verbs just before the number and the breakdown."""
    data = load_data("directions")
    text = " ".join(f"{indicator} {breakdown or ''}".split()[-12:])
    before_number = " ".join(before_number.split()[-12:])
    reduces = words_in(before_number, data["reduce"]) and not words_in(before_number, data["reduce_to"])
    if reduces and not is_level:
        return Direction.UP
    if words_in(text, data["none"]):
        return None
    if words_in(indicator, data["structure"]) and breakdown is not None:
        if words_in(breakdown, data["structure_none"]):
            return None
        return Direction.DOWN if words_in(breakdown, data["structure_down"]) else Direction.UP
    if words_in(text, data["down"]) and not words_in(text, data["negations"]):
        return Direction.DOWN
    if words_in(before_number, data["hold"]):
        return Direction.HOLD
    return Direction.DOWN if is_level else Direction.UP  # a ceiling ("không quá 2%") says less is better
