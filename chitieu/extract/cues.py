"""Evidence around numbers outside a heading-named list: does a sentence state targets, report results, or neither?

A heading that names a list is one signal among several (``pipeline.role_of``). In running text a sentence
states targets when it commits ("phấn đấu", "đặt mục tiêu", "đến cuối nhiệm kỳ", "năm tới", a year after the
document's), or when a lead before it announced them ("Tỉnh ủy đặt ra 14 chỉ tiêu ... Trong đó, ...",
"UBND tỉnh giao chỉ tiêu ...: ...", "Theo chỉ tiêu đề ra, ..."). It reports when it judges against a plan (a
verdict, a share of the plan, "45.799/36.875"), says it happened ("đã", "ước thực hiện"), or names a year
before the one the document plans for. Reporting beats a lead; an explicit commitment beats plain reporting
words but not a verdict. A comparison with the past ("so với cùng kỳ") makes a statistic, unless a lead is open
("Giảm tỷ lệ sinh con thứ 3 so với năm trước: 0,15%" in a list of targets), and does not end the lead. A
sentence that judges a count of targets ("06/09 chỉ tiêu đạt kế hoạch: ...") announces their results. How long
a lead stays open is ``pipeline._BodyReader``'s business. Words in ``data/cues.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from chitieu.extract.item import Verdict
from chitieu.extract.lexicon import Phrases, alternation, load_data, phrase_pattern
from chitieu.extract.prose import Clause
from chitieu.extract.results import cell_verdict, judges, may_judge

_YEAR = re.compile(r"(?<![\d.,/-])((?:19|20)\d\d)(?![\d.,]\d|\s*[-–]\s*(?:19|20)\d\d)")
_RANGE = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?![\d.,]\d)")
_AFTER_RANGE = re.compile(r"(?:19|20)\d\d\s*[-–]\s*$")


_TITLE_MAX = 150  # a line this short that names targets is a title of what follows
_JUDGED_GAP = 30  # "06/09 chỉ tiêu đạt kế hoạch", "5/5 chỉ tiêu kinh tế đạt và vượt": the verdict right after


class Cue(StrEnum):
    TARGET = "target"
    REPORT = "report"
    COMPARISON = "comparison"  # set against the past: a statistic, unless a lead made it a target


@dataclass(slots=True, frozen=True)
class SentenceCue:
    cue: Cue | None
    lead: bool  # announces targets for what follows
    judges: bool = False  # judges a count of targets ("06/09 chỉ tiêu đạt kế hoạch"): their results may follow
    listing: bool = False  # and lists them right after it (": ...", "gồm: ...")
    verdict: Verdict | None = None  # the verdict it gives them all, if one


@cache
def _patterns() -> dict[str, Any]:  # a re.Pattern or, for word lists, Phrases
    data = load_data("cues")
    cells = load_data("verdicts")["cells"]
    verdict_words = [word for code in ("not_met", "exceeded", "met") for word in cells[code]]
    verdict_words += load_data("verdicts")["mixed"]  # "đạt và vượt"
    year = alternation(load_data("periods")["year_word"])
    expected = alternation(data["expectations"] + data["budgets"])
    return {
        "lead": phrase_pattern(data["leads"]),
        "verdict_commitment": re.compile(
            rf"(?<![\w])(?:{alternation(data['verdict_commitments'])})\s*$", re.IGNORECASE
        ),
        "lead_list": re.compile(rf"(?:(?<![\w])(?:{alternation(data['lead_list'])})\s*:|:\s*$)", re.IGNORECASE),
        "commitment": phrase_pattern(data["commitments"] + data["commitment_bounds"]),
        "committer": phrase_pattern(data["commitments"]),
        "report": phrase_pattern(data["reports"]),
        "comparison": phrase_pattern(data["comparisons"]),
        "horizon": re.compile(rf"(?<![\w])(?:{alternation(data['horizons'])})\s+(?:(?:{year})\s+)?$", re.IGNORECASE),
        "horizon_year": re.compile(
            rf"(?<![\w])(?:{alternation(data['horizons'])})\s+(?:(?:{year})\s+)?(?:19|20)\d\d", re.IGNORECASE
        ),
        "results_list": re.compile(
            rf"[^.;:]{{0,40}}?(?:(?<![\w])(?:{alternation(data['lead_list'])})\s*)?:", re.IGNORECASE
        ),
        "vague_count": re.compile(rf"(?<![\w])(?:{alternation(data['vague_counts'])})\s*$", re.IGNORECASE),
        "exception": re.compile(rf"[(,;:]\s*(?:{alternation(data['exceptions'])})(?![\w])[^(),;:]*$", re.IGNORECASE),
        "citation": re.compile(rf"^\W*(?:{alternation(data['citations'])})(?![\w])", re.IGNORECASE),
        "share_verb": re.compile(
            rf"(?<![\w])(?:{alternation(load_data('verdicts')['past_share_verbs'])})\s*$", re.IGNORECASE
        ),
        "past": re.compile(
            rf"\s*(?:{alternation(load_data('sections')['table_columns']['past'])})(?![\w])", re.IGNORECASE
        ),
        "counted": re.compile(rf"(?<![\w.,/])\d{{1,3}}\s+(?:{alternation(data['leads'])})(?![\w])", re.IGNORECASE),
        "target_count": re.compile(
            rf"(?<![\w.,])\d{{1,3}}(?:/\d{{1,3}})?\s+(?:{alternation(data['leads'])})(?![\w])[^:;\d]{{0,30}}$",
            re.IGNORECASE,
        ),
        "list_start": re.compile(rf"^\W*(?:{alternation(data['list_starts'])})(?![\w])", re.IGNORECASE),
        "mixed": phrase_pattern(load_data("verdicts")["mixed"]),
        "judged_list": re.compile(  # "Các chỉ tiêu không đạt gồm: ...": the targets of one verdict, listed
            rf"(?<![\w])(?:{alternation(data['leads'])})\s+(?P<verdict>{alternation(verdict_words)})"
            rf"(?:\s+(?:{alternation(load_data('verdicts')['plan_words'])}))?\s*(?:(?:{alternation(data['lead_list'])}|là)\s*)?:",
            re.IGNORECASE,
        ),
        "judged_count": re.compile(
            rf"(?<![\w.,])\d{{1,3}}(?:/\d{{1,3}})?\s+(?:{alternation(data['leads'])})[^.;:\d]{{0,30}}?"
            rf"(?<![\w])(?P<verdict>{alternation(verdict_words)})(?![\w])"
            rf"|(?<![\w])(?P<before>{alternation(verdict_words)})\s+(?:được\s+)?(?:100\s*%\s+)?\d{{1,3}}(?:/\d{{1,3}})?\s+"
            rf"(?:{alternation(data['leads'])})(?![\w])",  # "hoàn thành 20/22 chỉ tiêu"
            re.IGNORECASE,
        ),
        "not_period": re.compile(
            rf"(?<![\w])(?:{alternation(data['year_not_period'])})\s+(?:(?:{year})\s+)?$", re.IGNORECASE
        ),
        "expected": re.compile(
            rf"(?<![\w])(?:{expected})(?:\s+[^\s\d,.;:()]+){{0,10}}?\s+(?:(?:trong|vào)\s+)?"
            rf"(?:{year})\s+((?:19|20)\d\d)"
            rf"|^[\W\d]{{0,6}}(?:{year})\s+((?:19|20)\d\d)\s*,?\s*(?:{expected})(?![\w])"
            rf"|(?<![\w])(?:{year})\s+((?:19|20)\d\d)\s*,?\s*(?:{alternation(data['budgets'])})(?![\w])",
            re.IGNORECASE,
        ),
        "topic": re.compile(
            rf"^\W*(?:[a-zđ0-9IVX]{{1,4}}[.)]\s*)?(?:(?:{alternation(data['topics'])})\s+)?"
            rf"(?:{alternation(data['topic_words'])})(?:\s*(?:,|và|-)\s*(?:{alternation(data['topic_words'])}))*\W*$",
            re.IGNORECASE,
        ),
    }


_BRACKETED = re.compile(r"\([^()]*\)")


def _without_asides(text: str) -> str:
    """The text with its brackets blanked, unless it is all brackets."""
    blanked = _BRACKETED.sub(" ", text)
    return blanked if blanked.strip(" .;,") else text


def commits(text: str) -> bool:
    """Does the sentence say someone commits ("phấn đấu", "đặt mục tiêu", ...; ``data/cues.yaml`` ``commitments``),
    not only bound a figure ("trở lên")?"""
    return _patterns()["committer"].search(text) is not None


def may_state(text: str) -> bool:
    """A quick test: can this text commit to or announce targets at all?"""
    patterns = _patterns()
    return bool(
        patterns["commitment"].search(text)
        or patterns["lead"].search(text)
        or patterns["horizon_year"].search(text)
        or (_expectation_words().search(text) and patterns["expected"].search(text))
    )


def _expects(text: str, reference: int | None) -> bool:
    """ "Dự kiến năm 2024, ...": what a report expects of the year it plans for, not an estimate of its own."""
    if reference is None or not _expectation_words().search(text):
        return False
    return any(int(next(filter(None, m.groups()))) >= reference for m in _patterns()["expected"].finditer(text))


@cache
def _expectation_words() -> Phrases:
    cues = load_data("cues")
    return phrase_pattern(cues["expectations"] + cues["budgets"])


def excepts(text: str) -> bool:
    """Does the text before a figure set it apart from the verdict before it ("..., riêng tỷ lệ ...")?"""
    return _patterns()["exception"].search(text) is not None


def against_the_past(before: str, after: str) -> bool:
    """Is a percentage a share of the past ("bằng 95% cùng kỳ"), not of the plan? A growth rate set against the
    past ("tăng 7,4% so với cùng kỳ", "đạt 5,17% so với cùng kỳ") is not. Words: ``past_share_verbs``
    (``data/verdicts.yaml``) and the table columns of a comparison with the past (``data/sections.yaml``)."""
    patterns = _patterns()
    return patterns["share_verb"].search(before) is not None and patterns["past"].match(after) is not None


def counts_targets(text: str) -> bool:
    """Does the sentence name a number of targets ("đặt ra 10 chỉ tiêu chủ yếu")?"""
    return _patterns()["counted"].search(text) is not None


def opens_with_targets_count(text: str) -> bool:
    """Does the text start with a number of targets ("[đạt và vượt 100%] 15 chỉ tiêu")?"""
    return _patterns()["counted"].match(text.lstrip()) is not None


def judges_a_count(text: str) -> bool:
    """Does the sentence judge a count of targets ("đạt 14/15 chỉ tiêu", "12 chỉ tiêu đạt và vượt")?"""
    return _patterns()["judged_count"].search(text) is not None


def ends_counting_targets(text: str) -> bool:
    """Does the text end with a count of targets and a verdict, the number after it their share ("12/13 chỉ tiêu
    vượt và đạt" 100% kế hoạch)?"""
    return _patterns()["target_count"].search(text) is not None


def starts_list(text: str) -> bool:
    """Does a sentence open the list a sentence before it announced ("Cụ thể, ...", "Trong đó, ...")?"""
    return _patterns()["list_start"].match(text) is not None


def is_title(text: str) -> bool:
    """A line short enough and without a closing stop to read as a title of what follows."""
    stripped = text.strip()
    return len(stripped) <= _TITLE_MAX and not stripped.endswith((".", ";"))


def names_targets(text: str) -> bool:
    """Does the text name targets ("chỉ tiêu", "mục tiêu"), so that it may announce them?"""
    return _patterns()["lead"].search(text) is not None


def is_topic(title: str) -> bool:
    """A heading that names a topic inside a list ("a) Về kinh tế", "2. Xã hội:")."""
    return len(title) <= 80 and bool(_patterns()["topic"].match(title.strip()))


def _past_year(text: str, reference: int | None) -> bool:
    """Does the sentence name a year or a term before ``reference`` as its own time ("Năm 2023, ...", "năm 2020
    đạt", "Nhiệm kỳ 2020-2025, ...")?"""
    if reference is None:
        return False
    for match in _RANGE.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if int(match.group(2)) < reference and not base_year(before):
            return True
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        before = text[max(0, match.start() - 30) : match.start()]
        if year >= reference or _AFTER_RANGE.search(before) or after_horizon(before):
            continue
        if base_year(before) or before.rstrip().endswith(("/", "-")):
            continue
        return True
    return False


def after_horizon(before: str) -> bool:
    """Do these words, just before a year, make it a horizon ("đến năm", "tầm nhìn đến")?"""
    return _patterns()["horizon"].search(before) is not None


def base_year(before: str) -> bool:
    """Do these words, just before a year, make it no period of the number ("so với năm", "giá so sánh năm")?"""
    return _patterns()["not_period"].search(before[-30:]) is not None


def names_year(text: str, first: int | None) -> bool:
    """Does the text name a year from ``first`` on ("năm 2026", "đến năm 2030")?"""
    return first is not None and any(int(year) >= first for year in _YEAR.findall(text))


def _future_year(text: str, reference: int | None) -> bool:
    """ "đến năm 2030", "vào năm 2025": a level to reach at or after the reference year."""
    if reference is None:
        return False
    for match in _YEAR.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if int(match.group(1)) >= reference and after_horizon(before):
            return True
    return False


def _reports(text: str) -> bool:
    """Does the sentence report ("ước thực hiện", "đã đạt"), other than inside a comparison ("so với ước thực hiện
    năm 2017": the base a target is set against)?"""
    patterns = _patterns()
    while (compared := patterns["comparison"].search(text)) is not None:  # blank out every comparison
        text = text[: compared.start()] + " " * (compared.end() - compared.start()) + text[compared.end() :]
    return patterns["report"].search(text) is not None


def reports(text: str, reference: int | None) -> bool:
    """Does the sentence, its asides left out, report ("ước đạt", "đã") or name a year before ``reference``?"""
    aside_free = _without_asides(text) if "(" in text else text
    return _reports(aside_free) or _past_year(aside_free, reference)


def is_aside(text: str, reference: int | None) -> bool:
    """Does a bracket beside a target speak of the past ("năm 2023 ước đạt 6,5%", "ước thực hiện năm 2023: 60
    triệu đồng") or set the target against it ("tăng 9% so với ước thực hiện năm 2023")?"""
    return _reports(text) or _past_year(text, reference) or _patterns()["comparison"].search(text) is not None


def sentence_cue(text: str, clauses: list[Clause], reference: int | None) -> SentenceCue:
    """What a sentence states; ``clauses`` are its clauses, ``reference`` the first year the document plans for."""
    patterns = _patterns()
    if patterns["citation"].match(text):
        return SentenceCue(Cue.REPORT, False)  # "Căn cứ Nghị quyết số ...": grounds cited, not stated here
    verdict, where, end, whole = judges(text) if may_judge(text) else (None, -1, -1, False)
    if verdict is not None and patterns["verdict_commitment"].search(text[max(0, where - 20) : where]):
        verdict = None  # "phấn đấu đạt mục tiêu ...": a commitment, not a verdict
    # "45.799/36.875 tỷ đồng" where a plan is named is a result over its target; "5/7 huyện đạt chuẩn" is a count
    over = any(q.of is not None for c in clauses for q in c.quantities if q.unit) and may_judge(text)
    judged = (verdict is not None and not whole) or over
    judged = judged or any(c.stated_targets for c in clauses)
    lead = patterns["lead"].search(text)
    judging = verdict is not None and not whole and lead is not None and 0 <= where - lead.end() <= _JUDGED_GAP
    if judging:  # "5/5 chỉ tiêu kinh tế đạt và vượt kế hoạch"
        listing = patterns["results_list"].match(text, end) is not None
        if not listing and lead is not None and patterns["vague_count"].search(text[: lead.start()]):
            return SentenceCue(Cue.REPORT, False)  # "nhiều chỉ tiêu vượt kế hoạch; ...": no count of its own
        mixed = patterns["mixed"].search(text[where:end]) is not None
        return SentenceCue(Cue.REPORT, False, True, listing, None if mixed else verdict)
    count = patterns["judged_count"].search(text) if lead is not None else None
    if count is not None:  # "có 12 chỉ tiêu đạt và vượt, 6 chỉ tiêu không đạt": no plan named, the count is one
        mixed = len(patterns["judged_count"].findall(text)) > 1 or patterns["mixed"].search(count.group()) is not None
        listing = patterns["results_list"].match(text, count.end()) is not None
        said = cell_verdict(count.group("verdict") or count.group("before"))
        return SentenceCue(Cue.REPORT, False, True, listing, None if mixed else said)
    listed = patterns["judged_list"].search(text)
    if listed is not None:
        return SentenceCue(Cue.REPORT, False, True, True, cell_verdict(listed.group("verdict")))
    if judged:
        return SentenceCue(Cue.REPORT, False)
    if whole and not patterns["commitment"].search(text):
        return SentenceCue(Cue.COMPARISON, False)  # "Hoàn thành 100% chỉ tiêu ...": done, or to do in a list
    commits = bool(patterns["commitment"].search(text))
    commits = commits or (lead is not None and names_year(text, reference))  # "Năm 2024, ... đề ra các chỉ tiêu: ..."
    commits = commits or _expects(text, reference)
    if reports(text, reference) and not commits:  # "7 - 7,5% (năm 2023 ước đạt 6,5%)": the aside does not report
        return SentenceCue(Cue.REPORT, False)
    if not commits and patterns["comparison"].search(text):
        return SentenceCue(Cue.COMPARISON, False)
    if commits or lead or _future_year(text, reference):
        first_number = min((q.start for c in clauses for q in c.quantities if q.unit), default=None)
        if lead is None:
            announces = False
        elif first_number is None:  # "Các chỉ tiêu chủ yếu năm 2025 gồm:", a title-like line
            announces = bool(patterns["lead_list"].search(text)) or len(text) <= _TITLE_MAX
        else:
            announces = first_number - clauses[0].sentence_start > lead.end()
        return SentenceCue(Cue.TARGET, announces)
    return SentenceCue(None, False)
