"""Why an appendix has no row, and what to do: one Vietnamese sentence (wording in ``data/report.yaml``, ``empty``).

Asked only when ``appendix.build_appendix`` found nothing, in this order:

1. the province has no target at all: import its documents;
2. targets written for the period come from documents that are not the period's plan (another plan year): import
   the plan, or correct the document's plan year under review;
3. the period's plan documents hold targets under another period (a target added by hand under review once took
   the document's term): correct their period;
4. targets with no period at all: give them one;
5. else the register has no target of the period: the periods it has are listed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chitieu.labels import PERIOD
from chitieu.register.db import Document, Target
from chitieu.report.wording import text

SHOWN = 3  # titles or periods named in a sentence


def why_empty(session: Session, ids: list[int], province: str, kind: str, period: str) -> str:
    """The reason an appendix of ``province`` (units ``ids``) for ``period`` has no row."""
    words = (text("empty", "year", year=period) if kind == "year"
             else text("empty", "term", term=period.replace("-", " - ")))
    held = list(session.scalars(select(Target.period).where(Target.province_id.in_(ids))))
    if not held:
        return text("empty", "no_targets", province=province)
    start, _, end = period.partition("-")
    last = int(end or start)
    written = (Target.period == period) if kind == "year" else (Target.period_end == last)
    elsewhere = list(session.execute(
        select(Document.title, func.count(Target.id)).join(Document, Target.document_id == Document.id)
        .where(Target.province_id.in_(ids), written).group_by(Document.title)))
    if elsewhere:
        return text("empty", "other_documents", count=sum(n for _, n in elsewhere), period_code=period,
                    province=province, period=words, titles=_titles(t for t, _ in elsewhere))
    plan = (Document.plan_year == last) if kind == "year" else (Document.term == period)
    misfiled = list(session.execute(
        select(Document.title, Target.period).join(Document, Target.document_id == Document.id)
        .where(Target.province_id.in_(ids), plan)))
    if misfiled:
        periods = sorted({p or text("empty", "no_period_written") for _, p in misfiled})
        return text("empty", "other_periods", count=len(misfiled), titles=_titles(t for t, _ in misfiled),
                    period=words, periods=", ".join(periods[:SHOWN]), period_code=period)
    undated = sum(1 for p in held if not p)
    if undated:
        return text("empty", "undated", count=undated, province=province, period=words, period_code=period)
    known = sorted({PERIOD.get(p, p) for p in held if p}, reverse=True)
    return text("empty", "no_period", period=words, province=province, known=", ".join(known[:SHOWN * 2]))


def _titles(titles: Iterable[str | None]) -> str:
    seen = list(dict.fromkeys(t or text("empty", "untitled") for t in titles))
    return "; ".join(f"“{t}”" for t in seen[:SHOWN])
