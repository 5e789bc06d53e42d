"""Corrections after commit, from the pages: a target's fields, deleting it, correcting or deleting an actual value
(the target page), choosing which of a target's disagreeing sources holds, and a document's province, issuer, type,
term and year (the document page). Each form carries
the version the page showed; the rules, the 409 on a stale edit and the history are the register's
(``chitieu.register.corrections``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from chitieu.errors import AccessDeniedError, ChitieuError
from chitieu.register.corrections import (
    correct_actual,
    correct_document,
    correct_target,
    decide_conflict,
    delete_actual,
    delete_target,
    document_record,
    document_types,
    province_names,
)
from chitieu.web.deps import MAX_ID, Csrf, CurrentUser, RegisterDep, RowId, render
from chitieu.web.forms import read_version
from chitieu.web.views import forget_choices

router = APIRouter()
Text = Annotated[str | None, Form()]
SourceId = Annotated[int, Form(ge=1, le=MAX_ID)]


def _given(**fields: str | None) -> dict[str, str]:
    """The fields the form sent (a field left out is not changed; an empty one clears it)."""
    return {name: value for name, value in fields.items() if value is not None}


@router.post("/targets/{target_id}/edit", dependencies=[Csrf])
def edit_target(request: Request, register: RegisterDep, user: CurrentUser, target_id: RowId,
                version: Text = None, indicator_text: Text = None, indicator: Text = None,
                breakdown: Text = None, value: Text = None, value_max: Text = None, bound: Text = None,
                unit: Text = None, period: Text = None, direction: Text = None, field: Text = None,
                main: Text = None) -> Response:
    changes = _given(indicator_text=indicator_text, indicator=indicator, breakdown=breakdown, value=value,
                     value_max=value_max, bound=bound, unit=unit, period=period, direction=direction, field=field,
                     main=main)
    done = correct_target(register, user, target_id, changes, expected_version=read_version(version))
    forget_choices(register)  # a new period or indicator shows in the filters at once
    request.session["flash"] = "Đã sửa chỉ tiêu." if done["changes"] else "Không có gì thay đổi."
    return RedirectResponse(f"/targets/{target_id}", status_code=303)


@router.post("/targets/{target_id}/decide", dependencies=[Csrf])
def decide_target(request: Request, register: RegisterDep, user: CurrentUser, target_id: RowId,
                  source_id: SourceId, version: Text = None) -> Response:
    done = decide_conflict(register, user, target_id, source_id, expected_version=read_version(version))
    request.session["flash"] = f"Đã chọn số liệu của nguồn số {done['source_id']}."
    return RedirectResponse(f"/targets/{target_id}", status_code=303)


@router.post("/targets/{target_id}/delete", dependencies=[Csrf])
def remove_target(request: Request, register: RegisterDep, user: CurrentUser, target_id: RowId,
                  version: Text = None, confirm: Text = None) -> Response:
    if not confirm:
        raise ChitieuError("Hãy đánh dấu ô xác nhận trước khi xoá chỉ tiêu.")
    done = delete_target(register, user, target_id, expected_version=read_version(version))
    forget_choices(register)
    request.session["flash"] = f"Đã xoá chỉ tiêu số {target_id} và {done['actuals']} số liệu thực hiện của nó."
    return RedirectResponse("/targets", status_code=303)


@router.post("/actuals/{actual_id}/edit", dependencies=[Csrf])
def edit_actual(request: Request, register: RegisterDep, user: CurrentUser, actual_id: RowId,
                version: Text = None, value: Text = None, period: Text = None,
                note: Text = None) -> Response:
    done = correct_actual(register, user, actual_id, _given(value=value, period=period, note=note),
                          expected_version=read_version(version))
    request.session["flash"] = "Đã sửa số liệu thực hiện." if done["changes"] else "Không có gì thay đổi."
    return RedirectResponse(f"/targets/{done['target_id']}", status_code=303)


@router.post("/actuals/{actual_id}/delete", dependencies=[Csrf])
def remove_actual(request: Request, register: RegisterDep, user: CurrentUser, actual_id: RowId,
                  version: Text = None) -> Response:
    done = delete_actual(register, user, actual_id, expected_version=read_version(version))
    request.session["flash"] = "Đã xoá số liệu thực hiện."
    return RedirectResponse(f"/targets/{done['target_id']}", status_code=303)


@router.get("/documents/{document_id}")
def document_page(request: Request, register: RegisterDep, user: CurrentUser, document_id: RowId) -> Response:
    record = document_record(register, document_id)
    can_correct = user.can_write and user.agency_id is None and (user.province is None
                                                                 or record["province"] is not None)
    return render(request, "document.html", d=record, types=document_types(), can_correct=can_correct,
                  provinces=province_names(register))


@router.post("/documents/{document_id}", dependencies=[Csrf])
def edit_document(request: Request, register: RegisterDep, user: CurrentUser, document_id: RowId,
                  version: Text = None, province: Text = None, issuer: Text = None,
                  doc_type: Text = None, term: Text = None, plan_year: Text = None) -> Response:
    if not user.can_write:
        raise AccessDeniedError("Tài khoản chỉ được xem, không được sửa.")
    done = correct_document(register, user, document_id, _given(province=province, issuer=issuer, doc_type=doc_type,
                                                                term=term, plan_year=plan_year),
                            expected_version=read_version(version))
    forget_choices(register)  # its province and term show in the filters at once
    request.session["flash"] = "Đã sửa văn kiện." if done["changes"] else "Không có gì thay đổi."
    return RedirectResponse(f"/documents/{document_id}", status_code=303)
