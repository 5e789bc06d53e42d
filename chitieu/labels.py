"""Vietnamese labels for the stable codes chitieu uses (``data/labels.yaml``), in one place for the CLI, the pages
and the exports.

Statuses are the judge's codes; the overview counts them in groups (``GROUPS``, ``GROUP_OF``), and the groups in
``ATTENTION`` are those whose targets need attention (the overview's list, the progress report's targets at risk).
A status is shown by its group's label everywhere (``state_label``): one vocabulary of states for the overview, the
lists, a target's page, the exports and the appendix; the finer status is worded only in the sentence that
explains it (``chitieu/explain.py``).
"""

from __future__ import annotations

from typing import Any

from chitieu.datafiles import TEXTS, WORDS, datafile
from chitieu.errors import DataFileError

_TABLES = ("kind", "bound", "bound_symbol", "direction", "verdict", "status", "groups", "group_of", "method",
           "vintage", "period", "role", "item_state", "pending_state", "action", "table", "field", "explain",
           "feasibility")
LABELS = datafile(__file__, "labels", {**dict.fromkeys(_TABLES, TEXTS), "attention": WORDS})
_data = LABELS.load()

KIND: dict[str, str] = _data["kind"]
BOUND: dict[str, str] = _data["bound"]
BOUND_SYMBOL: dict[str, str] = _data["bound_symbol"]
DIRECTION: dict[str, str] = _data["direction"]
VERDICT: dict[str, str] = _data["verdict"]
STATUS: dict[str, str] = {**VERDICT, **_data["status"]}
GROUPS: dict[str, str] = _data["groups"]
GROUP_OF: dict[str, str] = _data["group_of"]
ATTENTION: tuple[str, ...] = tuple(_data["attention"])
METHOD: dict[str, str] = _data["method"]
VINTAGE: dict[str, str] = _data["vintage"]
PERIOD: dict[str, str] = _data["period"]
ROLE: dict[str, str] = _data["role"]
ITEM_STATE: dict[str, str] = _data["item_state"]
PENDING_STATE: dict[str, str] = _data["pending_state"]
ACTION: dict[str, str] = _data["action"]
TABLE: dict[str, str] = _data["table"]
FIELD: dict[str, str] = _data["field"]  # the fields a person corrects, as the history names them
EXPLAIN: dict[str, str] = _data["explain"]
FEASIBILITY: dict[str, str] = _data["feasibility"]  # judge/feasibility.py levels

_strays = [f"group_of.{s}" for s, g in GROUP_OF.items() if g not in GROUPS] + [
    f"attention.{g}" for g in ATTENTION if g not in GROUPS]
if _strays:
    raise DataFileError(LABELS.path, _strays[0], "nhóm này không có trong groups")


def label(table: dict[str, str], code: str | None) -> str:
    """The label of a code, or the code itself when it has none; empty for None."""
    if code is None:
        return ""
    return table.get(code, code)


def group_of(row: dict[str, Any]) -> str:
    """The overview group of an assessed target; a growth target with all years in counts by its verdict."""
    status = row.get("status") or "not_available"
    if status == "final":  # the growth method's own code; the register's assessment already gives the verdict
        working = row.get("working") or {}
        status = (working.get("working") or working).get("verdict") or "not_available"
    return GROUP_OF.get(status, "not_available")


def state_of(status: str | None) -> str:
    """The group (state) a status code counts in; an unknown or missing status is ``not_available``."""
    return GROUP_OF.get(status or "", "not_available")


def state_label(status: str | None) -> str:
    """The one Vietnamese label of a status wherever a state is shown: its group's ("Có nguy cơ")."""
    return GROUPS[state_of(status)]


def needs_attention(status: str | None) -> bool:
    """Whether a status counts in a group of ``ATTENTION`` (not met, or at risk of not being met)."""
    return GROUP_OF.get(status or "") in ATTENTION
