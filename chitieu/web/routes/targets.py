"""A target's page: source quote, figures over time against the target, forecast, verdict, owner, history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from chitieu.errors import AccessDeniedError
from chitieu.labels import group_of
from chitieu.register.accounts import agency_choices, check_can_edit, set_owner
from chitieu.register.corrections import correction_rights
from chitieu.register.documents import load_catalogue
from chitieu.register.figures import list_pending, target_feasibility, target_view
from chitieu.web import charts
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, render

router = APIRouter()


@router.get("/targets/{target_id}")
def target_page(request: Request, register: RegisterDep, user: CurrentUser, target_id: int) -> Response:
    assessment, record = target_view(register, target_id)
    try:
        check_can_edit(register, user, target_id)
        can_edit = True
    except AccessDeniedError:
        can_edit = False
    pending = list_pending(register, None, target_id=target_id, states=("pending", "returned"))
    agencies = agency_choices(register, target_id) if user.is_admin else []
    rights = correction_rights(register, user, target_id)
    catalogue = load_catalogue() if rights["correct"] else ({}, ())
    return render(request, "target.html", a=assessment, r=record, group=group_of(assessment),
                  chart=charts.target_chart(record, assessment), can_edit=can_edit, pending=pending,
                  agencies=agencies, evidence=target_feasibility(register, target_id), rights=rights,
                  fields=catalogue[0], indicators=catalogue[1])


@router.get("/targets/{target_id}/chart")
def target_chart(request: Request, register: RegisterDep, user: CurrentUser, target_id: int) -> Response:
    assessment, record = target_view(register, target_id)
    return render(request, "partials/target_status.html", a=assessment, r=record, group=group_of(assessment),
                  chart=charts.target_chart(record, assessment))


@router.post("/targets/{target_id}/owner", dependencies=[Csrf])
def change_owner(register: RegisterDep, user: CurrentUser, target_id: int,
                 agency_id: Annotated[int, Form()]) -> Response:
    set_owner(register, target_id, agency_id, user)
    return RedirectResponse(f"/targets/{target_id}", status_code=303)
