"""Which of a figure's vintages to judge by: the latest published, never the plan.

A period's value can come as a plan (kế hoạch, what was planned for the year), an estimate (ước thực hiện),
the final figure (thực hiện) and later revisions. Judgement uses the latest non-plan vintage by date; on the
same date the later stage wins (revision > final > estimate). The choice is returned with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

PLAN = "plan"
ESTIMATE = "estimate"
FINAL = "final"
REVISION = "revision"
VINTAGES = (PLAN, ESTIMATE, FINAL, REVISION)
_STAGE = {ESTIMATE: 1, FINAL: 2, REVISION: 3}


@dataclass(frozen=True, slots=True)
class VintageChoice:
    chosen: Any | None  # the caller's record
    vintage: str | None
    reason: str  # "latest_date", "later_stage", "only_one", "only_plan", "none"


def choose_vintage(records: list[tuple[str, date | None, Any]]) -> VintageChoice:
    """Pick from (vintage, as_of, record) triples the one to judge by."""
    for vintage, _, _ in records:
        if vintage not in VINTAGES:
            raise ValueError(f"unknown vintage: {vintage!r}")
    usable = [r for r in records if r[0] != PLAN]
    if not usable:
        return VintageChoice(None, None, "only_plan" if records else "none")
    if len(usable) == 1:
        return VintageChoice(usable[0][2], usable[0][0], "only_one")
    ordered = sorted(usable, key=lambda r: (r[1] or date.min, _STAGE[r[0]]))
    best, runner = ordered[-1], ordered[-2]
    reason = "latest_date" if (best[1] or date.min) > (runner[1] or date.min) else "later_stage"
    return VintageChoice(best[2], best[0], reason)
