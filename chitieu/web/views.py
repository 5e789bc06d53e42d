"""What the pages read: targets filtered, sorted and searched; the overview counts; one indicator compared.

The register reads the precomputed statuses (``query_targets``, ``status_counts``); the overview page and the
filters' choices are kept per process and read again when ``Register.status_generation`` says the statuses
changed.
"""

from __future__ import annotations

import threading
import time
import weakref
from functools import cache
from typing import Any

from chitieu.labels import ATTENTION, GROUP_OF, GROUPS, PERIOD, group_of, label, state_label
from chitieu.numbers import format_number
from chitieu.register import Register
from chitieu.register.documents import load_catalogue
from chitieu.register.figures import choices, indicator_targets
from chitieu.web.charts import GROUP_COLOR

SORTS = {"id": "Số", "indicator": "Chỉ tiêu", "province": "Tỉnh", "period": "Kỳ", "status": "Đánh giá",
         "field": "Lĩnh vực"}
ATTENTION_SHOWN = 30


@cache
def fields() -> dict[str, str]:
    """Field code -> Vietnamese label, from the indicator catalogue."""
    return dict(load_catalogue()[0])


def field_label(code: str | None) -> str:
    if code is None:
        return "Chưa phân loại"
    return fields().get(code, code)


def _statuses(group: str) -> list[str]:
    return [status for status, owner in GROUP_OF.items() if owner == group]


def list_targets(register: Register, *, province: str | None = None, term: str | None = None,
                 field: str | None = None, status: str | None = None, search: str | None = None, sort: str = "id",
                 descending: bool = False, offset: int = 0, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
    """Targets matching the filters; ``status`` is a status code or an overview group code (a group's targets
    come status by status, each sorted as asked)."""
    sort = sort if sort in SORTS else "id"
    codes = _statuses(status) if status in GROUPS else [status]
    total = 0
    rows: list[dict[str, Any]] = []
    for code in codes:
        count, page = register.query_targets(
            province=province, term=term, field=field, status=code, search=search, sort=sort, descending=descending,
            offset=max(offset - total, 0), limit=max(limit - len(rows), 0))
        rows += page if offset < total + count else []
        total += count
    return total, [_grouped(r) for r in rows]


def table_rows(rows: list[dict[str, Any]], owners: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The register table's cells, worded here: the template only places them (a function call per cell costs
    Jinja more than the page's queries)."""
    return [{"id": r["id"], "indicator": r["indicator"], "breakdown": r["breakdown"], "field": field_label(r["field"]),
             "province": r["province"] or "", "period": label(PERIOD, r["period"]), "target": r["target"],
             "actual": None if r["actual"] is None else format_number(r["actual"]),
             "actual_period": r["actual_period"], "color": GROUP_COLOR[r["group"]],
             "status": state_label(r["status"]), "owner": owners.get(r["id"], {}).get("name", "")} for r in rows]


def _grouped(row: dict[str, Any]) -> dict[str, Any]:
    row["group"] = group_of(row)
    return row


_reading = threading.Lock()  # one thread reads what many asked for at once; the others wait and reuse it
OVERVIEWS_KEPT = 256
_overviews: weakref.WeakKeyDictionary[Register, dict[tuple[Any, ...], tuple[tuple[int, int], dict[str, Any]]]] = (
    weakref.WeakKeyDictionary())


def cached_overview(register: Register, province: str | None, term: str | None) -> dict[str, Any]:
    """``overview`` as the page shows it (the first ``ATTENTION_SHOWN`` needing attention), read again only when
    the register's statuses changed since (``Register.status_generation``, one indexed query, any process)."""
    now = register.status_generation()
    kept = _overviews.setdefault(register, {})
    cached = kept.get((province, term))
    if cached is not None and cached[0] == now:
        return cached[1]
    with _reading:
        cached = kept.get((province, term))
        if cached is not None and cached[0] == now:
            return cached[1]
        data = overview(register, province, term, shown=ATTENTION_SHOWN)
        if len(kept) >= OVERVIEWS_KEPT:
            kept.pop(next(iter(kept)))
        kept[(province, term)] = (now, data)
        return data


def overview(register: Register, province: str | None, term: str | None,
             shown: int | None = None) -> dict[str, Any]:
    """Counts by field and status group, their totals, and the targets that need attention (up to
    ``ATTENTION_SHOWN`` of each group). With ``shown``, only the first ``shown`` of those are judged and read,
    and ``attention_count`` says how many there are in all."""
    counts: dict[str, dict[str, int]] = {}
    by_status: dict[str, int] = {}
    for field, statuses in register.status_counts(province=province, term=term).items():
        groups = counts.setdefault(field or "", {})
        for status, count in statuses.items():
            group = GROUP_OF.get(status, "not_available")
            groups[group] = groups.get(group, 0) + count
            by_status[status] = by_status.get(status, 0) + count
    attention: list[dict[str, Any]] = []
    attention_count = 0
    for group in ATTENTION:
        codes = [code for code in _statuses(group) if by_status.get(code)]
        in_group = min(ATTENTION_SHOWN, sum(by_status[code] for code in codes))
        wanted = in_group if shown is None else min(in_group, max(shown - len(attention), 0))
        if wanted:
            attention += [_grouped(r) for r in register.first_targets(codes, province, term, wanted)]
        attention_count += in_group
    totals = {group: sum(g.get(group, 0) for g in counts.values()) for group in GROUPS}
    data = {"counts": counts, "totals": totals, "total": sum(totals.values()), "attention": attention}
    return data if shown is None else {**data, "attention_count": attention_count}


def compare(register: Register, code: str) -> list[dict[str, Any]]:
    """Every target linked to the catalogue indicator ``code``, across provinces and periods."""
    out = []
    for target in indicator_targets(register, code):
        row = _grouped(register.assess(target["id"]))
        out.append({**row, "target_value": target["value"], "target_max": target["value_max"],
                    "unit": target["unit"]})
    out.sort(key=lambda r: (r["province"] or "", r["period"] or "", r["id"]))
    return out


CHOICES_SECONDS = 30.0  # the longest the filters' choices are kept
GENERATION_SECONDS = 2.0  # how often a process asks whether another one changed the statuses
# register -> (read at, generation checked at, generation, choices)
_choices_cache: weakref.WeakKeyDictionary[Register, tuple[float, float, Any, dict[str, Any]]] = (
    weakref.WeakKeyDictionary())


def filter_choices(register: Register) -> dict[str, Any]:
    """The provinces, terms and indicators for the filters. This process forgets them when it writes a document
    (``forget_choices``); a change made by another process is noticed within ``GENERATION_SECONDS`` by
    ``Register.status_generation``; and they are read again at least every ``CHOICES_SECONDS``."""
    now = time.monotonic()
    cached = _choices_cache.get(register)
    if cached is not None and now - cached[1] < GENERATION_SECONDS and now - cached[0] < CHOICES_SECONDS:
        return cached[3]
    with _reading:
        cached = _choices_cache.get(register)
        if cached is not None and now - cached[1] < GENERATION_SECONDS and now - cached[0] < CHOICES_SECONDS:
            return cached[3]
        generation = register.status_generation()
        if cached is None or cached[2] != generation or now - cached[0] >= CHOICES_SECONDS:
            cached = (now, now, generation, choices(register))
        else:
            cached = (cached[0], now, generation, cached[3])
        _choices_cache[register] = cached
        return cached[3]


def forget_choices(register: Register) -> None:
    """After a document is written: its province and terms show in the filters at once."""
    _choices_cache.pop(register, None)
