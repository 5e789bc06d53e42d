"""The overview: statuses by field for a province and term, with a chart and what needs attention."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chitieu.register.documents import review
from chitieu.register.figures import list_pending
from chitieu.web import charts
from chitieu.web.deps import CurrentUser, RegisterDep, render
from chitieu.web.views import cached_overview, fields, filter_choices

router = APIRouter()


@router.get("/")
def overview_page(request: Request, register: RegisterDep, user: CurrentUser, province: str | None = None,
                  term: str | None = None) -> Response:
    province = province or user.province or None
    data = cached_overview(register, province, term or None)
    pending = list_pending(register, user) if user.can_write else []
    staged = review.staged_documents(register) if user.can_write and user.agency_id is None else []
    return render(request, "overview.html", data=data, chart=charts.status_bars(data["counts"], fields()),
                  choices=filter_choices(register), province=province, term=term, pending=pending, staged=staged)
