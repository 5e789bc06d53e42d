"""The numbers of a clause that state something, each with its indicator and breakdown.

Kept: numbers with a unit. Set aside: years, bare numbers in running text (dates, road numbers, ordinals),
units that qualify a noun ("3 sao", "trẻ em dưới 5 tuổi"), a share of the plan ("đạt 102% kế hoạch", which
is verdict evidence), the margin inside a verdict ("vượt 0,2 điểm phần trăm so với kế hoạch"), and comparisons
with the past ("tăng 18% so với giai đoạn trước", "gấp 1,5 lần năm 2025") after another number of the clause.

Indicators: a clause after "trong đó" names a part (breakdown) of the indicator before it; so does a clause
after "X:" lists parts of X, and a short follow-up clause that does not open with an indicator word of its
own ("dân sự từ 85% trở lên" after "tỷ lệ giải quyết án hình sự đạt từ 90% trở lên") and is measured in a unit
the sentence already used. When the words before a number name nothing, the words after it do; a count's
noun joins them ("có thêm 12 xã đạt chuẩn" -> "Số xã đạt chuẩn"), and a rate's unit names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chitieu.extract.cues import is_topic, names_targets
from chitieu.extract.item import Bound, Verdict
from chitieu.extract.lexicon import alternation, load_data, words_in
from chitieu.extract.prose import Clause, clean_indicator, names_a_topic, opens_breakdown, starts_indicator
from chitieu.extract.quantity import Quantity
from chitieu.extract.results import may_judge, stated_verdict

_PART_WORDS = 4  # a follow-up clause this short may be a part of the indicator before it


@dataclass(slots=True)
class Mention:
    quantity: Quantity
    indicator: str
    breakdown: str | None
    before: str  # the clause's words before the number, as written (verbs decide direction)
    start: int  # where the quote starts in the passage
    end: int  # where it ends
    clause: Clause


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    verdicts = load_data("verdicts")
    plan, compared = alternation(verdicts["plan_words"]), alternation(verdicts["compare_words"])
    margin = alternation(verdicts["margin_words"])
    bound_after = alternation([p for phrases in load_data("bounds")["after"].values() for p in phrases])
    clauses = load_data("clauses")
    return {
        "share_of_plan": re.compile(rf"^\s*(?:(?:{compared})\s+)?(?:{plan})(?![\w])", re.IGNORECASE),
        "over_plan": re.compile(rf"(?:{margin})\s+(?:(?:(?:{compared})\s+)?(?:{plan})\s*)?$", re.IGNORECASE),
        "over_plan_after": re.compile(rf"^\s*(?:(?:{compared})\s+)(?:{plan})(?![\w])", re.IGNORECASE),
        "breakdown_opener": re.compile(alternation(clauses["breakdown_openers"]), re.IGNORECASE),
        "words_end": re.compile(rf",|\(|\b(?:{alternation(clauses['list_joiners'])})\b|{bound_after}"),
        "subject_link": re.compile(rf"(?<![\w])(?:{alternation(clauses['subject_links'])})(?![\w])", re.IGNORECASE),
        "sector_prefix": re.compile(rf"^(?:{alternation(clauses['sector_prefixes'])})\s+(?![IVX]+\b)", re.IGNORECASE),
        "comparison": re.compile(rf"^\s*(?:{alternation(clauses['past_comparisons'])})(?![\w])", re.IGNORECASE),
        "multiple": re.compile(rf"(?<![\w])(?:{alternation(clauses['multiples'])})\s*$", re.IGNORECASE),
        "share_after": re.compile(  # ", đạt 95%" right after a figure whose plan the clause states
            rf"^[\s,;]*(?:{alternation(verdicts['percent_of_plan_verbs'])})\s*$", re.IGNORECASE
        ),
        "level_change": re.compile(rf"^[\s,;]*(?:{alternation(clauses['level_changes'])})\s*$", re.IGNORECASE),
    }


def _is_qualifier(quantity: Quantity, before: str) -> bool:
    units = load_data("units")
    if quantity.unit in units["qualifier_units"]:
        return True
    per_unit = units["per_unit"]
    if quantity.value == 1 and quantity.unit in per_unit["units"] and quantity.bound is not Bound.RANGE:
        written = quantity.before or before.rstrip().split(" ")[-1] if before.strip() else ""
        if written.strip().lower() in per_unit["before"]:
            return True  # "trên 1 ha": the denominator of a rate
    last_words = " ".join(before.lower().split()[-2:])
    if (
        quantity.before is None
        and last_words not in units["qualifier_compounds"]
        and any(last_words == word or last_words.endswith(" " + word) for word in units["qualifier_before"])
    ):
        return True
    nouns = units["qualifier_contexts"].get(quantity.unit or "", [])
    if nouns:
        tail = before.rstrip().lower()
        return any(tail.endswith(noun) for noun in nouns)
    return False


def kept(clause: Clause, passage_text: str) -> list[Quantity]:
    """The numbers of a clause that state a value."""
    patterns = _patterns()
    out: list[Quantity] = []
    verdict, verdict_start, verdict_end = stated_verdict(clause.text)
    planned = [t for _, t in clause.stated_targets if t is not None]
    rate_planned = bool(planned) and all(t.unit == "%" for t in planned)  # "(KH 2023: tăng 8% trở lên)"
    for q in clause.quantities:
        inside = clause.start + verdict_start <= q.start and q.end <= clause.start + verdict_end
        if inside and verdict is not Verdict.MET and _valued_before(clause, q):
            continue  # the margin of a verdict ("đạt 285.920 tấn, vượt 4,16% kế hoạch"); "đạt 100% ..." is kept
        before = passage_text[clause.start : q.start]
        after = passage_text[q.end : clause.end]
        if q.is_year or (q.unit is None and not _unitless_value(q, before)):
            continue
        if _is_qualifier(q, before):
            continue
        is_share = q.unit == "%" and patterns["share_of_plan"].match(after)
        if is_share and (out or any(o.unit and o.start < q.start and not o.is_year for o in clause.quantities)):
            continue  # verdict evidence for the number before it
        if (
            q.unit == "%" and clause.stated_targets and out and out[-1].unit not in (None, "%")
            and patterns["share_after"].match(passage_text[out[-1].end : q.number_start])
        ):
            continue  # "ước thực hiện 38.000 tỷ đồng, đạt 95%" (kế hoạch 40.000): the share of the plan stated
        if patterns["over_plan"].search(before) or patterns["over_plan_after"].match(after):
            continue
        if out and q.before and patterns["over_plan"].search(f"{before}{q.before} "):
            continue  # "ước đạt 5.200 tỷ đồng (KH: 5.000 tỷ đồng), vượt 4%": the margin of the value before it
        restated = bool(out) and (patterns["comparison"].match(after) or patterns["multiple"].search(before))
        change = bool(out) and out[-1].unit not in (None, "%") and q.unit == "%" and _changes(out[-1], q, passage_text)
        if (restated or change) and rate_planned and q.unit == "%" and out[-1].unit not in (None, "%"):
            out[-1] = q  # "59.235 tỷ đồng, ước tăng 5,5% so với CK (KH: tăng 8%)": the rate is what the plan judges
            continue
        if restated:
            continue  # the clause's number restated against the past
        if change:
            continue  # "Tổng chi ngân sách 11.892 tỷ đồng, tăng 3,07%": the level's change, unless judged after it
        out.append(q)
    return [q for i, q in enumerate(out) if not _is_subject(q, out[i + 1] if i + 1 < len(out) else None, passage_text)]


def _valued_before(clause: Clause, q: Quantity) -> bool:
    """Does the clause give a value before ``q``? Else a margin is all it says ("Tổng vốn đầu tư vượt 9,5% so kế
    hoạch": the result is the margin)."""
    return any(o.unit and not o.is_year and o.start < q.start for o in clause.quantities)


def _changes(level: Quantity, change: Quantity, text: str) -> bool:
    """Is ``change`` the change of ``level`` just before it ("..., tăng 3,07%"), and not judged against a plan
    rate after it ("tăng 11,2%, vượt chỉ tiêu đề ra (7,5-8%)")?"""
    between = text[level.end : change.start] + (change.before or "")
    rest = _SENTENCE_END.split(text[change.end :], maxsplit=1)[0]
    judged = may_judge(rest) and _BRACKETED_RATE.search(rest) is not None
    return _patterns()["level_change"].match(between) is not None and not judged


_SENTENCE_END = re.compile(r"[;.](?:\s|$)")
_BRACKETED_RATE = re.compile(r"\([^()]*\d[^()]*%[^()]*\)")


def _unitless_value(q: Quantity, before: str) -> bool:
    """A number without a unit that states a value: after a sign ("AQI < 100") or an index's name ("Chỉ số phát
    triển con người (HDI) phấn đấu đạt khoảng 0,75")."""
    if (q.before or "").strip() in load_data("bounds")["symbols"]:
        return True
    index = words_in(before[-80:], load_data("units")["index_words"])
    return q.value_max is None and not q.value.is_integer() and index


def _is_subject(q: Quantity, following: Quantity | None, text: str) -> bool:
    """ "Nhu cầu vốn cho tăng trưởng 8% là 280 nghìn tỷ đồng": the 8% belongs to the subject."""
    if following is None or following.unit == q.unit:
        return False
    between = text[q.end : following.start]
    return "," not in between and bool(_patterns()["subject_link"].search(between))


def mentions(clauses: list[Clause], passage_text: str) -> list[Mention]:
    """Every kept number of the clauses with its indicator, in order."""
    found: list[Mention] = []
    parent: str | None = None  # the indicator that later clauses of the sentence break down
    sentence = -1
    opened = False
    previous: Mention | None = None
    units: set[str | None] = set()  # units stated so far in the sentence
    breakdown: str | None
    for clause in clauses:
        if clause.sentence != sentence:
            sentence, parent, previous, units = clause.sentence, None, None, set()
            opened = False  # has a clause of the sentence opened parts ("trong đó")?
        quantities = kept(clause, passage_text)
        cursor = named_until = clause.start  # named_until: where the words naming the last number end
        last_part = False  # was the last number a part of ``parent``?
        for index, q in enumerate(quantities):
            joined = named_until > cursor and _only_connectors(passage_text[named_until : q.start])
            if joined:  # "50% số xã đạt chuẩn A và 20% số xã đạt chuẩn B": the words after 50% are not 20%'s
                cursor = named_until
            raw_before = clause.text[cursor - clause.start : q.start - clause.start]  # stated targets masked
            colon = raw_before.rfind(":")
            heading = raw_before[:colon]  # "7 chỉ tiêu về kinh tế: ...", "Về xã hội: ..." open a list, name nothing
            if colon >= 0 and (names_targets(heading) or is_topic(heading) or names_a_topic(heading)):
                cursor += colon + 1
                raw_before = raw_before[colon + 1 :]
                colon = -1
            if index == 0 and colon >= 0 and not opens_breakdown(raw_before[:colon]):
                head = clean_indicator(raw_before[:colon])
                part = clean_indicator(raw_before[colon + 1 :])
                if head and part:
                    parent = head
                    indicator, breakdown = head, _part(part)
                    found.append(
                        previous := _mention(q, indicator, breakdown, raw_before, cursor, clause, passage_text)
                    )
                    cursor = q.end
                    continue
            breakdown_opened = opens_breakdown(raw_before)
            if breakdown_opened:
                raw_before = _patterns()["breakdown_opener"].split(raw_before)[-1]
                parent = previous.indicator if previous else parent
            own = clean_indicator(raw_before)
            post = ""
            counted = q.unit in load_data("units")["count_units"] and bool(q.unit_text)
            if len(own.split()) < 2 or (counted and len(own.split()) == 2):  # "Xây dựng 15 thôn du lịch"
                post = _words_after(q, passage_text, clause, quantities, index)
                if post and own and not breakdown_opened:
                    own = clean_indicator(f"{own} {q.unit_text if counted else ''} {post}")
                elif post:
                    own = clean_indicator(_counted(q, post))
            same_unit = not units or q.unit in units  # a part is measured like the whole
            further_part = joined and last_part and bool(post) and same_unit  # "..., 6 xã đạt chuẩn kiểu mẫu"
            # a part is short ("dân sự từ 85%" after "... án hình sự đạt 90%") unless "trong đó" opened parts
            short = opened or breakdown_opened or len(re.findall(r"\w+", own)) <= _PART_WORDS
            implicit = not starts_indicator(own) and not post and same_unit and short
            if parent and (breakdown_opened or implicit) and own:
                indicator, breakdown = parent, _part(own)
            elif parent and further_part:
                indicator, breakdown = parent, _part(clean_indicator(post))
            else:
                indicator, breakdown = own, None
                if index == 0 and same_unit:
                    parent = None
                shares = _sector_split(own)
                if shares is not None:  # "Cơ cấu GRDP đến năm 2025 khu vực I là 33%, khu vực II 26%"
                    indicator, breakdown = shares
                    parent = indicator
            if not indicator and q.unit and "/" in q.unit and q.unit_text:
                indicator = clean_indicator(q.unit_text)  # a rate names what it measures: "32 giường bệnh/vạn dân"
            if not indicator and previous is not None:
                indicator = previous.indicator
                if q.unit not in ("%", "%/năm") and previous.quantity.unit in ("%", "%/năm"):
                    indicator = _without_growth(indicator)  # the level after its growth rate
            if not indicator:
                continue
            mention = _mention(q, indicator, breakdown, raw_before, cursor, clause, passage_text, post)
            found.append(mention)
            units.add(q.unit)
            if breakdown is None:
                previous = mention
                parent = parent or None
            cursor, named_until, last_part = q.end, mention.end, breakdown is not None
        if quantities and parent is None and previous is not None:
            parent = previous.indicator
        opened = opened or opens_breakdown(clause.text)
    return found


@cache
def _growth_words() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(load_data('clauses')['growth_words'])})(?![\w])", re.IGNORECASE)


def _without_growth(indicator: str) -> str:
    """The level behind a growth indicator: "Tốc độ tăng trưởng X bình quân" -> "X"."""
    level = " ".join(_growth_words().sub(" ", indicator).split())
    return level[:1].upper() + level[1:] if level else indicator


@cache
def _sector() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(load_data('clauses')['sectors'])})(?![\w])", re.IGNORECASE)


def _sector_split(indicator: str) -> tuple[str, str] | None:
    """A share of the economy named with its sector ("Cơ cấu GRDP khu vực I"): the structure and the sector."""
    if not words_in(indicator, load_data("directions")["structure"]):
        return None
    match = _sector().search(indicator)
    if match is None or match.start() == 0 or not indicator[: match.start()].strip(" ,:-"):
        return None
    if indicator[match.end() :].strip(" ,:-"):
        return None  # "tỷ trọng khu vực dịch vụ trong GRDP": the sector is inside the indicator, not its part
    return indicator[: match.start()].strip(" ,:-"), _part(indicator[match.start() :])


def _counted(q: Quantity, post: str) -> str:
    """Words after a count name what is counted: "có 200 sản phẩm OCOP" -> "Số sản phẩm OCOP"."""
    units = load_data("units")
    if q.unit in units["count_units"] and q.unit_text:
        return f"{load_data('clauses')['count_head']} {q.unit_text} {post}"
    return post


def _only_connectors(text: str) -> bool:
    """Is ``text`` a comma or a joining word ("và") and nothing else?"""
    words = text.strip(" ,;").lower().split()
    return bool(text.strip()) and all(word in load_data("clauses")["connectors"] for word in words)


def _part(text: str) -> str:
    return _patterns()["sector_prefix"].sub("", text).strip() or text


def _words_after(q: Quantity, text: str, clause: Clause, quantities: list[Quantity], index: int) -> str:
    end = quantities[index + 1].start if index + 1 < len(quantities) else clause.end
    stretch = text[q.end : end]
    stretch = _patterns()["words_end"].split(stretch)[0]
    return stretch.strip()


def _mention(
    q: Quantity,
    indicator: str,
    breakdown: str | None,
    raw_before: str,
    cursor: int,
    clause: Clause,
    text: str,
    post: str = "",
) -> Mention:
    lead = len(raw_before) - len(raw_before.lstrip(" ,:;.-–()"))
    start = cursor + lead
    stripped = raw_before.strip(" ,:;.-–()")
    if not stripped:
        start = q.start
    end = q.end
    if post:
        end = min(clause.end, text.find(post, q.end) + len(post)) if text.find(post, q.end) >= 0 else q.end
    return Mention(q, indicator, breakdown, raw_before, start, end, clause)
