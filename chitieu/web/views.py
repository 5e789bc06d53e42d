"""What the pages read: targets filtered, sorted and searched; the overview counts; one indicator compared.

The register's fast reads (``query_targets``, ``status_counts``) are used when the register has them; until
then the same results come from ``Register.targets`` filtered here.
"""

from __future__ import annotations

import time
import weakref
from typing import Any

from chitieu.register.api import Register
from chitieu.register.catalogue import fold
from chitieu.register.workflow import choices, indicator_targets
from chitieu.web.labels import GROUP_OF, GROUPS, group_of

SORTS = {"id": "Số", "indicator": "Chỉ tiêu", "province": "Tỉnh", "period": "Kỳ", "status": "Đánh giá",
         "field": "Lĩnh vực"}
ATTENTION = ("not_met", "at_risk")
ATTENTION_SHOWN = 30


def _statuses(group: str) -> list[str]:
    return [status for status, owner in GROUP_OF.items() if owner == group]


def list_targets(register: Register, *, province: str | None = None, term: str | None = None,
                 field: str | None = None, status: str | None = None, search: str | None = None, sort: str = "id",
                 descending: bool = False, offset: int = 0, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
    """Targets matching the filters; ``status`` is a status code or an overview group code (a group's targets
    come status by status, each sorted as asked)."""
    sort = sort if sort in SORTS else "id"
    fast = getattr(register, "query_targets", None)
    if fast is None:
        return _slow_list(register, province, term, field, status, search, sort, descending, offset, limit)
    codes = _statuses(status) if status in GROUPS else [status]
    total, rows = 0, []
    for code in codes:
        count, page = fast(province=province, term=term, field=field, status=code, search=search, sort=sort,
                           descending=descending, offset=max(offset - total, 0), limit=max(limit - len(rows), 0))
        rows += page if offset < total + count else []
        total += count
    return total, [_decorate(r) for r in rows]


def _slow_list(register: Register, province: str | None, term: str | None, field: str | None, status: str | None,
               search: str | None, sort: str, descending: bool, offset: int,
               limit: int) -> tuple[int, list[dict[str, Any]]]:
    rows = [_decorate(r) for r in register.targets(province=province, term=term, field=field)]
    if status:
        rows = [r for r in rows if r["status"] == status or r["group"] == status]
    if search:
        words = fold(search).split()
        rows = [r for r in rows if all(w in r["_folded"] for w in words)]
    rows.sort(key=lambda r: (r.get(sort) is None, str(r.get(sort) or "") if sort != "id" else r["id"]),
              reverse=descending)
    return len(rows), rows[offset:offset + limit]


def _decorate(row: dict[str, Any]) -> dict[str, Any]:
    row["group"] = group_of(row)
    row["_folded"] = fold(" ".join(str(row.get(k) or "") for k in ("indicator", "breakdown", "province", "target")))
    return row


def overview(register: Register, province: str | None, term: str | None) -> dict[str, Any]:
    """Counts by field and status group, their totals, and the targets that need attention."""
    counts: dict[str, dict[str, int]] = {}
    fast = getattr(register, "status_counts", None)
    if fast is not None:
        for field, statuses in fast(province=province, term=term).items():
            groups = counts.setdefault(field or "", {})
            for status, count in statuses.items():
                group = GROUP_OF.get(status, "not_available")
                groups[group] = groups.get(group, 0) + count
        attention: list[dict[str, Any]] = []
        for group in ATTENTION:
            attention += list_targets(register, province=province, term=term, status=group, limit=ATTENTION_SHOWN)[1]
    else:
        rows = [_decorate(r) for r in register.targets(province=province, term=term)]
        for row in rows:
            groups = counts.setdefault(row["field"] or "", {})
            groups[row["group"]] = groups.get(row["group"], 0) + 1
        attention = [r for r in rows if r["group"] in ATTENTION]
    totals = {group: sum(g.get(group, 0) for g in counts.values()) for group in GROUPS}
    return {"counts": counts, "totals": totals, "total": sum(totals.values()), "attention": attention}


def compare(register: Register, code: str) -> list[dict[str, Any]]:
    """Every target linked to the catalogue indicator ``code``, across provinces and periods."""
    out = []
    for target in indicator_targets(register, code):
        row = _decorate(register.assess(target["id"]))
        out.append({**row, "target_value": target["value"], "target_max": target["value_max"],
                    "unit": target["unit"]})
    out.sort(key=lambda r: (r["province"] or "", r["period"] or "", r["id"]))
    return out


CHOICES_SECONDS = 30.0
_choices_cache: weakref.WeakKeyDictionary[Register, tuple[float, dict[str, Any]]] = weakref.WeakKeyDictionary()


def filter_choices(register: Register) -> dict[str, Any]:
    """The provinces, terms and indicators for the filters, read again at most every ``CHOICES_SECONDS``."""
    now = time.monotonic()
    cached = _choices_cache.get(register)
    if cached is None or now - cached[0] > CHOICES_SECONDS:
        cached = (now, choices(register))
        _choices_cache[register] = cached
    return cached[1]


def forget_choices(register: Register) -> None:
    """After a document is written: its province and terms show in the filters at once."""
    _choices_cache.pop(register, None)
