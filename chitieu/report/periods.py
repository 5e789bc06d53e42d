"""The periods of an appendix: the term after a term, the terms and years one can be asked for, and how a period
is named in a sentence."""

from __future__ import annotations

import re

from sqlalchemy import select

from chitieu.register import Register
from chitieu.register.db import Actual, Document, Target
from chitieu.report.wording import text

TERM = re.compile(r"^(\d{4})-(\d{4})$")


def next_term(start: int, end: int) -> tuple[int, int]:
    """The term after ``start``-``end``: a congress's "2020-2025" is followed by "2025-2030", a plan's "2021-2025"
    (its first year written, five years counted) by "2026-2030"."""
    length = end - start
    following = end + 1 if (length + 1) % 5 == 0 else end
    return following, following + length


def appendix_periods(register: Register) -> list[str]:
    """The terms and years an appendix can be asked for, newest first: the periods of targets and of reported
    results, and the term a political report looks back on (the one before its own)."""
    found: set[str] = set()
    with register.factory() as session:
        found.update(p for p in session.scalars(select(Target.period).distinct()) if p)
        found.update(p for p in session.scalars(select(Actual.period).where(Actual.source_kind == "document")
                                                .distinct()) if p)
        for term in session.scalars(select(Document.term).distinct()):
            match = TERM.match((term or "").replace(" ", ""))
            if match:
                start, end = int(match.group(1)), int(match.group(2))
                found.add(f"{2 * start - end}-{start}")
    return sorted((p for p in found if TERM.match(p) or (p.isdigit() and len(p) == 4)),
                  key=lambda p: (p.partition("-")[2] or p, p), reverse=True)


def period_words(kind: str, period: str) -> str:
    return (text("empty", "year", year=period) if kind == "year"
            else text("empty", "term", term=period.replace("-", " - ")))
