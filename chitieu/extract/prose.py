"""Sentences and clauses of running text, and what each number in them is about.

A *passage* is one paragraph or list item, joined with the next when a page break split a sentence (the
line does not end a sentence and the next starts in lower case). It is cut into sentences (". " before a
capital), then clauses (";"). Stated targets in brackets — "(Mục tiêu: 10%/năm)" — are taken out first
and kept for the numbers before them. In a clause each kept number's indicator is the text between the
previous number and this one, trimmed of openers, period words and verbs (``data/clauses.yaml``); when
little is left, the words after the number name it ("90% gia đình văn hóa").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from chitieu.extract.lexicon import alternation, load_data, words_in
from chitieu.extract.quantity import Quantity, find_quantities
from chitieu.extract.results import may_judge
from chitieu.intake.document import Block, BlockKind

_SENTENCE_END = re.compile(r"[.!?…]+(?:\(\d{1,3}\))?[”\"')]*\s+")  # "(9)" after a full stop: a footnote mark
_PERIOD_WORDS = re.compile(
    r"(?:(?:đến|vào|trong|cuối|hết|đến hết|đến cuối)\s+)?(?:năm|giai đoạn|nhiệm kỳ|thời kỳ)\s+\d{4}"
    r"(?:\s*[-–]\s*\d{4})?|\b(?:hằng|hàng|mỗi)\s+năm\b"
    r"|(?:(?:đến|vào|trong)\s+)?(?:cuối|hết)\s+(?:nhiệm\s+kỳ|giai\s+đoạn)(?!\s*\d)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Passage:
    """Text joined from one or more blocks, with a way back to each block's line."""

    blocks: list[Block]
    starts: list[int]
    text: str

    @classmethod
    def join(cls, blocks: list[Block]) -> Passage:
        starts, parts, position = [], [], 0
        for block in blocks:
            starts.append(position)
            parts.append(block.text)
            position += len(block.text) + 1
        return cls(blocks, starts, " ".join(parts))

    def locate(self, start: int, end: int) -> tuple[int, str]:
        """The line where ``text[start:end]`` begins and its exact quote, cut at that line's end."""
        index = max(i for i, s in enumerate(self.starts) if s <= start)
        block = self.blocks[index]
        local = start - self.starts[index]
        local_end = min(end - self.starts[index], len(block.text))
        return block.number, block.quote(local, local_end)


def passages(blocks: list[Block]) -> list[Passage]:
    """Group running-text blocks into passages, joining a sentence that a page break cut."""
    groups: list[list[Block]] = []
    for block in blocks:
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.FOOTNOTE):
            continue
        if groups and _continues(groups[-1][-1], block):
            groups[-1].append(block)
        else:
            groups.append([block])
    return [Passage.join(group) for group in groups]


def _continues(previous: Block, block: Block) -> bool:
    tail = previous.text.rstrip()
    head = block.text.lstrip()
    return (
        block.kind is BlockKind.PARAGRAPH
        and block.number - previous.number <= 4
        and bool(tail)
        and tail[-1] not in '.;:!?)”"'
        and bool(head)
        and (head[0].islower() or (head[0].isdigit() and tail[-1].isalpha()))  # "... tăng" / "2,99%; ..."
    )


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    text: str
    sentence: int  # index of the sentence in its passage
    sentence_start: int  # where that sentence starts
    quantities: list[Quantity] = field(default_factory=list)
    stated_targets: list[tuple[str, Quantity | None]] = field(default_factory=list)


@cache
def _stated_target_patterns() -> tuple[re.Pattern[str], ...]:
    """ "(Mục tiêu: 10%/năm)", "(KH năm 2025: 8%)", a bracket right after a plan word ("vượt mục tiêu Nghị
    quyết (giảm 1,5%/năm)"), a plan word with its value after a comma or "so" ("ước đạt 7,05%, kế hoạch
    7,5 - 8%, không đạt", "đạt 91,88% so chỉ tiêu 92,75%"), and a plan opening an entry before its result
    ("GRDP: kế hoạch 7 - 7,5%, ước thực hiện 8,1%"); the words before a colon name the target's scope and are
    not part of it."""
    verdicts = load_data("verdicts")
    markers, plan = alternation(verdicts["target_markers"]), alternation(verdicts["plan_words"])
    openers = alternation(verdicts["result_openers"])
    marked = re.compile(
        rf"\(\s*(?:{markers})(?![\w])(?:[^():]{{0,40}}:)?\s*(?:là|:)?\s*:?\s*(?P<body>[^()]*)\)", re.IGNORECASE
    )
    after_plan = re.compile(rf"(?<![\w])(?:{plan})\s*(?P<open>\()(?P<body>[^()]*)\)", re.IGNORECASE)
    after_comma = re.compile(
        rf"(?:[,;/]|(?<![\w])so(?:\s+với)?(?=\s))\s*(?P<open>(?:{markers}))(?![\w])\s*(?:là|:)?\s*"
        rf"(?P<body>[^;():,\s][^;():]{{0,39}}?)(?=,\s|;|\.\s|\)|\.?\s*$)",
        re.IGNORECASE,
    )
    verbs = alternation(verdicts["target_verbs"])
    before_result = re.compile(  # the plan word, words naming the indicator or year, then the plan's figure
        rf"(?:^|(?<=[:(\n–-])|(?<=[:(\n–-]\s))\s*(?:{markers})(?![\w])[^;():,\d]{{0,60}}?(?:(?:19|20)\d\d\s*)?"
        rf"(?:là|:)?\s*(?P<open>(?:(?:{verbs})\s+)?\d)(?P<body>[^;():]{{0,30}}?)[,;]\s*(?=(?:{openers})(?![\w]))",
        re.IGNORECASE,
    )
    return marked, after_plan, after_comma, before_result


# The separator of a plan after a comma follows a number, not a year ("Năm 2024, dự toán thu ... 4.800 tỷ đồng").
_AFTER_A_NUMBER = re.compile(r"(?<![\w.,])(?<![Nn]ăm )\d(?:[\d.,]*\d)?[^\d;,()]{0,20}$")


def _after_a_number(text: str, separator: int) -> bool:
    return _AFTER_A_NUMBER.search(text, max(0, separator - 40), separator) is not None


# Three or more numbers one after another with only spaces between ("9.30 10.20 9.80"): a row of a table of
# figures written as one line, whose numbers no words tell apart.
SERIES = re.compile(r"(?<![\w.,])-?\d[\d.,]*(?:[ \t]+-?\d[\d.,]*){2,}")


def _series_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in SERIES.finditer(text)]


def _plan_before_result(bracket: re.Match[str]) -> tuple[int, int, str]:
    """A marked bracket's span and stated target; "(KH 7 - 7,5%, ước đạt 4,2%)" keeps its result: only the plan and
    its comma are the stated target."""
    body = bracket.group("body")
    result = _result_opener().search(body)
    if result is None or not _only_targets(body[: result.start()]):
        return bracket.start(), bracket.end(), body
    return bracket.start(), bracket.start("body") + result.start() + 1, body[: result.start()].rstrip(" ,;")


@cache
def _result_opener() -> re.Pattern[str]:
    return re.compile(rf"[,;]\s*(?:{alternation(load_data('verdicts')['result_openers'])})(?![\w])", re.IGNORECASE)


def _body(match: re.Match[str], before_result: re.Pattern[str]) -> str:
    """A stated target's words; a plan before its result starts at its figure ("Kế hoạch năm 2023 là 40.000 tỷ
    đồng; ước thực hiện ...": "40.000 tỷ đồng")."""
    if match.re is not before_result:
        return match.group("body")
    return _LEADING_YEAR.sub("", match.group("open") + match.group("body"))


_LEADING_YEAR = re.compile(r"^(?:19|20)\d\d\s*(?:là|:)?\s*")  # "[năm] 2026 là 40.000 tỷ đồng"


def _only_targets(body: str) -> bool:
    """Does a bracket hold targets only (not a result over its target, "15,2/20%")?"""
    found = find_quantities(body)
    return bool(found) and all(q.of is None for q in found)


def clauses(passage: Passage) -> list[Clause]:
    """Sentences and clauses of a passage, stated targets set apart from the numbers."""
    text = passage.text
    masked = list(text)
    stated: list[tuple[int, str]] = []
    spans: list[tuple[int, int, str]] = []
    if may_judge(text):  # every stated target names a plan
        marked, after_plan, after_comma, before_result = _stated_target_patterns()
        spans = [_plan_before_result(m) for m in marked.finditer(text)]
        for pattern in (after_plan, after_comma, before_result):
            spans += [
                (m.start("open"), m.end(), _body(m, before_result))
                for m in pattern.finditer(text)
                if (_after_a_number(text, m.start()) if pattern is after_comma
                    else len([q for q in find_quantities(_body(m, before_result)) if not q.is_year]) == 1)
                # one figure: "chỉ tiêu (riêng ... đạt 92,1% so ...)" is no stated target
                and _only_targets(_body(m, before_result))
                and not any(s <= m.start("open") < e for s, e, _ in spans)
            ]
    for start, end, body in sorted(spans):
        stated.append((start, body))
        for i in range(start, end):
            masked[i] = " "
    masked_text = "".join(masked)
    found: list[Clause] = []
    sentence_start = 0
    sentence_index = 0
    brackets = _Brackets(masked_text)
    ends = [m.end() for m in _SENTENCE_END.finditer(masked_text) if _ends_sentence(masked_text, m.end())]
    for sentence_end in [e for e in ends if brackets.depth(e - 1) == 0] + [len(masked_text)]:
        if sentence_end <= sentence_start:
            continue
        clause_start = sentence_start
        for piece in _split_outside_brackets(masked_text[sentence_start:sentence_end], sentence_start, brackets):
            if piece == ";":
                clause_start += 1
                continue
            clause_end = clause_start + len(piece)
            clause = Clause(
                clause_start, clause_end, masked_text[clause_start:clause_end], sentence_index, sentence_start
            )
            found_here = find_quantities(clause.text)
            series = _series_spans(clause.text) if len(found_here) >= 3 else []
            clause.quantities = [
                Quantity(
                    q.start + clause_start,
                    q.end + clause_start,
                    q.number_start + clause_start,
                    q.value,
                    q.value_max,
                    q.bound,
                    q.unit,
                    q.unit_text,
                    q.of,
                    q.before,
                    q.after,
                )
                for q in found_here
                if not any(a <= q.number_start < b for a, b in series)
            ]
            found.append(clause)
            clause_start = clause_end
        sentence_start = sentence_end
        sentence_index += 1
    for position, body in stated:
        owner = _clause_before(found, position)
        if owner is None:
            continue
        for part in re.split(r";", body):
            part = part.strip()
            quantities = [q for q in find_quantities(part) if not q.is_year]
            owner.stated_targets.append((part, quantities[0] if quantities else None))
    return found


class _Brackets:
    """Bracket depth at any position, from the positions of "(" and ")" (no per-character work)."""

    def __init__(self, text: str) -> None:
        self.opens = [i for i, c in enumerate(text) if c == "("] if "(" in text else []
        self.closes = [i for i, c in enumerate(text) if c == ")"] if self.opens else []

    def depth(self, position: int) -> int:
        """Brackets open at ``position`` (a closing bracket still counts as inside)."""
        if not self.opens:
            return 0
        return max(0, bisect_right(self.opens, position) - bisect_left(self.closes, position))


def _split_outside_brackets(text: str, offset: int, brackets: _Brackets) -> list[str]:
    """Split at ";" outside brackets, keeping each ";" as a piece of its own."""
    pieces, last = [], 0
    for match in re.finditer(";", text):
        i = match.start()
        if brackets.depth(offset + i) == 0:
            pieces.extend([text[last:i], ";"])
            last = i + 1
    pieces.append(text[last:])
    return pieces


def in_brackets(text: str, start: int, position: int) -> bool:
    """Is ``position`` inside brackets opened after ``start``?"""
    stretch = text[start:position]
    return stretch.count("(") > stretch.count(")")


def _ends_sentence(text: str, position: int) -> bool:
    if position >= len(text):
        return True
    following = text[position]
    return following.isupper() or following.isdigit() or following in '(-–•+"“*'


def _clause_before(found: list[Clause], position: int) -> Clause | None:
    """The clause a stated target at ``position`` belongs to: the last one before it with a number ("ước đạt 7,2%;
    kế hoạch 7,5%" leaves the plan a clause of its own)."""
    before = [clause for clause in found if clause.start <= position]
    return next((clause for clause in reversed(before) if clause.quantities), before[-1] if before else None)


@cache
def _trimmers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_data("clauses")
    periods = load_data("periods")  # "6 tháng đầu [năm 2023] tăng trưởng ...", "4 tháng cuối năm, ..."
    part_of_year = rf"(?:{alternation(periods['part_of_year'])})(?:\s+(?:{alternation(periods['part_of_year_ends'])}))?"
    openers = re.compile(
        rf"^(?:{alternation(data['openers'])}|{part_of_year})(?![\w])[\s,:]*", re.IGNORECASE
    )
    verbs = re.compile(rf"[\s,:]*(?<![\w])(?:{alternation(data['verbs'])})$", re.IGNORECASE)
    return openers, verbs


@cache
def _verb_endings() -> tuple[str, ...]:
    """The last word of every verb: a text ending in none of them ends in no verb (tested before the pattern,
    which is tried at every position of the text)."""
    return tuple({verb.split()[-1].lower() for verb in load_data("clauses")["verbs"] if verb.strip()})


def _trailing_verb(text: str) -> re.Match[str] | None:
    return _trimmers()[1].search(text) if text.lower().endswith(_verb_endings()) else None


_FOOTNOTE_MARK = re.compile(r"^\(?\d{1,3}\)\s*(?=[^\W\d])")
def names_a_topic(heading: str) -> bool:
    """Does the text before a colon name a topic ("Về dự toán ngân sách năm 2024"), not an indicator?"""
    return _topic_opener().match(heading.strip()) is not None


@cache
def _topic_opener() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(load_data('clauses')['topic_openers'])})\s", re.IGNORECASE)


@cache
def _topic() -> re.Pattern[str]:
    """ "Về xây dựng nông thôn mới, ...": a topic before the indicator."""
    openers = alternation(load_data("clauses")["topic_openers"])
    return re.compile(rf"^(?:{openers})\s[^,:;]{{1,60}}[,:]\s*(?=\S)", re.IGNORECASE)


@cache
def _frame() -> re.Pattern[str]:
    """A framing phrase up to its comma ("Theo báo cáo của UBND tỉnh, ", "Báo cáo của UBND tỉnh cho biết, "), before
    the words that name the indicator."""
    data = load_data("clauses")
    frames, speech = alternation(data["frames"]), alternation(data["speech_verbs"])
    return re.compile(
        rf"^(?:(?:{frames})(?![\w])[^,;:()]{{0,90}}|[^,;:()]{{0,90}}?(?<![\w])(?:{speech})),\s*", re.IGNORECASE
    )


def frame_end(text: str) -> int:
    """Where the words after a framing phrase start (0 when there is none, or too little after it)."""
    framed = _frame().match(text)
    return framed.end() if framed and len(text[framed.end() :].split()) >= 2 else 0


@cache
def _list_opener() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(load_data('clauses')['list_openers'])})(?![\w])\s*:?", re.IGNORECASE)


def clean_indicator(text: str) -> str:
    """Trim a stretch of words to the indicator it names."""
    text = _PERIOD_WORDS.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,:;.-–()\"“”'*+")
    text = _FOOTNOTE_MARK.sub("", _topic().sub("", text))
    text = text[frame_end(text) :]
    named = ""
    listed = _list_opener().split(text)
    if len(listed) > 1 and (clean_indicator(listed[-1]) or len(listed[-1].split()) >= 2):
        text = named = listed[-1].strip()  # what follows the opener names the indicator
    openers = _trimmers()[0]
    directions = load_data("directions")
    reduced = level = False  # "Tỷ lệ hộ nghèo giảm 2%" keeps "giảm"; "... giảm xuống còn 2%" is a level
    for _ in range(6):
        before = text
        text = openers.sub("", text).strip(" ,:;.-–\"“”'")
        trimmed = _trailing_verb(text)
        if trimmed:
            verb = " ".join(trimmed.group().lower().strip(" ,:").split())
            level = level or verb in directions["reduce_to"] or verb.endswith(tuple(directions["reduce_to_endings"]))
            reduced = reduced or (verb in directions["reduce"] and not level)
            text = text[: trimmed.start()].strip(" ,:;.-–\"“”'")
        if text == before:
            break
    if reduced and not level and text and not words_in(text, directions["reduce"]):
        text = f"{text} giảm"
    if not text and len(named.split()) >= 2 and not _trimmers()[0].match(named):
        text = named.strip(" ,:;.-–\"“”'")  # "đặt mục tiêu tăng trưởng 8%": the verb is the indicator
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].strip()
    elif text.count(")") > text.count("("):
        closed = text.rfind(")")
        after = text[closed + 1 :].strip(" ,:;.-–")
        # "vượt 46% KH), tổng thu du lịch": the words after the bracket that closed a figure before
        figure = any(c.isdigit() for c in text[:closed])
        text = after if figure and len(after.split()) >= 2 else text.replace(")", "").strip()
    return text[:1].upper() + text[1:] if text else text


def ends_with_verb(text: str) -> bool:
    """Does a stretch end with a verb before its number ("Tuyển quân, động viên quân dự bị đạt")?"""
    return bool(_trimmers()[1].search(_PERIOD_WORDS.sub(" ", text).rstrip()))


@cache
def _heads() -> re.Pattern[str]:
    heads = load_data("clauses")["indicator_heads"]
    return re.compile(rf"^\s*(?:{alternation(heads)})(?![\w])", re.IGNORECASE)


def starts_indicator(text: str) -> bool:
    """Does this stretch open with a word that names an indicator of its own ("Tỷ lệ", "Số")?"""
    return bool(_heads().match(text))


def opens_breakdown(text: str) -> bool:
    return words_in(text, load_data("clauses")["breakdown_openers"])
