"""From a ``Document`` to its targets and results.

Each block gets a role from the nearest heading above it that names a list (``data/sections.yaml``):
the main results list, the main targets list, or the body. A "Mục tiêu tổng quát" heading is body; a heading
that is only "Chỉ tiêu" or "Mục tiêu" is a targets list. In the body, a paragraph that names a list and ends
with ":" or reads as a title ("Điều 1. Các chỉ tiêu chủ yếu năm 2026") makes the list items after it that
list. A numbered heading holding a number inside such a list is one of its entries (written without a full
stop), and a paragraph between two items is an item whose bullet was lost.
In the main targets list every stated number is a target, and a clause without a number is a qualitative
target. In the main results list every stated number is a result. In the body only numbers judged against
a plan are results (see ``results.py``). Tables with target and result columns are appendix tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from functools import cache, lru_cache

from chitieu.extract.context import Terms, decide_direction, decide_period, infer_terms, part_of_year
from chitieu.extract.cues import (
    Cue,
    SentenceCue,
    against_the_past,
    commits,
    ends_counting_targets,
    excepts,
    is_aside,
    is_title,
    is_topic,
    may_state,
    names_targets,
    names_year,
    opens_with_targets_count,
    sentence_cue,
    starts_list,
)
from chitieu.extract.flat_tables import find_flat_tables
from chitieu.extract.item import Bound, Direction, Extraction, Item, Kind, Metadata, Verdict
from chitieu.extract.lexicon import Phrases, alternation, fold, load_data, phrase_pattern, words_in
from chitieu.extract.lists import qualitative_parts, shares_number, split_lists
from chitieu.extract.mentions import Mention, mentions
from chitieu.extract.prose import SERIES, Clause, Passage, clauses, clean_indicator, in_brackets, passages
from chitieu.extract.results import (
    bids,
    closing_verdict,
    may_judge,
    respective_shares,
    share_of_plan,
    stated_verdict,
    target_text,
)
from chitieu.extract.tables import table_items
from chitieu.intake.document import Block, BlockKind, Document, Heading


class Role(StrEnum):
    TARGETS = "targets"
    RESULTS = "results"
    BODY = "body"


@cache
def _section_patterns() -> dict[str, Phrases]:
    data = load_data("sections")
    return {name: phrase_pattern(data[name]) for name in ("general", "results", "targets")}


def role_of(section: tuple[Heading, ...]) -> Role:
    """The list a block belongs to: a heading names it near its start (long headings are sentences)."""
    for heading in reversed(section):
        role = _heading_role(heading.title)
        if role is not None:
            return role[0]
    return Role.BODY


@lru_cache(maxsize=4096)
def _heading_role(title: str) -> tuple[Role, bool] | None:
    """The list a heading names and whether it is a general aim ("Mục tiêu tổng quát"), or None."""
    if len(title) > 150:
        return None
    if fold(title.strip(" .:;*")) in _target_titles():
        return Role.TARGETS, False
    patterns = _section_patterns()
    for name, role in (("general", Role.BODY), ("results", Role.RESULTS), ("targets", Role.TARGETS)):
        match = patterns[name].search(title)
        if match and match.start() <= 40:
            return role, name == "general"
    return None


@cache
def _target_titles() -> frozenset[str]:
    return frozenset(fold(title) for title in load_data("sections")["target_titles"])


def _is_general(section: tuple[Heading, ...]) -> bool:
    """Is the nearest heading that names a list a general aim ("Mục tiêu tổng quát")?"""
    general = _section_patterns()["general"]
    for heading in reversed(section):
        if general.search(heading.title):
            return True
        role = _heading_role(heading.title)
        if role is not None and role[0] is not Role.BODY:
            return False
    return False


def _opens_targets(title: str, reference: int | None) -> bool:
    """A heading that names targets without naming a list the headings' roles know ("SỐ CHỈ TIÊU"), or the plan
    for a year the document plans for ("KẾ HOẠCH NĂM 2026" in a report on 2025)."""
    cues = load_data("cues")
    if _heading_role(title) is not None or words_in(title, load_data("sections")["past"] + cues["reports"]):
        return False
    return names_targets(title) or (words_in(title, cues["plan_headings"]) and names_year(title, reference))


def lead_role(text: str) -> Role | None:
    """The list a paragraph opens: one ending in ":" that names it ("Điều 1. ... với các chỉ tiêu chủ yếu sau:"),
    or a title-like one (short, no full stop) that names it near its start ("Điều 1. Các chỉ tiêu chủ yếu")."""
    stripped = text.strip()
    if not (stripped.endswith(":") and len(stripped) <= 300) and not is_title(stripped):
        return None
    patterns = _section_patterns()
    if patterns["general"].search(stripped):
        return None
    for name, role in (("results", Role.RESULTS), ("targets", Role.TARGETS)):
        match = patterns[name].search(stripped)
        if match and (stripped.endswith(":") or match.start() <= 40):
            return role
    return None


def _heading_entry(block: Block, lead: Role | None) -> Block | None:
    """A numbered heading that is an entry of a main list ("1. Tốc độ tăng trưởng kinh tế đạt 8,5%" written
    without a full stop), as a list item under the list's heading; None for a heading proper."""
    from chitieu.extract.quantity import find_quantities

    if block.marker is None or len(block.text) > 250:
        return None
    if not any(q.unit is not None for q in find_quantities(block.text)):
        return None
    parent = block.section[:-1] if block.section and block.section[-1].line == block.number else block.section
    if (lead or role_of(parent)) is Role.BODY:
        return None
    return replace(block, kind=BlockKind.ITEM, section=parent)


def section_path(section: tuple[Heading, ...]) -> str:
    return " > ".join(h.title[:80] for h in section)


def extract(document: Document, metadata: Metadata | None = None) -> Extraction:
    """Every target and result of a document, with its metadata."""
    if metadata is None:
        from chitieu.extract.metadata import extract_metadata

        metadata = extract_metadata(document)
    terms = infer_terms(document, metadata.term, metadata.plan_year, metadata.date)
    if metadata.plan_year is None and terms.plan_year and terms.result_year is None:
        metadata = replace(metadata, plan_year=terms.plan_year)  # "giao chỉ tiêu kế hoạch ... năm 2024" in the text
    reference = reference_year(terms, metadata)
    items: list[Item] = []
    runs: list[tuple[Role, list[Block]]] = []
    lead: Role | None = None  # the list a lead-in paragraph opened ("... các chỉ tiêu chủ yếu sau:")
    headings: list[tuple[int, bool]] = []  # (line, opens) of headings that open or close a lead of running text
    flat_tables, flat_lines = find_flat_tables(document)
    for block in document.blocks:
        if block.number in flat_lines:
            continue
        if block.kind is BlockKind.HEADING:
            entry = _heading_entry(block, lead)
            if entry is None:
                if not is_topic(block.text):
                    lead = None
                    headings.append((block.number, _opens_targets(block.text, reference)))
                continue
            block = entry
        if block.kind is BlockKind.ROW:
            continue
        role = role_of(block.section)
        if block.kind is BlockKind.PARAGRAPH:
            lead = lead_role(block.text) or (lead if not block.text.rstrip().endswith(".") else None)
        elif block.kind is BlockKind.ITEM and lead is not None and role is Role.BODY:
            role = lead
        if block.kind is BlockKind.FOOTNOTE:
            role = Role.BODY if role is Role.RESULTS else role
        if runs and runs[-1][0] is role and runs[-1][1][-1].section == block.section:
            runs[-1][1].append(block)
        else:
            runs.append((role, [block]))
    has_list = any(role is Role.TARGETS for role, _ in runs)
    reader = _BodyReader(headings, reference, has_list, reports=terms.result_year is not None)
    for role, blocks in runs:
        section = section_path(blocks[0].section)
        run_terms = _section_terms(blocks[0].section, role, terms)
        list_entries = _list_entries(blocks)
        for passage in passages(blocks):
            listed = passage.blocks[0].number in list_entries
            if role is Role.BODY:
                aims = _is_general(blocks[0].section)
                items.extend(reader.items(passage, document.name, run_terms, section, listed, aims=aims))
            else:
                reader.lead = None  # a lead before a list is the list's
                items.extend(_passage_items(passage, role, document.name, run_terms, section, listed, reference))
    for number, table in enumerate([*document.tables, *flat_tables], 1):
        items.extend(table_items(table, document.name, terms, section_path(table.rows[0].section), number))
    measurable = {item.section for item in items if item.kind is Kind.TARGET and item.value is not None}
    items = [item for item in items if item.value is not None or item.kind is Kind.RESULT or item.section in measurable]
    items.sort(key=lambda item: item.line)
    return Extraction(metadata, items)


_TERM_IN_TITLE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_YEAR_IN_TITLE = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,])")


def _section_terms(section: tuple[Heading, ...], role: Role, terms: Terms) -> Terms:
    """A term named by the list's own heading ("Kết quả ... nhiệm kỳ 2020 - 2025") overrides the document's.

    In an annual plan, results report on the year before the plan's, or on the earlier year the heading names.
    """
    if terms.plan_year:
        named = [int(y) for heading in section for y in _YEAR_IN_TITLE.findall(heading.title)]
        earlier = [year for year in named if year < terms.plan_year]
        return replace(terms, result_year=earlier[-1]) if earlier else terms
    if role is Role.BODY:
        return terms
    for heading in reversed(section):
        match = _TERM_IN_TITLE.search(heading.title)
        if match:
            first, last = int(match.group(1)), int(match.group(2))
            if role is Role.RESULTS:
                return Terms(last, 2 * last - first, None)
            return Terms(first, last, None)
    return terms


def _list_entries(blocks: list[Block]) -> set[int]:
    """Lines of a run that are list entries: items, and a paragraph between two items (its bullet lost)."""
    entries = {block.number for block in blocks if block.kind is BlockKind.ITEM}
    for before, block, after in zip(blocks, blocks[1:], blocks[2:], strict=False):
        if block.kind is BlockKind.PARAGRAPH and before.kind is after.kind is BlockKind.ITEM:
            entries.add(block.number)
    return entries


def reference_year(terms: Terms, metadata: Metadata) -> int | None:
    """The first year a document plans for: its plan year (the year after it when the document reports on that year
    late in it: "Bắc Giang phấn đấu hoàn thành ... năm 2024" of December 2024), else the year after its date, else
    its term's second."""
    if terms.plan_year:
        late = terms.result_year is not None and terms.result_year >= terms.plan_year and not terms.partial
        return terms.plan_year + 1 if late else terms.plan_year
    if metadata.date:
        return int(metadata.date[:4]) + 1
    return terms.start + 1


_PROSE_MIN = 200  # a passage this long without a number ends a lead
_DIGIT = re.compile(r"\d")
_YEAR_ONLY = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class _BodyReader:
    """Running text outside heading-named lists, read passage by passage in document order: each sentence's
    numbers are targets, results or neither by the evidence around them (``cues.py``).

    A lead stays open across passages until a heading other than a topic (a heading that names targets opens
    one), a reporting sentence or a long passage without numbers. A sentence that judges a count of targets and
    lists them ("06/09 chỉ tiêu đạt kế hoạch: ...", or "... đạt và vượt." then "Cụ thể, ...") opens a list of
    results, which goes on in list entries and after a colon; its verdict is each result's, unless it holds two
    ("đạt và vượt"). In a document that
    has a heading-named list of targets, a lone commitment in its body ("phấn đấu giải ngân 100% vốn đầu tư
    công") restates a task, not a target: there only a lead opens targets."""

    def __init__(
        self, headings: list[tuple[int, bool]], reference: int | None, has_list: bool, *, reports: bool = False
    ) -> None:
        self.lines = [line for line, _ in headings]
        self.opens = [opens for _, opens in headings]
        self.reference = reference
        self.has_list = has_list
        self.reports = reports  # a page about a year that has passed: targets only for the year after it
        self.lead: Role | None = None  # the list a lead opened: targets or results
        self.announced: SentenceCue | None = None  # a sentence that judged targets; "Cụ thể, ..." lists them
        self.verdict: Verdict | None = None  # the verdict of an open list of results
        self.last_line = 0
        self.colon = False  # did the last passage end with ":"?

    def _ends_list(self, cue: SentenceCue, entry: bool, numbered: bool) -> bool:
        """Does a reporting sentence end the open lead? An entry of a list of targets without a figure ("Năm là,
        tổng thu ngân sách đạt và vượt dự toán Trung ương giao.") does not."""
        return cue.cue is Cue.REPORT and (numbered or not entry or self.lead is not Role.TARGETS)

    def items(
        self, passage: Passage, doc: str, terms: Terms, section: str, listed: bool, *, aims: bool = False
    ) -> list[Item]:
        """The passage's items; under a general aim ("Mục tiêu tổng quát") numbers are no targets."""
        first = passage.blocks[0].number
        between = bisect_left(self.lines, first)
        if between > bisect_right(self.lines, self.last_line):  # the last heading since the last passage
            self.lead = Role.TARGETS if self.opens[between - 1] else None
        self.last_line = passage.blocks[-1].number
        entry = passage.blocks[0].kind is BlockKind.ITEM or self.colon
        if self.lead is Role.RESULTS and not entry:
            self.lead = None  # a list of results goes on in list entries, not in the next paragraph
        self.colon = passage.text.rstrip().endswith(":")
        title = is_title(passage.text) and not self.colon  # a line ending in ":" leads through its words
        title = title and not _DIGIT.search(_YEAR_ONLY.sub("", passage.text))  # no number but years
        if title and _opens_targets(passage.text, self.reference):  # "Phương hướng, nhiệm vụ năm 2026"
            self.lead = Role.TARGETS
            return []
        if not _DIGIT.search(passage.text):  # no number: only a lead or its end
            cue = sentence_cue(passage.text, [], self.reference)
            long = len(passage.text) >= _PROSE_MIN
            ends = self._ends_list(cue, entry, numbered=False)
            self.lead = Role.TARGETS if cue.lead else None if ends or long else self.lead
            return []
        stating = names_targets(passage.text) if self.has_list else may_state(passage.text)
        if not (self.lead or stating or may_judge(passage.text) or self.announced):
            self.announced = None
            return []  # no lead open, no plan named, nothing committed: statistics
        found = clauses(passage)
        by_sentence: dict[int, list[Clause]] = {}
        for clause in found:
            by_sentence.setdefault(clause.sentence, []).append(clause)
        targets: list[Clause] = []
        led: set[int] = set()
        results: list[Clause] = []
        verdicts: dict[int, Verdict] = {}
        others: list[Clause] = []
        committed = False  # a sentence of this passage committed: the next ones go on ("... phấn đấu ...; X đạt 42%.")
        announced, self.announced = self.announced, None  # a judging paragraph before: "Cụ thể, ..." lists it
        unlisted = False  # a sentence of this passage judged a count of targets without listing them
        for index, group in by_sentence.items():
            text = passage.text[group[0].sentence_start : group[-1].end]
            if announced is not None and starts_list(text):  # "Cụ thể, ..." after "12 chỉ tiêu đạt và vượt"
                self.lead, self.verdict = Role.RESULTS, announced.verdict
            announced = None
            numbered = any(q.unit for c in group for q in c.quantities)
            if self.lead is None and (not numbered or self.has_list) and not names_targets(text):
                # no lead open and none announced, and no number (or, beside a list of targets, no lead to open):
                # nothing to decide here; a verdict in it makes a result below
                others.extend(group)
                continue
            cue = sentence_cue(text, group, self.reference)
            if cue.cue is Cue.REPORT and self.lead is Role.TARGETS and entry and bids(text):
                cue = SentenceCue(Cue.TARGET, False)  # "- Hoàn thành dự toán thu ngân sách: 11.789 tỷ đồng; ..."
            if self.reports and cue.cue is Cue.TARGET and not names_year(text, self.reference) and not commits(text):
                cue = SentenceCue(None, False)  # "Nghị quyết đề ra 14 chỉ tiêu": the past year's, now reported on
            if cue.judges:  # its results follow: listed after it, in the rest of its paragraph, or "Cụ thể, ..."
                self.lead, self.verdict = Role.RESULTS, cue.verdict
                self.announced = None if cue.listing else cue
                unlisted = not cue.listing
            elif unlisted and starts_list(text):
                unlisted = False  # "... đạt và vượt kế hoạch. Cụ thể, ...": the list starts here
            if self.lead is Role.RESULTS and cue.cue is not Cue.TARGET:
                if unlisted and not cue.judges:
                    others.extend(group)  # the rest of a paragraph that judged without a list: each on its own evidence
                    continue
                results.extend(group)
                if self.verdict is not None:
                    verdicts[index] = self.verdict
                continue
            if self._ends_list(cue, entry, numbered):
                self.lead = None
            stated = cue.cue is Cue.TARGET and (cue.lead or self.lead is not None or not self.has_list)
            carried = self.lead is Role.TARGETS or committed
            if not aims and (stated or (cue.cue in (None, Cue.COMPARISON) and carried)):
                targets.extend(group)
                committed = True
                if self.lead is not None or cue.lead:
                    led.add(index)
            else:
                others.extend(group)
                committed = committed and cue.cue is None
            if cue.lead:
                self.lead = Role.TARGETS
        if not targets and not results and len(passage.text) >= _PROSE_MIN and not any(c.quantities for c in found):
            self.lead = None
        if self.announced is not None and self.lead is Role.RESULTS:
            self.lead = None  # a paragraph that judged without a list: only its own rest, or a "Cụ thể, ..." next
        out = _target_items(targets, passage, doc, terms, section, lambda c: c.sentence in led, listed, self.reference)
        if results:
            out.extend(_result_items(results, passage, Role.RESULTS, doc, terms, section, verdicts))
        if others and may_judge(passage.text):
            out.extend(_result_items(others, passage, Role.BODY, doc, terms, section))
        return sorted(out, key=lambda item: item.line)


def _passage_items(
    passage: Passage,
    role: Role,
    doc: str,
    terms: Terms,
    section: str,
    listed: bool = False,
    reference: int | None = None,
) -> list[Item]:
    """The items of one passage of a heading-named list; ``listed`` says it is an entry of a list (qualitative
    targets come from those). An entry of a list of targets that judges against a plan ("Tốc độ tăng trưởng ước
    đạt 7,2%; kế hoạch 7,5%") reports a result: the heading is one signal, the entry's own words another."""
    found = clauses(passage)
    main = passage.blocks[0].kind is not BlockKind.FOOTNOTE
    if role is Role.TARGETS and not _judges_a_plan(passage.text, found, reference):
        return _target_items(found, passage, doc, terms, section, lambda _: main, listed, reference)
    if role is Role.RESULTS and may_state(passage.text) and _commits(passage.text, found, reference):
        # "Năm 2024, tỉnh phấn đấu tăng trưởng 8%; ..." under a heading of results: next year's targets
        return _target_items(found, passage, doc, terms, section, lambda _: False, listed, reference)
    return _result_items(found, passage, Role.RESULTS if role is Role.TARGETS else role, doc, terms, section)


def _judges_a_plan(text: str, found: list[Clause], reference: int | None) -> bool:
    return may_judge(text) and not bids(text) and sentence_cue(text, found, reference).cue is Cue.REPORT


def _commits(text: str, found: list[Clause], reference: int | None) -> bool:
    """Does a passage commit to targets of the year planned for, and judge nothing?"""
    return names_year(text, reference) and sentence_cue(text, found, reference).cue is Cue.TARGET


def _target_items(
    found: list[Clause],
    passage: Passage,
    doc: str,
    terms: Terms,
    section: str,
    is_main: Callable[[Clause], bool],
    listed: bool,
    reference: int | None = None,
) -> list[Item]:
    """Every number of the clauses as a target; a clause without one shares the number before it or, in a list
    entry, is a qualitative target. A number in an aside about the past ("7 - 7,5% (năm 2023 ước đạt 6,5%)") is
    none."""
    out: list[Item] = []
    found_mentions = [
        m for m in split_lists(mentions(found, passage.text), passage.text) if not _in_aside(m, passage.text, reference)
    ]
    for mention in found_mentions:
        out.append(_item(mention, Kind.TARGET, passage, doc, terms, section, is_main(mention.clause)))
    with_numbers = {id(m.clause) for m in found_mentions}
    last: Mention | None = None
    for clause in found:
        if id(clause) in with_numbers:
            last = next(m for m in reversed(found_mentions) if m.clause is clause)
            continue
        if not clean_indicator(clause.text):
            continue  # nothing after a closing ";"
        main = is_main(clause)
        same_sentence = last is not None and last.clause.sentence == clause.sentence
        if same_sentence and last is not None and _names_after(last, passage) and shares_number(clause.text):
            shared = _shared(last, clause, passage)
            out.append(_item(shared, Kind.TARGET, passage, doc, terms, section, main))
            continue
        if main and listed:
            for start, end, verb in qualitative_parts(passage.text, clause.start, clause.end):
                qualitative = _qualitative(start, end, verb, passage, doc, terms, section)
                if qualitative:
                    out.append(qualitative)
    return out


def _in_aside(mention: Mention, text: str, reference: int | None) -> bool:
    q = mention.quantity
    opened = text.rfind("(", mention.clause.start, q.start)
    if opened < 0 or text.find(")", opened, q.start) >= 0:
        return False
    closed = text.find(")", q.end)
    return is_aside(text[opened + 1 : closed if closed >= 0 else len(text)], reference)


def _result_items(
    found: list[Clause],
    passage: Passage,
    role: Role,
    doc: str,
    terms: Terms,
    section: str,
    given: dict[int, Verdict] | None = None,
) -> list[Item]:
    """In a results list every number is a result; in running text only a number judged against a plan.
    ``given`` holds, by sentence, the verdict a list's lead gave all its results ("06/09 chỉ tiêu đạt kế hoạch:")."""
    if role is Role.BODY and not may_judge(passage.text):
        return []
    main = role is not Role.BODY and passage.blocks[0].kind is not BlockKind.FOOTNOTE
    out: list[Item] = []
    sentence_verdicts = {**(given or {}), **_sentence_verdicts(found)} if role is Role.RESULTS else {}
    respectives = {id(clause): _respective(clause, passage.text) for clause in found}
    for mention in split_lists(mentions(found, passage.text), passage.text):
        clause = mention.clause
        q = mention.quantity
        verdict, after_verdict = _own_verdict(passage.text[clause.start : clause.end], q.start - clause.start)
        respective = respectives.get(id(clause))
        if respective is not None:  # "A 42.500 tỷ đồng, B 58.000 tỷ đồng, lần lượt đạt 135,6% và 82,98% dự toán"
            at, verdicts = respective
            if q.start >= at:
                continue  # the shares themselves
            if id(q) in verdicts:
                verdict, after_verdict = verdicts[id(q)], False
        bracketed = False
        if role is Role.BODY:
            over_plan = q.of is not None and may_judge(passage.text[clause.sentence_start : clause.end])
            if verdict is None and not clause.stated_targets and not over_plan:
                continue
            # in brackets is an aside, unless the bracket opened with the result's plan ("(KH 7%, ước đạt 6,5%)")
            # or judges the figure itself ("(thu tiền đất đạt 2.000 tỷ đồng, đạt 111% dự toán; ...)")
            if q.of is None and after_verdict:
                continue
            bracketed = q.of is None and in_brackets(clause.text, 0, q.start - clause.start)
            if bracketed:
                verdict = _judged_in_brackets(clause.text, q.end - clause.start)
                if verdict is None:
                    continue
        if role is Role.RESULTS and q.unit == "lần" and verdict is None and not clause.stated_targets:
            continue  # "số vốn đăng ký gấp 3,5 lần": against the past, not a plan
        if q.unit == "%" and (
            against_the_past(passage.text[clause.start : q.number_start], passage.text[q.end : clause.end])
            or ends_counting_targets(passage.text[clause.start : q.start])
            or opens_with_targets_count(passage.text[q.end : clause.end])
        ):
            continue  # "bằng 95% cùng kỳ"; "12/13 chỉ tiêu vượt và đạt 100% kế hoạch", "đạt 100% 15 chỉ tiêu"
        item = _item(mention, Kind.RESULT, passage, doc, terms, section, main)
        if bracketed:  # named inside its bracket: "(thu tiền đất đạt 2.000 tỷ đồng, ...; thu thuế phí ước đạt ...)"
            opened = max(passage.text.rfind(mark, clause.start, q.start) for mark in "(;")
            item.indicator = clean_indicator(passage.text[opened + 1 : q.start]) or item.indicator
        closing = sentence_verdicts.get(clause.sentence)
        if closing is not None and excepts(passage.text[clause.sentence_start : q.start]):
            closing = Verdict.NOT_MET if closing is not Verdict.NOT_MET else None  # "đạt 14/15 chỉ tiêu (riêng ...)"
        _judge(item, mention, clause, verdict, closing)
        if item.verdict is Verdict.NOT_MET and share_of_plan(passage.text[clause.start : clause.end]):
            sentence = passage.text[clause.sentence_start : clause.end]
            if terms.partial or part_of_year(sentence):
                item.verdict = None  # "9 tháng ... bằng 81% dự toán": progress through the year, not a verdict
        out.append(item)
    return out


_BRACKET_PART_END = re.compile(r"[;()]")


def _judged_in_brackets(text: str, after: int) -> Verdict | None:
    """The verdict the words after a figure in brackets give it, up to the next ";" or bracket."""
    end = _BRACKET_PART_END.search(text, after)
    return stated_verdict(text[after : end.start() if end else len(text)])[0]


def _respective(clause: Clause, text: str) -> tuple[int, dict[int, Verdict]] | None:
    """Where a clause's respective shares start, and the verdict each gives the figure before it, in order."""
    found = respective_shares(text[clause.start : clause.end])
    if found is None:
        return None
    at, verdicts = found
    figures = [q for q in clause.quantities if q.unit and q.start < clause.start + at][-len(verdicts) :]
    if len(figures) != len(verdicts):
        return None
    return clause.start + at, {id(q): verdict for q, verdict in zip(figures, verdicts, strict=True)}


_SEPARATOR = re.compile(r"[),;]")


def _own_verdict(text: str, at: int) -> tuple[Verdict | None, bool]:
    """The verdict a clause states for its number at ``at``, and whether the number comes after that verdict (a
    margin: "vượt kế hoạch 5%"; one inside it, "đạt 100% chỉ tiêu", is the figure). A number after the verdict and
    a separator starts a figure of its own, judged by what follows it ("... (vượt 46% KH), tổng thu du lịch ước đạt
    1.334 tỷ đồng (vượt 48,2% KH)")."""
    verdict, _, end = stated_verdict(text)
    if verdict is None or at < end:
        return verdict, False
    separator = _SEPARATOR.search(text, end, at)
    if separator is None:
        return verdict, True
    cut = separator.end()
    own, part = _own_verdict(text[cut:], at - cut)
    return (own, part) if own is not None else (verdict, True)  # nothing of its own: still the verdict's


def _names_after(mention: Mention, passage: Passage) -> bool:
    """Does the number come before the words that name it ("đạt 100% chỉ tiêu về tuyển quân")?"""
    tail = passage.text[mention.quantity.end : mention.clause.end].strip()
    return mention.end > mention.quantity.end or len(tail.split()) >= 3


def _shared(last: Mention, clause: Clause, passage: Passage) -> Mention:
    """A list item without its own number shares the number of the item before it."""
    text = passage.text[clause.start : clause.end]
    lead = len(text) - len(text.lstrip(" ,.;:-–"))
    return Mention(
        last.quantity,
        clean_indicator(text),
        None,
        last.before,
        clause.start + lead,
        clause.start + len(text.rstrip(" .;,")),
        clause,
    )


def _sentence_verdicts(found: list[Clause]) -> dict[int, Verdict]:
    """A verdict that closes a sentence ("..., đạt mục tiêu Nghị quyết.") speaks for all its clauses; one in an
    earlier clause ("GRDP ... vượt kế hoạch (kế hoạch 7,5%); thu ngân sách ...") speaks for its own only."""
    out: dict[int, Verdict] = {}
    last = {clause.sentence: clause for clause in found}
    for clause in found:
        if last[clause.sentence] is not clause:
            continue
        verdict, position, _ = stated_verdict(clause.text)
        if verdict is not None and not any(q.start > clause.start + position for q in clause.quantities):
            out[clause.sentence] = verdict
        elif verdict is None and (closing := closing_verdict(clause.text)) is not None:
            out[clause.sentence] = closing
    return out


def _judge(item: Item, mention: Mention, clause: Clause, verdict: Verdict | None, closing: Verdict | None) -> None:
    """The result's stated target and the verdict the document states for it. A verdict the document does not
    state is not the document's: the register judges the result against its target (``chitieu.judge``)."""
    quantity = mention.quantity
    if quantity.of is not None:
        item.target_value = target_text(quantity)
    index = [m for m in clause.quantities if m.unit is not None].index(quantity) if quantity in clause.quantities else 0
    if clause.stated_targets:
        written, _ = clause.stated_targets[min(index, len(clause.stated_targets) - 1)]
        verbs = alternation(load_data("verdicts")["target_verbs"])
        item.target_value = re.sub(rf"^(?:{verbs})\s+", "", written, flags=re.IGNORECASE).strip() or written
    item.verdict = verdict or closing


def _item(mention: Mention, kind: Kind, passage: Passage, doc: str, terms: Terms, section: str, main: bool) -> Item:
    q = mention.quantity
    line, quote = passage.locate(mention.start, mention.end)
    is_level = q.bound in (Bound.LT, Bound.MAX)
    direction = decide_direction(mention.indicator, mention.before, mention.breakdown, is_level)
    clause_start = mention.clause.start if q.start >= mention.clause.start else mention.clause.sentence_start
    context = passage.text[clause_start : max(q.end, mention.end)]
    period = decide_period(kind, mention.indicator, context, q.unit, terms, is_level=is_level)
    total_over_target = kind is Kind.RESULT and q.of is not None and q.unit != "%"
    if total_over_target and not terms.plan_year and period == str(terms.start):
        period = terms.previous  # "45.799/36.875 tỷ đồng" in a term review: the term's total against its target
    bound = q.bound
    if kind is Kind.RESULT and bound is Bound.GT and words_in(q.before or "", load_data("verdicts")["margin_words"]):
        bound = Bound.EXACT  # "vượt 9,5% so kế hoạch": a margin reported, not a floor
    return Item(
        doc=doc,
        kind=kind,
        indicator=mention.indicator,
        value=q.value,
        bound=bound,
        quote=quote,
        line=line,
        breakdown=mention.breakdown,
        value_max=q.value_max,
        direction=direction,
        unit=_per_population(q.unit, context),
        period=period,
        main=main,
        section=section,
    )


def _per_population(unit: str | None, context: str) -> str | None:
    """ "Số bác sĩ trên 1 vạn dân đạt 15 bác sĩ": a count over a population is a rate."""
    rates = load_data("units")["per_population"]
    if unit in rates["units"] and words_in(context, rates["words"]):
        return str(rates["units"][unit])
    return unit


def _qualitative(
    start: int, end: int, verb: str, passage: Passage, doc: str, terms: Terms, section: str
) -> Item | None:
    """A commitment without a number in ``passage.text[start:end]``; ``verb`` is one it shares with the part
    before it ("hoàn thành đường A và đường B")."""
    text = passage.text[start:end]
    indicator = clean_indicator(f"{verb} {text}" if verb else text)
    if len(indicator.split()) < 4 or len(indicator) > 300 or "?" in text or _section_patterns()["general"].search(text):
        return None
    if SERIES.search(text):
        return None  # a row of figures written as one line ("Dịch vụ % 8.30 6.40 5.10"), not a commitment
    lead = len(text) - len(text.lstrip(" ,.;:-–"))
    line, quote = passage.locate(start + lead, start + len(text.rstrip(" .;,")))
    if len(quote) < 15:
        return None
    down = words_in(indicator, load_data("directions")["down"])
    return Item(
        doc=doc,
        kind=Kind.TARGET,
        indicator=indicator,
        value=None,
        bound=Bound.QUALITATIVE,
        quote=quote[:300],
        line=line,
        direction=Direction.DOWN if down else None,
        period=decide_period(Kind.TARGET, indicator, text, None, terms),
        main=True,
        section=section,
    )


def why_empty(document: Document) -> str:
    """Why a document gave no target and no result, and what to try, in one Vietnamese sentence."""
    from chitieu.extract.quantity import find_quantities

    if not document.text.strip():
        return (
            "không đọc được chữ nào (tệp quét mà nhận dạng chữ không ra kết quả, hoặc tệp rỗng); "
            "hãy thử bản .docx hoặc PDF có lớp chữ."
        )
    counted = sum(1 for line in document.lines for q in find_quantities(line.text) if q.unit and not q.is_year)
    series = sum(1 for line in document.lines if SERIES.search(line.text))
    if series >= 2:
        return (
            f"có {series} dòng là dãy số liệu viết liền nhau (như '9,30 10,20 9,80'), tức một bảng số liệu bị mất cột "
            "khi chép ra văn bản, nên không biết số nào là kế hoạch, số nào là kết quả; hãy nạp bản .docx, .xlsx "
            "hoặc PDF có bảng, hoặc thêm chỉ tiêu bằng tay ở màn hình rà soát."
        )
    if not counted:
        return (
            "văn bản không có con số nào kèm đơn vị (%, tỷ đồng, ha...), nên không nêu chỉ tiêu bằng số; "
            "chỉ tiêu định tính có thể thêm bằng tay ở màn hình rà soát."
        )
    return (
        f"có {counted} con số kèm đơn vị nhưng không câu nào nêu chỉ tiêu (phấn đấu, đặt mục tiêu, giao chỉ tiêu, "
        "đến năm...) hay kết quả so với kế hoạch, và không có mục 'Các chỉ tiêu chủ yếu'; "
        "nếu đây là văn bản về chỉ tiêu, hãy thêm chỉ tiêu bằng tay ở màn hình rà soát."
    )
