"""The "So sánh" cell of an appendix row and the result it judges (``appendix.py`` asks, row by row).

A term or year that is over gets a verdict: the target's own, else the verdict rule (``chitieu.judge.judge``) on
its latest figure, and for a growth-rate target on the average of its years, which is also its result. A level to
reach (``exact``, ``min``, ``gt``, more is better, not a rate in %) shows the result as a share of the plan after
its verdict ("Vượt (105,6%)"). One still running shows the state of the target in the register's one vocabulary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chitieu.judge import judge
from chitieu.labels import VERDICT, state_label
from chitieu.register.db import Target
from chitieu.report.wording import format_value, status_label, text

if TYPE_CHECKING:
    from chitieu.report.appendix import AppendixRow

VERDICTS = ("exceeded", "met", "not_met")
SHARE_BOUNDS = ("exact", "min", "gt")  # a level to reach: its result as a share of the plan means something
RATE_DECIMALS = 2  # an average of yearly rates, as the offices write it (6,65)


def compare_target(row: AppendixRow, target: Target, assessment: dict[str, Any], finished: bool) -> None:
    """The result and the "So sánh" cell of a target's row: a verdict for a period that is over, else its state."""
    working = (assessment.get("working") or {}).get("working") or {}
    if assessment["method"] == "growth" and working.get("average_so_far") is not None:
        row.result = round(working["average_so_far"], RATE_DECIMALS)  # the term's result: the average of its years
    status = assessment["status"]
    if finished and status not in VERDICTS and row.result is not None and target.value is not None:
        status = judge(row.result, target.value, target.bound, target.direction, target.value_max).status
    if status == "not_available":
        return
    row.comparison_code = status
    if not finished:
        row.comparison = state_label(status)
        return
    row.comparison = VERDICT.get(status, status_label(status))
    add_share(row, target.bound, target.value, target.direction, target.unit)


def add_share(row: AppendixRow, bound: str | None, value: float | None, direction: str | None,
              unit: str | None) -> None:
    """The result as a share of the plan after a verdict, for a level to reach (not a rate in %, not "less is
    better"): "Vượt (105,6%)"."""
    if (row.comparison_code in VERDICTS and bound in SHARE_BOUNDS and direction in (None, "up") and value
            and value > 0 and row.result is not None and not (unit or "").startswith("%")):
        row.share = round(row.result / value * 100, 1)
        row.comparison = text("columns", "share", verdict=row.comparison, share=format_value(row.share))
