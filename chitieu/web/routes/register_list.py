"""The register: targets filtered by province, term, field and status, searched without accents, sorted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from chitieu.register.accounts import owners
from chitieu.web.deps import CurrentUser, RegisterDep, render
from chitieu.web.views import SORTS, fields, filter_choices, list_targets, table_rows

router = APIRouter()
PAGE_SIZE = 50


@dataclass(slots=True)
class Filters:
    """The register's query string, shared by the page, its exports and the API."""

    province: str | None = None
    term: str | None = None
    field: str | None = None
    status: str | None = None
    q: str | None = None
    sort: str = "id"
    desc: bool = False
    page: int = 1

    def query(self) -> dict[str, Any]:
        return {"province": self.province or None, "term": self.term or None, "field": self.field or None,
                "status": self.status or None, "search": self.q or None, "sort": self.sort, "descending": self.desc}

    def params(self, **changes: Any) -> str:
        from urllib.parse import urlencode

        values = {"province": self.province, "term": self.term, "field": self.field, "status": self.status,
                  "q": self.q, "sort": self.sort, "desc": "1" if self.desc else None, "page": self.page}
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "", 1) or (k == "page" and v != 1)})


def filters(province: str | None = None, term: str | None = None, field: str | None = None,
            status: str | None = None, q: str | None = None, sort: str = "id", desc: bool = False,
            page: int = 1) -> Filters:
    return Filters(province, term, field, status, q, sort if sort in SORTS else "id", desc, max(page, 1))


FiltersDep = Annotated[Filters, Depends(filters)]


@router.get("/targets")
def register_page(request: Request, register: RegisterDep, user: CurrentUser, chosen: FiltersDep) -> Response:
    total, rows = list_targets(register, **chosen.query(), offset=(chosen.page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    shown = table_rows(rows, owners(register, [r["id"] for r in rows]))
    context: dict[str, Any] = {"rows": shown, "total": total, "f": chosen, "sorts": SORTS,
               "pages": max(1, -(-total // PAGE_SIZE)), "choices": filter_choices(register), "fields": fields()}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "partials/target_table.html", **context)
    return render(request, "register.html", **context)
