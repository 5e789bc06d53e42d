"""What a document says about itself: type, issuer, number, date, congress, term, plan year, province, title.

Only the document's *own* header decides its type, number and date: a công văn that encloses a draft political
report is a công văn. The header is the run of lines before the first rule (``-----``), the address ("Kính gửi")
or the first long paragraph. Its lines are grouped into paragraphs (a tab-separated header table is grouped by
column); each group is the issuer, the motto, the number, the date line or a title.

Rules, in order:

- type: the letter code of the number ("493-BC/TU" is BC), else the phrase that opens the title; a narrower type
  (a political report) wins when the header names it.
- issuer: the header group that opens with a body's name, else a body named in the title, else the signature
  ("T/M TỈNH ỦY"). A subordinate body (a Tiểu ban) is named with the body before it.
- date: the "<place>, ngày ..." line, else the date the text says it was adopted ("thông qua ... ngày ...").
- congress: "Đại hội ... lần thứ XII" in the header, else the party body's "khóa XII", else a body mention whose
  term holds the document's year; the term is the "nhiệm kỳ" next to that congress.
- province: the issuer's, else the date line's place, else the most named province (after "tỉnh": ten votes,
  bare: one), with district and commune names looked up in vietnam-provinces as half votes for the provinces
  merged into the one they belong to today.

All words come from ``data/metadata.yaml``; this module keeps only structure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from vietnam_provinces import Province, Ward

from chitieu.extract.item import Metadata
from chitieu.extract.lexicon import alternation, load_data
from chitieu.intake.document import Document

_RULE = re.compile(r"^[-*_=–—]{3,}$")
_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]
_HEADER_MAX_LINES = 60
_PARAGRAPH_MIN = 250
_FOOT_LINES = 40
_TEXT_ISSUER_LINES = 20  # how far into a page without a header its issuer may first act
_PREFIXED_VOTE = 10.0
_BARE_VOTE = 1.0
_PLACE_VOTE = 0.5


@dataclass(slots=True)
class _Group:
    """Consecutive header lines (or one column of a header table), as written and folded."""

    line: int
    text: str  # as written, markup removed, spaces collapsed
    folded: str  # tone placement normalised, for matching


@dataclass(frozen=True, slots=True)
class _Body:
    label: str
    province: bool
    party: bool
    subordinate: bool
    opening_only: bool


def to_roman(number: int) -> str:
    """12 -> "XII"."""
    if number <= 0:
        raise ValueError(f"no Roman numeral for {number}")
    out = []
    for value, letters in _ROMAN_VALUES:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _ordinal(text: str) -> str | None:
    """An ordinal as written ("XII", "12") as a Roman numeral, or None if it is not one."""
    text = text.strip().upper()
    if text.isdigit():
        return to_roman(int(text)) if 0 < int(text) < 100 else None
    return text if text and _ROMAN.match(text) else None


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


class _Rules:
    """The patterns built from ``metadata.yaml``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        variants = {str(k): str(v) for k, v in data["tone_variants"].items()}
        variants |= {k.upper(): v.upper() for k, v in variants.items()}
        self.variants = re.compile("|".join(map(re.escape, variants)))
        self.variant_map = variants

        def words(key: str) -> str:
            return alternation([self.fold(str(p)) for p in data[key]])

        self.mottos = _rx(rf"^(?:{words('mottos')})")
        self.header_end = _rx(rf"^(?:{words('header_end')})\b")
        self.subject = _rx(rf"^(?:{words('subject_openers')})\b")
        self.title_prefix = _rx(rf"^(?:(?:{words('title_prefixes')})\s+)+")
        self.number = _rx(rf"^(?:{words('number_words')})\s*:?\s*(?P<number>\d+(?:/\d{{4}})?[-/][^\s,;]+)")
        d = {k: re.escape(v) for k, v in data["date_words"].items()}
        roman = "(?-i:[IVXLC]+)"
        self.date = _rx(
            rf"{d['day']}\s+(?P<d>\d{{1,2}})\s*(?:{d['month']}\s+(?P<m>\d{{1,2}})\s*,?\s*{d['year']}\s+(?P<y>\d{{4}})"
            rf"|[/.-]\s*(?P<m2>\d{{1,2}})\s*[/.-]\s*(?P<y2>\d{{4}}))"
        )
        self.date_line = _rx(rf"^(?P<place>[^\W\d][^,\d]{{1,40}}?)\s*,\s*(?={d['day']}\b)")
        self.adoption = _rx(rf"(?:{words('adoption_phrases')})")
        self.congress = _rx(
            rf"(?:{words('congress_words')})(?P<between>[^.;:()]{{0,90}}?)\s*(?:{words('ordinal_words')})\s+"
            rf"(?P<ord>{roman}|\d{{1,2}})\b|(?:{words('congress_words')})\s+(?P<short>{roman})\b"
        )
        self.body_term = _rx(rf"(?:{words('body_term_words')})\s*\(?\s*(?P<ord>{roman})\b")
        self.term = _rx(rf"(?:{words('term_words')})\s*:?\s*(?P<a>\d{{4}})\s*[-–—]\s*(?P<b>\d{{4}})")
        self.national = _rx(words("national_words"))
        self.council = _rx(rf"(?:{words('council_words')})[^.;:()]{{0,40}}$")
        self.plenum = _rx(rf"(?:{words('plenum_words')})\s+(?:{words('ordinal_words')})\s+(?P<ord>\d{{1,2}}|{roman})\b")
        self.plan = _rx(rf"(?:{words('plan_words')})[^.;]{{0,80}}?{d['year']}\s+(?P<y>\d{{4}})(?!\s*[-–—]\s*\d)")
        self.acts = _rx(rf"(?<!\w)(?:{words('issuing_verbs')})(?!\w)")
        self.signature = _rx(rf"^(?:{words('signature_markers')})\s*")

        self.types: dict[str, dict[str, Any]] = data["doc_types"]
        self.type_codes = {str(c): code for code, t in self.types.items() for c in t.get("codes", [])}
        phrase_type = {self.fold(p).lower(): code for code, t in self.types.items() for p in t["phrases"]}
        self.phrase_type = phrase_type
        self.type_start = _rx(rf"^(?:{alternation(list(phrase_type))})\b")

        self.bodies: dict[str, _Body] = {}
        for entry in data["issuers"]:
            flags = [bool(entry.get(k)) for k in ("province", "party", "subordinate", "opening_only")]
            body = _Body(str(entry["label"]), *flags)
            for phrase in entry["phrases"]:
                self.bodies[self.fold(str(phrase)).lower()] = body
        self.body = _rx(rf"(?<!\w)(?:{alternation(list(self.bodies))})(?!\w)")

        self.spellings: dict[str, str] = {}  # folded spelling, lower case -> official name
        bare: list[str] = []
        prefixed_only = set(data["prefixed_only"])
        for name, others in data["provinces"].items():
            for spelling in [name, *(others or [])]:
                self.spellings[self.fold(spelling).lower()] = name
                if not (spelling == name and name in prefixed_only):
                    bare += [self.fold(spelling), self.fold(spelling).upper()]
        names = alternation(list(self.spellings))
        self.province = _rx(rf"(?P<name>{names})(?!\w)")
        self.prefixed = _rx(rf"(?<!\w)(?:{words('province_prefixes')})\s+(?P<name>{names})(?!\w)")
        self.bare = re.compile(rf"(?<!\w)(?P<name>{alternation(bare)})(?!\w)")
        self.place = _rx(rf"(?<!\w)(?:{words('place_markers')})\s+(?P<name>\w+(?:\s+\w+){{0,2}})")
        self.merged: dict[str, list[str]] = {str(k): [str(x) for x in v] for k, v in data["merged_2025"].items()}
        self.merged_into = {old: new for new, olds in self.merged.items() for old in olds}
        self.merger_date = str(data["merger_date"])

    def fold(self, text: str) -> str:
        """NFC, old-style tone placement folded, spaces collapsed; case is kept."""
        text = unicodedata.normalize("NFC", text)
        return " ".join(self.variants.sub(lambda m: self.variant_map[m.group(0)], text).split())

    def province_name(self, spelling: str) -> str | None:
        return self.spellings.get(self.fold(spelling).lower())


@cache
def _rules() -> _Rules:
    return _Rules(load_data("metadata"))


@cache
def _ward_index(rules: _Rules) -> dict[str, set[str]]:
    """Bare place name (folded, lower case) -> the provinces (today's names) that have a ward of that name."""
    strip = re.compile(rf"^(?:{alternation(rules.data['ward_prefixes'])})\s+")
    province_strip = re.compile(rf"^(?:{alternation(rules.data['province_name_prefixes'])})\s+")
    provinces = {p.code: province_strip.sub("", p.name) for p in Province.iter_all()}
    index: dict[str, set[str]] = {}
    for ward in Ward.iter_all():
        name = rules.fold(strip.sub("", ward.name)).lower()
        index.setdefault(name, set()).add(provinces[ward.province_code])
    return index


def extract_metadata(document: Document) -> Metadata:
    """Read a document's own metadata from its header, signature and text."""
    rules = _rules()
    meta = Metadata(doc=document.name)
    groups = _header_groups(document, rules)
    kinds = [_classify(group, rules) for group in groups]
    titles = [g for g, k in zip(groups, kinds, strict=True) if k == "title"]

    for group, kind in zip(groups, kinds, strict=True):
        if kind == "number" and meta.number is None and (match := rules.number.match(group.folded)):
            meta.number = match.group("number").rstrip(".")
        elif kind == "date" and meta.date is None:
            meta.date = _date(group.folded, rules)
            meta.extra["place"] = rules.date_line.match(group.folded).group("place").strip("* ")  # type: ignore[union-attr]

    meta.title, subtitle = _title(titles, rules)
    if subtitle:
        meta.extra["subtitle"] = subtitle
    meta.doc_type = _doc_type(meta.number, titles, rules)
    if meta.date is None:
        meta.date = _adoption_date(document, rules)
        if meta.date:
            meta.extra["date_source"] = "adoption"
    if meta.date is None:
        meta.date = _published_date(document)
        if meta.date:
            meta.extra["date_source"] = "published"

    body, issuer_province, parent = _issuer(groups, kinds, titles, document, rules)
    meta.province = issuer_province or _infer_province(document, meta, rules)
    if body is not None:
        meta.issuer = f"{body.label} {meta.province}" if body.province and meta.province else body.label
        if parent:
            meta.issuer = f"{body.label} {parent}"
            meta.extra["issuer_parent"] = parent
    if meta.province and (new := rules.merged_into.get(meta.province)) and new != meta.province:
        meta.extra["province_2025"] = new

    header_text = " ".join(g.folded for g in groups)
    _congress_and_term(meta, header_text, body, document, rules)
    if match := rules.plenum.search(header_text):
        meta.extra["plenum"] = match.group("ord")
    titled = [t for t in (meta.title, subtitle) if t and len(t) <= _TITLE_MAX]  # a page of prose has no title
    years = [int(m.group("y")) for t in titled for m in rules.plan.finditer(rules.fold(t))]
    meta.plan_year = max(years) if years else None
    return meta


def _header_groups(document: Document, rules: _Rules) -> list[_Group]:
    """The header's paragraphs; a run of tab-separated lines is grouped column by column."""
    groups: list[_Group] = []
    para: list[tuple[int, str]] = []
    table: list[tuple[int, list[str]]] = []

    def add(cells: list[tuple[int, str]]) -> None:
        run: list[tuple[int, str]] = []
        for number, cell in [*cells, (0, "")]:
            alone = _Group(number, cell, rules.fold(cell))
            if cell and _classify(alone, rules) not in ("number", "date", "motto"):
                run.append((number, cell))
                continue
            if run:  # a number, date or motto line stands alone even inside a paragraph
                text = " ".join(" ".join(c for _, c in run).split())
                groups.append(_Group(run[0][0], text, rules.fold(text)))
                run = []
            if cell:
                groups.append(alone)

    def flush_table() -> None:
        for column in range(max((len(cells) for _, cells in table), default=0)):
            run: list[tuple[int, str]] = []
            for number, cells in table:
                cell = cells[column].strip() if column < len(cells) else ""
                if cell:
                    run.append((number, cell))
                else:
                    add(run)
                    run = []
            add(run)
        table.clear()

    for line in document.lines[:_HEADER_MAX_LINES]:
        text = line.text.strip()
        folded = rules.fold(text)
        if _RULE.match(text) or rules.header_end.match(folded) or len(text) > _PARAGRAPH_MIN:
            break
        if "\t" in text:
            add(para)
            para = []
            table.append((line.number, text.split("\t")))
        elif text:
            flush_table()
            para.append((line.number, text))
        else:
            flush_table()
            add(para)
            para = []
    flush_table()
    add(para)
    return [g for g in groups if any(ch.isalpha() for ch in g.text)]


def _classify(group: _Group, rules: _Rules) -> str:
    text = group.folded
    if rules.mottos.match(text):
        return "motto"
    if rules.number.match(text):
        return "number"
    if rules.date_line.match(text) and rules.date.search(text):
        return "date"
    if rules.body.match(text):
        return "issuer"
    return "title"


def _date(text: str, rules: _Rules) -> str | None:
    for match in rules.date.finditer(text):
        month, year = match.group("m") or match.group("m2"), match.group("y") or match.group("y2")
        try:
            return date(int(year), int(month), int(match.group("d"))).isoformat()
        except ValueError:
            continue
    return None


def _adoption_date(document: Document, rules: _Rules) -> str | None:
    """The date the text says it was adopted on, searching from the end."""
    for line in reversed(document.lines):
        folded = rules.fold(line.text)
        if (match := rules.adoption.search(folded)) and (found := _date(folded[match.end() :], rules)):
            return found
    return None


_PUBLISHED = re.compile(
    r"(?<![\d/.-])(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})|(?P<y2>\d{4})-(?P<m2>\d{2})(?:-(?P<d2>\d{2}))?)(?![\d/.-])"
)
_PUBLISHED_LINES = 4  # a web page shows its date on one of its first lines
_PUBLISHED_REACH = 40  # near the start of that line ("21:26 | 07/12/2024", "2023-09 ...")


_TITLE_MAX = 300


def _published_date(document: Document) -> str | None:
    """The date a web page was published, shown near its top ("07/12/2024", "2023-09-15"); a month alone is
    dated on its first day."""
    for line in document.lines[:_PUBLISHED_LINES]:
        if (match := _PUBLISHED.search(line.text[:_PUBLISHED_REACH])) is None:
            continue
        year, month = int(match.group("y") or match.group("y2")), int(match.group("m") or match.group("m2"))
        try:
            return date(year, month, int(match.group("d") or match.group("d2") or 1)).isoformat()
        except ValueError:
            continue
    return None


def _title(titles: list[_Group], rules: _Rules) -> tuple[str | None, str | None]:
    """The first title group (joined with the next one when it only names the type), and a bracketed subtitle."""
    if not titles:
        return None, None
    title, rest = titles[0].text, titles[1:]
    bare = rules.title_prefix.sub("", titles[0].folded).strip(" :")
    if (
        rest
        and (rules.type_start.fullmatch(bare) or rules.subject.match(rest[0].folded))
        and not rest[0].text.startswith("(")
    ):
        title, rest = f"{title} {rest[0].text}", rest[1:]
    subtitle = rest[0].text if rest and rest[0].text.startswith("(") else None
    return title, subtitle


def _doc_type(number: str | None, titles: list[_Group], rules: _Rules) -> str | None:
    code = None
    if number:
        code = next((rules.type_codes[t] for t in re.split(r"[-/]", number) if t in rules.type_codes), None)
    if code is None:
        for group in titles:
            match = rules.type_start.match(rules.title_prefix.sub("", group.folded))
            if match:
                code = rules.phrase_type[" ".join(match.group(0).lower().split())]
                break
    if code is None:
        return None
    for narrower, entry in rules.types.items():
        if entry.get("refines") != code:
            continue
        pattern = _rx(alternation([rules.fold(p) for p in entry["phrases"]]))
        if any(pattern.search(g.folded) and not rules.subject.match(g.folded) for g in titles):
            return narrower
    return code


def _match_body(text: str, rules: _Rules, *, start_only: bool) -> list[tuple[_Body, str | None]]:
    """Every body named in ``text``, in order, each with the province named right after it."""
    found: list[tuple[_Body, str | None]] = []
    for match in rules.body.finditer(text):
        if start_only and not found and match.start() > 0:
            return []
        body = rules.bodies[" ".join(match.group(0).lower().split())]
        if body.opening_only and (not start_only or found):
            continue
        province = None
        if body.province and (after := rules.province.match(text[match.end() :].lstrip())):
            province = rules.province_name(after.group("name"))
        found.append((body, province))
    return found


def _issuer(
    groups: list[_Group], kinds: list[str], titles: list[_Group], document: Document, rules: _Rules
) -> tuple[_Body | None, str | None, str | None]:
    """The issuing body, the province its name gives and, for a subordinate body, its parent's full name."""
    found = next(
        (_match_body(g.folded, rules, start_only=True) for g, k in zip(groups, kinds, strict=True) if k == "issuer"), []
    )
    if not found:
        found = next((f for g in titles if (f := _match_body(g.folded, rules, start_only=False))), [])
    if not found:
        for line in document.lines[-_FOOT_LINES:]:
            folded = rules.fold(line.text)
            if (sign := rules.signature.match(folded)) and (
                f := _match_body(folded[sign.end() :], rules, start_only=True)
            ):
                found = f[:1]
                break
    if not found:
        found = _issuer_in_text(document, rules)
    if not found:
        return None, None, None
    province = next((p for _, p in found if p), None)
    body = found[-1][0]
    parent = None
    if body.subordinate and len(found) > 1:
        parent_body, parent_province = found[-2]
        parent = f"{parent_body.label} {parent_province}" if parent_province else parent_body.label
    return body, province, parent


def _issuer_in_text(document: Document, rules: _Rules) -> list[tuple[_Body, str | None]]:
    """A body the opening text names as acting, with its province ("UBND tỉnh Gia Lai giao chỉ tiêu ...",
    "Tỉnh ủy Đắk Lắk đặt ra 14 chỉ tiêu"): the issuer of a page without a header."""
    for line in document.lines[:_TEXT_ISSUER_LINES]:
        folded = rules.fold(line.text)
        for match in rules.body.finditer(folded):
            found = _match_body(folded[match.start() :], rules, start_only=True)[:1]
            after = folded[match.end() : match.end() + 60]
            if found and found[0][1] and rules.acts.search(after):
                return found
    return []


def _infer_province(document: Document, meta: Metadata, rules: _Rules) -> str | None:
    """The date line's place, else the province the text names most (see the module docstring)."""
    place = meta.extra.get("place")
    if place and (name := rules.province_name(place)):
        return name
    text = rules.fold(document.text)
    votes: defaultdict[str, float] = defaultdict(float)
    for match in rules.prefixed.finditer(text):
        votes[rules.spellings[rules.fold(match.group("name")).lower()]] += _PREFIXED_VOTE
    for match in rules.bare.finditer(text):
        votes[rules.spellings[match.group("name").lower()]] += _BARE_VOTE
    merged = bool(meta.date and meta.date >= rules.merger_date)
    places = [_place_name(m.group("name"), rules) for m in rules.place.finditer(text)]
    if place:
        places.append(_place_name(place, rules))
    for name in places:
        for today in _ward_index(rules).get(name or "", ()):
            for province in [today] if merged else rules.merged.get(today, [today]):
                votes[province] += _PLACE_VOTE
    ranked = sorted(votes.items(), key=lambda vote: vote[1], reverse=True)[:2]
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _place_name(words: str, rules: _Rules) -> str | None:
    """The longest run of capitalised words at the start of ``words`` that names a ward, folded to lower case."""
    run = []
    for word in words.split():
        if not word[0].isupper():
            break
        run.append(word)
    while run:
        name = " ".join(run).lower()
        if name in _ward_index(rules):
            return name
        run.pop()
    return None


def _congress_and_term(meta: Metadata, header: str, body: _Body | None, document: Document, rules: _Rules) -> None:
    """Fill congress and term (see the module docstring)."""
    end = None
    for match in rules.congress.finditer(header):
        if match.group("between") and rules.national.search(match.group("between")):
            continue
        meta.congress = _ordinal(match.group("ord") or match.group("short"))
        end = match.end()
        break
    if meta.congress is None and (body is None or body.party) and (named := rules.body_term.search(header)):
        meta.congress = _ordinal(named.group("ord"))
    term = rules.term.match(header[end:].lstrip(" ,:-–(")) if end is not None else None
    # "HĐND thành phố khóa IX, nhiệm kỳ 2016-2021" names the council's term, not the plan's
    plans = (
        m for m in rules.term.finditer(header) if not rules.council.search(header[max(0, m.start() - 60) : m.start()])
    )
    if term := term or next(plans, None):
        meta.term = f"{term.group('a')}-{term.group('b')}"
    if meta.congress and meta.term:
        return
    year = int(meta.date[:4]) if meta.date else None
    text = rules.fold(document.text)
    for match in rules.congress.finditer(text):
        between, ordinal = match.group("between"), _ordinal(match.group("ord") or match.group("short") or "")
        term = rules.term.match(text[match.end() :].lstrip(" ,:-–("))
        if (between and rules.national.search(between)) or term is None or ordinal is None:
            continue
        start, stop = int(term.group("a")), int(term.group("b"))
        if meta.congress == ordinal or (meta.congress is None and year is not None and start <= year < stop):
            meta.congress, meta.term = ordinal, f"{start}-{stop}"
            return
