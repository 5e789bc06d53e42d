"""Consultation on a draft: create it from an uploaded file, invite organisations, save and submit responses.

Every function takes the time as ``now`` (an aware time, or UTC without a time zone; stored as UTC), so
deadlines are exact in tests; messages show Vietnam's time. A response is refused after the deadline, saved as
a draft or submitted, and final once submitted. Tokens of private links are returned once and stored only as
their SHA-256. Every write adds a ``Change`` row.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, NotFoundError
from chitieu.extract import extract
from chitieu.extract.questions import QuestionSpec
from chitieu.intake import Document
from chitieu.moments import VIETNAM, shown_time
from chitieu.register.accounts.account import Account
from chitieu.register.accounts.permissions import covers_province, province_id_of
from chitieu.register.consultation.draft import _part, _sections, read_draft
from chitieu.register.consultation.targets import consulted_targets
from chitieu.register.db.consultation import (
    JUDGEMENTS,
    Comment,
    Consultation,
    ConsultationSection,
    ConsultationTarget,
    DraftVersion,
    Invitee,
    Judgement,
    Question,
    Response,
)
from chitieu.register.db.models import Change
from chitieu.register.db.session import transaction

if TYPE_CHECKING:
    from chitieu.register.api import Register



class DeadlinePassedError(AccessDeniedError):
    """A response saved or submitted after the consultation's deadline."""


@dataclass(frozen=True, slots=True)
class CommentInput:
    text: str
    section_id: int | None = None
    target_id: int | None = None
    line: int | None = None  # a paragraph of the section, by its line


@dataclass(frozen=True, slots=True)
class JudgementInput:
    target_id: int
    code: str  # JUDGEMENTS
    proposed_value: float | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Created:
    consultation_id: int
    version_id: int
    tokens: dict[str, str] = field(default_factory=dict)  # organisation -> its private token, shown once
    reviewed: bool = False  # the targets are those of the file's review, not the raw extraction


@dataclass(frozen=True, slots=True)
class Invitation:
    """A consultation an account answers in, for its own list: the latest version's response state."""

    consultation_id: int
    title: str
    issuer: str | None
    deadline: datetime
    organisation: str
    version: int
    state: str  # "submitted", "draft", or "" when nothing is saved yet


@dataclass(frozen=True, slots=True)
class InviteeRef:
    id: int
    consultation_id: int
    name: str


def vietnam_time(value: str, invalid: str) -> datetime:
    """A time written in ISO 8601 ("2026-04-15 17:00", "2026-04-15T17:00"): Vietnam's time unless it names its
    zone. ``invalid`` is the one-line error for anything else."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ChitieuError(invalid) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def naive_utc(moment: datetime) -> datetime:
    """The register keeps UTC without a time zone."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _log(session: Session, actor: str, action: str, table: str, row_id: int | None, **data: object) -> None:
    session.add(Change(actor=actor, action=action, table_name=table, row_id=row_id, data=data))


# The draft's versions --------------------------------------------------------------------------------------------

def _add_version(session: Session, consultation: Consultation, name: str, data: bytes, actor: str,
                 now: datetime, document: Document | None = None) -> tuple[DraftVersion, bool]:
    """A new version of the draft with its sections and the targets put to the organisations
    (``targets.consulted_targets``); whether those are the reviewed ones."""
    document = document or read_draft(name, data)
    number = len(consultation.versions) + 1
    version = DraftVersion(consultation_id=consultation.id, number=number, name=Path(name).name, content=data,
                           content_hash=hashlib.sha256(data).hexdigest(), source_format=document.source_format,
                           uploaded_by=actor, uploaded_at=now)
    consultation.versions.append(version)
    version.sections.extend(_sections(document))
    session.flush()
    extraction = extract(document)
    if number == 1 and consultation.province_id is None:  # created by national staff: the draft's own province
        consultation.province_id = province_id_of(session, extraction.metadata.province)
    targets, reviewed = consulted_targets(session, version.content_hash, extraction.items)
    starts = [(s.line, s) for s in version.sections]
    for position, item in enumerate(targets):
        section = next((s for line, s in reversed(starts) if line <= item.line), None)
        version.targets.append(ConsultationTarget(
            section_id=section.id if section else None, position=position, indicator=item.indicator,
            breakdown=item.breakdown, value=item.value, value_max=item.value_max, unit=item.unit,
            bound=item.bound.value, period=item.period, main=item.main, quote=item.quote, line=item.line))
    session.flush()
    _log(session, actor, "insert", "consultation_versions", version.id, consultation_id=consultation.id,
         number=number, name=version.name, sections=len(version.sections), targets=len(version.targets),
         reviewed=reviewed)
    return version, reviewed


def create_consultation(register: Register, title: str, name: str, data: bytes, *, deadline: datetime,
                        invitees: Sequence[str] = (), questions: Sequence[QuestionSpec] = (),
                        issuer: str | None = None, actor: str = "chitieu", now: datetime | None = None,
                        province_id: int | None = None, user_ids: dict[str, int] | None = None,
                        document: Document | None = None) -> Created:
    """A consultation on the draft in ``data``: its sections and targets, questions, invited organisations
    (``user_ids``: name -> the account that answers for it). ``province_id`` is the province whose staff manage it
    (the creating account's); None: the province the draft names, else national staff only. ``document`` is the
    draft already read (under an upload's budget), else it is read here."""
    now = naive_utc(now or datetime.now(UTC))
    deadline = naive_utc(deadline)
    if not title.strip():
        raise ChitieuError("Hãy đặt tên cho đợt lấy ý kiến (ví dụ: Dự thảo Báo cáo chính trị).")
    if deadline <= now:
        raise ChitieuError(f"Hạn góp ý ({shown_time(deadline)}) phải sau thời điểm tạo ({shown_time(now)}).")
    with transaction(register.factory) as session:
        consultation = Consultation(title=title.strip(), issuer=issuer, deadline=deadline, created_by=actor,
                                    created_at=now, province_id=province_id)
        session.add(consultation)
        session.flush()
        version, reviewed = _add_version(session, consultation, name, data, actor, now, document)
        for position, spec in enumerate(questions):
            if not spec.text.strip():
                raise ChitieuError(f"Câu hỏi gợi ý thứ {position + 1} đang để trống.")
            session.add(Question(consultation_id=consultation.id, position=position, text=spec.text.strip(),
                                 part=_part(version.sections, spec.part)))
        _log(session, actor, "insert", "consultations", consultation.id, title=consultation.title,
             deadline=deadline.isoformat(), questions=len(questions))
        tokens = _invite(session, consultation, invitees, actor, now, user_ids)
        return Created(consultation.id, version.id, tokens, reviewed)


def invitations_for(register: Register, user_id: int) -> list[Invitation]:
    """The consultations the account answers in, newest first."""
    with register.factory() as session:
        out = []
        for invitee in session.scalars(select(Invitee).where(Invitee.user_id == user_id).order_by(Invitee.id.desc())):
            consultation = invitee.consultation
            latest = consultation.versions[-1]
            state = next((r.state for r in invitee.responses if r.version_id == latest.id), "")
            out.append(Invitation(consultation.id, consultation.title, consultation.issuer, consultation.deadline,
                                  invitee.name, latest.number, state))
        return out


def _invite(session: Session, consultation: Consultation, names: Sequence[str], actor: str, now: datetime,
            user_ids: dict[str, int] | None = None) -> dict[str, str]:
    known = {i.name.casefold() for i in consultation.invitees}
    tokens = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            raise ChitieuError("Tên cơ quan, tổ chức được mời không được để trống.")
        if name.casefold() in known:
            raise ConflictError(f"'{name}' đã được mời góp ý vào dự thảo này.")
        known.add(name.casefold())
        token = secrets.token_urlsafe(32)
        row = Invitee(consultation_id=consultation.id, name=name, token_hash=digest(token),
                      user_id=(user_ids or {}).get(raw), invited_by=actor, invited_at=now)
        consultation.invitees.append(row)
        session.flush()
        _log(session, actor, "insert", "consultation_invitees", row.id, consultation_id=consultation.id, name=name)
        tokens[name] = token
    return tokens


def invite(register: Register, consultation_id: int, names: Sequence[str], *, user_ids: dict[str, int] | None = None,
           actor: str = "chitieu", now: datetime | None = None) -> dict[str, str]:
    """Invite more organisations (``user_ids``: name -> the account that answers for it); their tokens, once."""
    with transaction(register.factory) as session:
        consultation = _consultation(session, consultation_id)
        return _invite(session, consultation, names, actor, naive_utc(now or datetime.now(UTC)), user_ids)


def _consultation(session: Session, consultation_id: int) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None:
        raise NotFoundError(f"Không có đợt lấy ý kiến số {consultation_id}.")
    return row


def check_consultation_staff(register: Register, account: Account, consultation_id: int) -> None:
    """Raise ``AccessDeniedError`` unless the account's province covers the consultation's (staff pages)."""
    with register.factory() as session:
        consultation = _consultation(session, consultation_id)
        if not covers_province(session, account, consultation.province_id):
            raise AccessDeniedError(f"Tài khoản {account.username} chỉ được xem và quản lý các đợt lấy ý kiến của "
                                    f"{account.province}.")


def invitee_for_token(register: Register, token: str) -> InviteeRef:
    """The organisation a private link belongs to."""
    with register.factory() as session:
        row = session.scalar(select(Invitee).where(Invitee.token_hash == digest(token)))
        if row is None:
            raise AccessDeniedError("Đường dẫn góp ý không hợp lệ; hãy dùng đúng đường dẫn được gửi cho cơ quan.")
        return InviteeRef(row.id, row.consultation_id, row.name)


def invitee_for_user(register: Register, consultation_id: int, user_id: int) -> InviteeRef:
    """The organisation a user account answers for in a consultation."""
    with register.factory() as session:
        row = session.scalar(select(Invitee).where(Invitee.consultation_id == consultation_id,
                                                   Invitee.user_id == user_id))
        if row is None:
            raise AccessDeniedError("Tài khoản này không thuộc cơ quan nào được mời góp ý vào dự thảo này.")
        return InviteeRef(row.id, row.consultation_id, row.name)


# Responses -------------------------------------------------------------------------------------------------------

def _open_response(session: Session, invitee_id: int, now: datetime, submitting: bool) -> Response:
    invitee = session.get(Invitee, invitee_id)
    if invitee is None:
        raise NotFoundError(f"Không có cơ quan được mời số {invitee_id}.")
    consultation = invitee.consultation
    if now > consultation.deadline:
        verb = "gửi" if submitting else "lưu"
        raise DeadlinePassedError(
            f"Đã hết hạn góp ý vào dự thảo (hạn chót {shown_time(consultation.deadline)}); ý kiến của "
            f"{invitee.name} {verb} lúc {shown_time(now)} không được tiếp nhận.")
    version = consultation.versions[-1]
    response = session.scalar(select(Response).where(Response.invitee_id == invitee_id,
                                                     Response.version_id == version.id))
    if response is None:
        response = Response(invitee_id=invitee_id, version_id=version.id, state="draft", saved_at=now)
        session.add(response)
        session.flush()
    elif response.state == "submitted":
        raise ConflictError(f"{invitee.name} đã gửi ý kiến lúc {shown_time(response.submitted_at or now)}; "
                            "ý kiến đã gửi không sửa được.")
    return response


def _fill(session: Session, response: Response, comments: Sequence[CommentInput],
          judgements: Sequence[JudgementInput]) -> None:
    """Replace the response's content, checking every row first and naming every bad one at once."""
    sections = {s.id: s for s in session.scalars(select(ConsultationSection)
                                                 .where(ConsultationSection.version_id == response.version_id))}
    targets = set(session.scalars(select(ConsultationTarget.id)
                                  .where(ConsultationTarget.version_id == response.version_id)))
    problems = []
    for number, comment in enumerate(comments, 1):
        section = sections.get(comment.section_id) if comment.section_id is not None else None
        if not comment.text.strip():
            problems.append(f"ý kiến {number} để trống")
        if comment.section_id is not None and section is None:
            problems.append(f"ý kiến {number} nói về phần số {comment.section_id}, không có trong dự thảo")
        if comment.target_id is not None and comment.target_id not in targets:
            problems.append(f"ý kiến {number} nói về chỉ tiêu số {comment.target_id}, không có trong dự thảo")
        if comment.line is not None and (section is None or not section.line <= comment.line <= section.end_line):
            problems.append(f"ý kiến {number} chỉ dòng {comment.line}, không thuộc phần được chọn")
    seen: set[int] = set()
    for judgement in judgements:
        if judgement.target_id not in targets:
            problems.append(f"chỉ tiêu số {judgement.target_id} không có trong dự thảo")
        if judgement.target_id in seen:
            problems.append(f"chỉ tiêu số {judgement.target_id} được đánh giá hai lần")
        seen.add(judgement.target_id)
        if judgement.code not in JUDGEMENTS:
            problems.append(f"đánh giá '{judgement.code}' của chỉ tiêu số {judgement.target_id} không hợp lệ")
    if problems:
        raise ChitieuError("Ý kiến chưa lưu được: " + "; ".join(problems) + ".")
    response.comments.clear()
    response.judgements.clear()
    session.flush()
    for position, comment in enumerate(comments):
        response.comments.append(Comment(position=position, section_id=comment.section_id,
                                         target_id=comment.target_id, line=comment.line, text=comment.text.strip()))
    for judgement in judgements:
        response.judgements.append(Judgement(target_id=judgement.target_id, code=judgement.code,
                                             proposed_value=judgement.proposed_value,
                                             reason=(judgement.reason or "").strip() or None))


def save_draft(register: Register, invitee_id: int, comments: Sequence[CommentInput] = (),
               judgements: Sequence[JudgementInput] = (), *, now: datetime, actor: str = "link") -> int:
    """Save (replace) an organisation's draft response on the current version; returns the response id."""
    now = naive_utc(now)
    try:
        with transaction(register.factory) as session:
            response = _open_response(session, invitee_id, now, submitting=False)
            _fill(session, response, comments, judgements)
            response.saved_at = now
            _log(session, actor, "save", "consultation_responses", response.id, invitee_id=invitee_id,
                 comments=len(comments), judgements=len(judgements))
            return response.id
    except IntegrityError as exc:  # the same organisation saved from two places at once
        raise ConflictError("Ý kiến vừa được lưu từ một nơi khác; hãy tải lại rồi lưu lại.") from exc


def submit_response(register: Register, invitee_id: int, comments: Sequence[CommentInput] | None = None,
                    judgements: Sequence[JudgementInput] | None = None, *, now: datetime,
                    actor: str = "link") -> int:
    """Submit the response (the saved draft, or the content given here); final and timestamped."""
    now = naive_utc(now)
    try:
        with transaction(register.factory) as session:
            response = _open_response(session, invitee_id, now, submitting=True)
            if comments is not None or judgements is not None:
                _fill(session, response, comments or (), judgements or ())
            if not response.comments and not response.judgements:
                raise ChitieuError("Chưa có ý kiến nào để gửi; hãy góp ý hoặc đánh giá ít nhất một chỉ tiêu.")
            response.state, response.saved_at, response.submitted_at, response.submitted_by = (
                "submitted", now, now, actor)
            _log(session, actor, "submit", "consultation_responses", response.id, invitee_id=invitee_id,
                 at=now.isoformat(timespec="seconds"))
            return response.id
    except IntegrityError as exc:
        raise ConflictError("Ý kiến vừa được gửi từ một nơi khác; hãy tải lại để xem.") from exc


def add_version(register: Register, consultation_id: int, name: str, data: bytes, *, actor: str = "chitieu",
                now: datetime | None = None, deadline: datetime | None = None,
                document: Document | None = None) -> int:
    """Upload a new version of the draft (and, if given, a new deadline); returns the version id."""
    now = naive_utc(now or datetime.now(UTC))
    with transaction(register.factory) as session:
        consultation = _consultation(session, consultation_id)
        latest = consultation.versions[-1]
        if latest.content_hash == hashlib.sha256(data).hexdigest():
            raise ConflictError(f"Tệp {Path(name).name} giống hệt dự thảo lần {latest.number}.")
        version, _ = _add_version(session, consultation, name, data, actor, now, document)
        if deadline is not None:
            consultation.deadline = naive_utc(deadline)
        return version.id
