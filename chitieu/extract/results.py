"""Reported results and the verdicts documents state for them.

A clause reports a result when it judges a number against a plan: a verdict phrase ("vượt kế hoạch đề
ra", "không đạt mục tiêu"), a share of the plan ("đạt 102% mục tiêu": over 100 is exceeded, 100 met, under
100 not met), a stated target in brackets ("(Mục tiêu: 10%/năm)") or a result over its target ("15,2/20%").
Without a verdict phrase, a stated target gives the verdict by comparison, in the number's direction.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from chitieu.extract.item import Verdict
from chitieu.extract.lexicon import Phrases, alternation, fold, load_data, phrase_pattern
from chitieu.extract.quantity import Quantity
from chitieu.numbers import NUMBER_PATTERN, format_number, parse_number


@cache
def _phrases() -> list[tuple[Verdict, re.Pattern[str]]]:
    data = load_data("verdicts")
    plan = rf"(?:{alternation(data['plan_words'])})"
    count = rf"(?:{NUMBER_PATTERN})\s*(?:%|[\wÀ-ỹ]+(?:\s+[\wÀ-ỹ%]+){{0,2}})?"
    share = r"100\s*%"
    out = []
    for code in ("not_met", "exceeded", "met"):
        for phrase in data["phrases"][code]:
            body = (
                re.escape(phrase).replace(r"\{plan\}", plan).replace(r"\{count\}", count).replace(r"\{share\}", share)
            )
            body = body.replace(r"\ ", r"\s+")
            out.append((Verdict(code), re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE)))
    return out


@cache
def _any_phrase() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _phrases()), re.IGNORECASE)


@cache
def _share_pattern() -> re.Pattern[str]:
    data = load_data("verdicts")
    verbs = alternation(data["percent_of_plan_verbs"])
    plan = alternation(data["plan_words"])
    compared = alternation(data["compare_words"])
    about = alternation(data["share_approximations"])
    return re.compile(
        rf"(?:{verbs})\s+(?:(?:{about})\s+)?(?P<n>{NUMBER_PATTERN})\s*%\s*(?:(?:{compared})\s+)?(?:{plan})(?![\w])",
        re.IGNORECASE,
    )


@cache
def _openers() -> Phrases:
    """The first words of every verdict phrase and share verb: a text with none of them states no verdict."""
    data = load_data("verdicts")
    phrases = [p for code in ("not_met", "exceeded", "met") for p in data["phrases"][code]]
    verbs = data["percent_of_plan_verbs"]
    return phrase_pattern(sorted({p.split()[0] for p in phrases} | {v.split()[0] for v in verbs}))


def share_of_plan(text: str) -> float | None:
    """The share of the plan a text states ("bằng 52% dự toán năm" -> 52), if any."""
    share = _share_pattern().search(text)
    return parse_number(share.group("n")) if share else None


@cache
def _respectively() -> re.Pattern[str]:
    data = load_data("verdicts")
    share = rf"(?:{NUMBER_PATTERN})\s*%"
    return re.compile(
        rf"(?<![\w])(?:{alternation(data['respectively'])})\s+(?:{alternation(data['percent_of_plan_verbs'])})\s+"
        rf"(?P<shares>{share}(?:\s*(?:,|và|;)\s*{share})+)\s*(?:(?:{alternation(data['compare_words'])})\s+)?"
        rf"(?:{alternation(data['plan_words'])})(?![\w])",
        re.IGNORECASE,
    )


def respective_shares(text: str) -> tuple[int, list[Verdict]] | None:
    """ "thu nội địa 42.500 tỷ đồng, thu XNK 58.000 tỷ đồng, lần lượt đạt 135,6% và 82,98% dự toán": where the
    phrase starts and the verdict of each share, in the order of the figures before it."""
    found = _respectively().search(text)
    if found is None:
        return None
    shares = [parse_number(n) for n in re.findall(NUMBER_PATTERN, found.group("shares"))]
    verdicts = [Verdict.EXCEEDED if p > 100 else Verdict.MET if p == 100 else Verdict.NOT_MET for p in shares]
    return found.start(), verdicts


_LIST_MARK = re.compile(r"^[\s\-–+•*]*")


def bids(text: str) -> bool:
    """Does the text open with a verdict phrase, a bidding ("- Hoàn thành dự toán thu ngân sách: ...": an entry of a
    list of targets), not a verdict on something named before it?"""
    verdict, start, _ = stated_verdict(text)
    return verdict is not None and start == _LIST_MARK.match(text).end()  # type: ignore[union-attr]


_WHOLE = re.compile(r"(?<![\d.,])100\s*%")


def judges(text: str) -> tuple[Verdict | None, int, int, bool]:
    """ ``stated_verdict`` and whether the phrase is a whole plan ("hoàn thành 100% chỉ tiêu ..."), which is a
    verdict in a report and a target in a list of targets."""
    verdict, start, end = stated_verdict(text)
    return verdict, start, end, verdict is not None and _WHOLE.search(text[start:end]) is not None


@lru_cache(maxsize=4096)
def stated_verdict(text: str) -> tuple[Verdict | None, int, int]:
    """The first verdict a stretch of text states, where it starts and ends (longest phrase wins at one place).

    Cached: a sentence is asked about by its cues, its clauses and the page's dates."""
    opener = _openers().search(text)
    if opener is None:
        return None, -1, -1
    best: tuple[int, int, Verdict] | None = None
    first = _any_phrase().search(text, opener.start())  # where the first phrase starts; the longest there wins
    if first is not None:
        for verdict, pattern in _phrases():
            match = pattern.match(text, first.start())
            if match and (best is None or match.end() > best[1]):
                best = (match.start(), match.end(), verdict)
    share = _share_pattern().search(text)
    if share and (best is None or share.start() <= best[0]):
        percent = parse_number(share.group("n"))
        verdict = Verdict.EXCEEDED if percent > 100 else Verdict.MET if percent == 100 else Verdict.NOT_MET
        return verdict, share.start(), share.end()
    return (best[2], best[0], best[1]) if best else (None, -1, -1)


@cache
def _any_judgement() -> Phrases:
    data = load_data("verdicts")
    return phrase_pattern(data["plan_words"] + data["target_markers"])


def cell_verdict(cell: str) -> Verdict | None:
    """The verdict a table cell or a bare verdict word says ("Vượt", "K. đạt", "không đạt"), matched whole
    (``data/verdicts.yaml`` ``cells``); "đạt và vượt" says none."""
    cells = load_data("verdicts")["cells"]
    compact = fold(cell).replace(" ", "").replace(".", "")
    for code in ("not_met", "exceeded", "met"):
        for word in cells[code]:
            if compact == fold(word).replace(" ", "").replace(".", ""):
                return Verdict(code)
    return None


def may_judge(text: str) -> bool:
    """A quick test: can this text state a verdict or a target at all (does it name a plan)?"""
    return bool(_any_judgement().search(text))


def target_text(quantity: Quantity) -> str:
    """A target written back as a document would: "15.000 ha", "20%"."""
    number = format_number(quantity.of if quantity.of is not None else quantity.value)
    unit = quantity.unit_text or ""
    if unit.startswith("%"):
        return f"{number}{unit}"
    return f"{number} {unit}".strip()


@cache
def _closing_pattern() -> re.Pattern[str]:
    cells = load_data("verdicts")["cells"]
    words = alternation([word for code in ("not_met", "exceeded", "met") for word in cells[code]])
    return re.compile(rf"(?:^|[-–,;(])\s*(?P<w>{words})\s*\)?\s*[.;]?\s*$", re.IGNORECASE)


def closing_verdict(text: str) -> Verdict | None:
    """A verdict word alone at the end of a results-list entry ("... (NQ: 110 nghìn tỷ đồng) - Vượt.")."""
    match = _closing_pattern().search(text)
    if match is None:
        return None
    word = " ".join(match.group("w").lower().split())
    cells = load_data("verdicts")["cells"]
    return next(Verdict(code) for code in ("not_met", "exceeded", "met") if word in [w.lower() for w in cells[code]])
