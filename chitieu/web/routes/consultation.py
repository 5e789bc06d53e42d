"""Consultation on draft documents: staff create a consultation and read the consolidation; each invited
organisation answers through its private link (``/y-kien/<token>``) or, signed in, through its account.

Staff pages need an administrator or a province editor (``check_province_writer``); one limited to a province
sees and manages only that province's consultations (``check_consultation_staff``). A response form's fields:
``j-<target>`` the judgement, ``v-<target>`` the proposed value, ``r-<target>`` the reason; comments are
``c-s<section>-<k>`` (with ``l-s<section>-<k>``, the line of a paragraph chosen from the section's list),
``c-t<target>-<k>`` and ``c-g-<k>``. Guiding questions are typed on the creation form, read from the draft, or both.

Deadlines are checked against ``app.state.clock`` when it is set (a function returning an aware time: a test or a
rehearsal runs the pages at a chosen moment), else against the real time.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from chitieu.errors import AccessDeniedError, ChitieuError, InvalidValueError, LimitError
from chitieu.register import Register
from chitieu.register.accounts import Account, check_province_writer, user_ids
from chitieu.register.consultation import (
    CommentInput,
    InviteeRef,
    JudgementInput,
    add_version,
    check_consultation_staff,
    consolidate,
    create_consultation,
    diff_versions,
    guiding_questions,
    invitations_for,
    invitee_for_token,
    invitee_for_user,
    list_consultations,
    naive_utc,
    read_draft,
    response_form,
    save_draft,
    submit_response,
    vietnam_time,
)
from chitieu.report import consultation as wording
from chitieu.web.deps import Csrf, CurrentUser, RegisterDep, now, render, templates
from chitieu.web.forms import read_optional, read_uploads
from chitieu.web.uploads import check_first, in_upload_slot, request_budget

router = APIRouter()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_COMMENT = re.compile(r"^c-(s(\d+)|t(\d+)|g)-(\d+)$")
_JUDGEMENT = re.compile(r"^j-(\d+)$")

templates.env.globals.update(consult=wording)


def _staff(register: Register, user: Account, consultation_id: int | None = None) -> None:
    """Staff pages: an administrator or a province editor; for one consultation, of its province."""
    check_province_writer(register, user, None)
    if consultation_id is not None:
        check_consultation_staff(register, user, consultation_id)


def _deadline(value: str) -> datetime:
    """A ``datetime-local`` field, in Vietnam's time."""
    return vietnam_time(value, f"Hạn góp ý '{value}' không hợp lệ; chọn ngày và giờ.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# Staff -----------------------------------------------------------------------------------------------------------

@router.get("/consultations")
def consultations_page(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    _staff(register, user)
    return render(request, "consultation/list.html", rows=list_consultations(register, user))


@router.post("/consultations", dependencies=[Csrf])
async def create(request: Request, register: RegisterDep, user: CurrentUser, file: Annotated[UploadFile, File()],
                 title: Annotated[str, Form()], deadline: Annotated[str, Form()],
                 invitees: Annotated[str, Form()] = "", questions: Annotated[str, Form()] = "",
                 from_draft: Annotated[str, Form()] = "", issuer: Annotated[str, Form()] = "") -> Response:
    """A new consultation; the draft is read under the upload budget (``chitieu.web.uploads``)."""
    [(name, data)] = await _read_checked(request, register, user, file)
    return await in_upload_slot(request, _create, request, register, user, name, data, title, deadline, invitees,
                                questions, from_draft, issuer)


async def _read_checked(request: Request, register: Register, user: Account, file: UploadFile,
                        consultation_id: int | None = None) -> list[tuple[str, bytes]]:
    """The draft sent by staff, once it passed the upload budget's cheap checks."""
    await run_in_threadpool(_staff, register, user, consultation_id)
    uploads = await run_in_threadpool(read_uploads, request, [file])
    await check_first(request, uploads)
    return uploads


def _create(request: Request, register: Register, user: Account, name: str, data: bytes, title: str,
            deadline: str, invitees: str, questions: str, from_draft: str, issuer: str) -> Response:
    """The consultation and its links; on bad input the creation form again, with the error and what was typed."""
    try:
        document = read_draft(name, data, request_budget(request))
        specs = guiding_questions(_lines(questions), document if from_draft else None)
        invited = [_invitee(line) for line in _lines(invitees)]
        accounts = {name: username for name, username in invited if username}
        ids = user_ids(register, accounts.values())
        created = create_consultation(register, title, name, data, deadline=_deadline(deadline),
                                      invitees=[name for name, _ in invited], questions=specs,
                                      issuer=issuer.strip() or None, actor=user.username, now=now(request),
                                      province_id=user.province_id,
                                      user_ids={name: ids[username] for name, username in accounts.items()},
                                      document=document)
    except (AccessDeniedError, LimitError):
        raise
    except ChitieuError as error:
        typed = {"title": title, "deadline": deadline, "invitees": invitees, "questions": questions,
                 "from_draft": from_draft, "issuer": issuer}
        return render(request, "consultation/list.html", 400, rows=list_consultations(register, user),
                      error=str(error), typed=typed, file_name=name)
    links = {name: str(request.url_for("respond_by_link", token=token)) for name, token in created.tokens.items()}
    return render(request, "consultation/created.html", created=created, links=links, questions=specs,
                  accounts=accounts)


def _invitee(line: str) -> tuple[str, str]:
    """An invitation line: "Organisation", or "Organisation | username" for the account that answers for it."""
    name, _, username = (part.strip() for part in line.partition("|"))
    return " ".join(name.split()), username


@router.get("/consultations/{consultation_id}")
def consultation_page(request: Request, register: RegisterDep, user: CurrentUser, consultation_id: int,
                      version: int | None = None) -> Response:
    _staff(register, user, consultation_id)
    report = consolidate(register, consultation_id, now=now(request), version=version)
    return render(request, "consultation/detail.html", c=report)


@router.get("/consultations/{consultation_id}/report.docx")
def report_docx(request: Request, register: RegisterDep, user: CurrentUser, consultation_id: int,
                version: int | None = None, changes: bool = False) -> Response:
    _staff(register, user, consultation_id)
    file = wording.consolidation_file(register, consultation_id, "docx", now=now(request), version=version,
                                      changes=changes)
    return Response(file.data, media_type=DOCX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{file.name}"'})


@router.get("/consultations/{consultation_id}/responses.xlsx")
def responses_xlsx(request: Request, register: RegisterDep, user: CurrentUser, consultation_id: int,
                   version: int | None = None) -> Response:
    _staff(register, user, consultation_id)
    file = wording.consolidation_file(register, consultation_id, "xlsx", now=now(request), version=version)
    return Response(file.data, media_type=XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{file.name}"'})


@router.post("/consultations/{consultation_id}/versions", dependencies=[Csrf])
async def new_version(request: Request, register: RegisterDep, user: CurrentUser, consultation_id: int,
                      file: Annotated[UploadFile, File()], deadline: Annotated[str, Form()] = "") -> Response:
    [(name, data)] = await _read_checked(request, register, user, file, consultation_id)
    return await in_upload_slot(request, _new_version, request, register, user, consultation_id, name, data,
                                deadline)


def _new_version(request: Request, register: Register, user: Account, consultation_id: int, name: str,
                 data: bytes, deadline: str) -> Response:
    document = read_draft(name, data, request_budget(request))
    add_version(register, consultation_id, name, data, actor=user.username, now=now(request),
                deadline=_deadline(deadline) if deadline.strip() else None, document=document)
    return RedirectResponse(f"/consultations/{consultation_id}/changes", status_code=303)


@router.get("/consultations/{consultation_id}/changes")
def changes_page(request: Request, register: RegisterDep, user: CurrentUser, consultation_id: int,
                 old: int | None = None, new: int | None = None) -> Response:
    _staff(register, user, consultation_id)
    return render(request, "consultation/changes.html", diff=diff_versions(register, consultation_id, old, new))


# Respondents -----------------------------------------------------------------------------------------------------

def _inputs(form: FormData) -> tuple[list[CommentInput], list[JudgementInput], dict[int, str], list[str]]:
    """The comments and judgements of a response form; proposed values that are not numbers are left out and
    returned as typed (by target), with one Vietnamese line each."""
    comments: list[tuple[tuple[int, int, int], CommentInput]] = []
    judgements = []
    bad: dict[int, str] = {}
    problems: list[str] = []
    for key, raw in form.multi_items():
        value = raw if isinstance(raw, str) else ""
        judged = _JUDGEMENT.match(key)
        if judged is not None and value:
            judged_id = int(judged.group(1))
            typed = str(form.get(f"v-{judged_id}") or "")
            try:
                proposed = read_optional(typed)
            except InvalidValueError as error:
                proposed, bad[judged_id] = None, typed
                problems.append(str(error).replace("Giá trị", "Giá trị đề xuất", 1))
            judgements.append(JudgementInput(judged_id, value, proposed,
                                             str(form.get(f"r-{judged_id}") or "").strip() or None))
            continue
        found = _COMMENT.match(key)
        if found is None or not value.strip():
            continue
        section, target, order = found.group(2), found.group(3), int(found.group(4))
        if section is not None:
            line = str(form.get(f"l-s{section}-{order}") or "").strip()
            comments.append(((0, int(section), order), CommentInput(value, section_id=int(section),
                                                                    line=int(line) if line.isdigit() else None)))
        elif target is not None:
            comments.append(((1, int(target), order), CommentInput(value, target_id=int(target))))
        else:
            comments.append(((2, 0, order), CommentInput(value)))
    return [c for _, c in sorted(comments, key=lambda pair: pair[0])], judgements, bad, problems


def _form_page(request: Request, register: Register, invitee: InviteeRef, action: str, saved: str | None = None,
               typed: tuple[list[CommentInput], list[JudgementInput]] | None = None, bad: dict[int, str] | None = None,
               error: str | None = None) -> Response:
    """The response form; after an error, ``typed`` fills it (``bad``: values as typed) under the ``error`` line."""
    form = response_form(register, invitee.id, now=now(request), typed=typed)
    return render(request, "consultation/respond.html", 422 if error else 200, f=form, action=action, saved=saved,
                  bad=bad or {}, error=error)


async def _answer(request: Request, register: Register, invitee: InviteeRef, action: str, actor: str) -> Response:
    """The form has a field per question, so it is read here; the writing runs in a worker thread."""
    form = await request.form()
    return await run_in_threadpool(_save_answer, request, register, invitee, action, actor, form)


def _save_answer(request: Request, register: Register, invitee: InviteeRef, action: str, actor: str,
                 form: FormData) -> Response:
    comments, judgements, bad, problems = _inputs(form)
    if problems:  # nothing is saved; the page comes back with what was typed
        return _form_page(request, register, invitee, action, typed=(comments, judgements), bad=bad,
                          error=" ".join(problems) + " Chưa lưu; hãy sửa rồi bấm lại.")
    if form.get("submit") == "1":
        submit_response(register, invitee.id, comments, judgements, now=now(request), actor=actor)
        saved = "submitted"
    else:  # a draft, or the step before the final send ("confirm"): saved, then asked to confirm
        save_draft(register, invitee.id, comments, judgements, now=now(request), actor=actor)
        saved = "confirm" if form.get("submit") == "confirm" else "draft"
    return _form_page(request, register, invitee, action, saved)


@router.get("/y-kien/{token}", name="respond_by_link")
def respond_by_link(request: Request, register: RegisterDep, token: str) -> Response:
    return _form_page(request, register, invitee_for_token(register, token), f"/y-kien/{token}")


@router.post("/y-kien/{token}", dependencies=[Csrf])
async def answer_by_link(request: Request, register: RegisterDep, token: str) -> Response:
    return await _answer(request, register, invitee_for_token(register, token), f"/y-kien/{token}", "link")


@router.get("/y-kien")
def my_invitations(request: Request, register: RegisterDep, user: CurrentUser) -> Response:
    """The consultations this account answers in, for its organisation."""
    return render(request, "consultation/invitations.html", rows=invitations_for(register, user.id),
                  now=naive_utc(now(request)))


@router.get("/consultations/{consultation_id}/respond")
def respond_by_account(request: Request, register: RegisterDep, user: CurrentUser, consultation_id: int) -> Response:
    invitee = invitee_for_user(register, consultation_id, user.id)
    return _form_page(request, register, invitee, f"/consultations/{consultation_id}/respond")


@router.post("/consultations/{consultation_id}/respond", dependencies=[Csrf])
async def answer_by_account(request: Request, register: RegisterDep, user: CurrentUser,
                            consultation_id: int) -> Response:
    invitee = invitee_for_user(register, consultation_id, user.id)
    return await _answer(request, register, invitee, f"/consultations/{consultation_id}/respond", user.username)
