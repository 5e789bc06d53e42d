"""One indicator across provinces and terms: a chart and a table."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chitieu.web import charts
from chitieu.web.deps import CurrentUser, RegisterDep, render
from chitieu.web.views import compare, filter_choices

router = APIRouter()


@router.get("/compare")
def compare_page(request: Request, register: RegisterDep, user: CurrentUser, indicator: str | None = None) -> Response:
    options = filter_choices(register)
    code = indicator or (options["indicators"][0]["code"] if options["indicators"] else None)
    rows = compare(register, code) if code else []
    return render(request, "compare.html", rows=rows, chart=charts.compare_bars(rows), code=code,
                  indicators=options["indicators"])
