"""Lists of subjects that share one number: one mention per subject.

Two shapes (words in ``data/clauses.yaml``):

subjects before the number
    "Tuyển quân, động viên quân dự bị, bồi dưỡng kiến thức quốc phòng đạt 100%": a comma list of at least two
    subjects of two words or more, closed by a verb before the number, gives one mention per subject. Not when
    the list opens with a measure ("Tỷ lệ lao động có bằng cấp, chứng chỉ đạt 40%": the commas are inside
    the indicator), nor for a part of a larger indicator (a breakdown).
a number shared with the next clauses
    "hoàn thành 100% chỉ tiêu về tuyển quân; huấn luyện dự bị động viên": a clause of nouns shares the
    number before it; a clause with a verb of change of its own ("kiềm chế ... tiến tới giảm ...") does not.
commitments without a number
    split at a comma before a word that opens a new commitment ("..., phấn đấu cơ bản đạt ..."), and at "và"
    between two objects of one verb that open with the same noun ("hoàn thành đường A và đường B").
subjects after the number, sharing a predicate
    "trên 95% tổ chức cơ sở đảng, đảng viên được đánh giá, xếp loại ...": the subjects between the number
    and a predicate word ("được") each take the predicate, up to the end of the clause, a "trong đó" or the
    next number.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from itertools import pairwise

from chitieu.extract.lexicon import alternation, load_data
from chitieu.extract.mentions import Mention
from chitieu.extract.prose import clean_indicator, ends_with_verb, frame_end
from chitieu.extract.results import stated_verdict


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = load_data("clauses")
    not_subject = data["verbs"] + load_data("periods")["average"]
    directions = load_data("directions")
    return {
        "change": re.compile(
            rf"(?<![\w])(?:{alternation(directions['reduce'] + data['growth_words'] + data['change_verbs'])})(?![\w])",
            re.IGNORECASE,
        ),
        "new_commitment": re.compile(rf",\s*(?=(?:{alternation(data['new_commitment'])})(?![\w]))", re.IGNORECASE),
        "completion": re.compile(rf"(?<![\w])(?:{alternation(data['completion_verbs'])})\s*$", re.IGNORECASE),
        "not_subject": re.compile(rf"^\s*(?:{alternation(not_subject)})(?![\w])", re.IGNORECASE),
        "measure": re.compile(rf"^\s*(?:{alternation(data['measure_heads'])})(?![\w])", re.IGNORECASE),
        "predicate": re.compile(rf"(?<![\w])(?:{alternation(data['predicate_openers'])})(?![\w])", re.IGNORECASE),
        "stop": re.compile(rf"[;(]|(?<![\w])(?:{alternation(data['breakdown_openers'])})(?![\w])", re.IGNORECASE),
    }


@cache
def _joiners() -> str:
    return alternation(load_data("clauses")["list_joiners"])


@cache
def _separator() -> re.Pattern[str]:
    """A comma (not the decimal comma of "4,16"), or a joining word ("và"), between listed subjects."""
    return re.compile(rf"\s*(?:(?<!\d),|,(?!\d))\s*|\s+(?:{_joiners()})\s+", re.IGNORECASE)


_FIGURE = re.compile(r"\d|[()]")


def _subjects(text: str) -> list[str]:
    """The subjects of a list, or [] when it is not a list of at least two subjects of two to ten words, none
    of them a clause of its own (with a predicate word), a verb or an average word ("Bình quân, ...")."""
    if "," not in text:
        return []
    patterns = _patterns()
    parts = [part.strip(" ,.;:-–") for part in _separator().split(text[frame_end(text) :])]
    if len(parts) < 2 or any(not 2 <= len(part.split()) <= 10 or _FIGURE.search(part) for part in parts):
        return []  # "(vượt 46% KH), tổng thu du lịch": a figure before is no subject
    if any(patterns["predicate"].search(part) or patterns["not_subject"].match(part) for part in parts):
        return []
    return parts


def split_lists(found: list[Mention], text: str) -> list[Mention]:
    """Each mention whose number several listed subjects share becomes one mention per subject."""
    out: list[Mention] = []
    for index, mention in enumerate(found):
        following = found[index + 1].quantity.start if index + 1 < len(found) else None
        out.extend(_before(mention, text) or _after(mention, text, following) or [mention])
    return out


def _before(mention: Mention, text: str) -> list[Mention]:
    q = mention.quantity
    if mention.breakdown is not None or mention.end > q.end or mention.start >= q.start:
        return []
    stretch = text[mention.start : q.start]
    if not ends_with_verb(stretch) or _patterns()["measure"].match(mention.indicator):
        return []
    return [replace(mention, indicator=clean_indicator(part)) for part in _subjects(mention.indicator)]


def _after(mention: Mention, text: str, following: int | None) -> list[Mention]:
    q = mention.quantity
    end = min(mention.clause.end, following if following is not None else mention.clause.end)
    stretch = text[q.end : end]
    patterns = _patterns()
    stop = patterns["stop"].search(stretch)
    if stop:
        stretch = stretch[: stop.start()]
    predicate = patterns["predicate"].search(stretch)
    if mention.breakdown is not None or mention.end <= q.end or predicate is None:
        return []
    subjects = _subjects(stretch[: predicate.start()])
    said = stretch[predicate.start() :]
    _, verdict_at, _ = stated_verdict(said)
    said = (said[:verdict_at] if verdict_at > 0 else said).rstrip(" ,.;:-–")
    if not subjects or len(said.split()) < 2:
        return []
    head = clean_indicator(text[mention.start : q.start]) if mention.start < q.start else ""
    quote_end = q.end + predicate.start() + len(said)
    return [
        replace(mention, indicator=clean_indicator(f"{head} {subject} {said}"), end=quote_end) for subject in subjects
    ]


def shares_number(text: str) -> bool:
    """Can a clause without a number share the number before it (a short list entry without its own change)?"""
    return not _patterns()["change"].search(text)


def qualitative_parts(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The commitments in ``text[start:end]``: (start, end, a verb the part shares with the one before it)."""
    cuts = [start] + [start + m.start() for m in _patterns()["new_commitment"].finditer(text[start:end])] + [end]
    parts: list[tuple[int, int, str]] = []
    for first, last in pairwise(cuts):
        parts.extend(_parallel_objects(text, first, last))
    return parts


def _parallel_objects(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """ "hoàn thành đường A và đường B": two parts when the word after "và" opens the first object too."""
    stretch = text[start:end]
    label = stretch.find(":")
    if 0 < label < 80 and len(stretch[:label].split()) <= 10:
        start, stretch = start + label + 1, stretch[label + 1 :]  # a topic label before the commitment
    joint = re.search(rf"\s+(?:{_joiners()})\s+(\w+)", stretch, re.IGNORECASE)
    if joint is None:
        return [(start, end, "")]
    noun = re.search(rf"(?<![\w]){re.escape(joint.group(1))}(?![\w])", stretch[: joint.start()])
    verb = stretch[: noun.start()].strip() if noun else ""
    if (
        noun is None
        or not 1 <= len(verb.split()) <= 5
        or (not ends_with_verb(f"{verb}") and not _patterns()["completion"].search(verb))
    ):
        return [(start, end, "")]
    return [(start, start + joint.start(), ""), (start + joint.start(1), end, verb)]
