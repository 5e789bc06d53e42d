"""Consolidation of a consultation: what the organisations said, per section and per target, as plain dataclasses
the web, the CLI and the exports render.

Only submitted responses count. Per target: how many organisations judged or commented on it, the split of
judgements (every code in ``JUDGEMENTS``, zeros included), the proposed values with their lowest, highest and
median (``statistics.median``: the mean of the two middle values when there is an even number). Per section: the
organisations that commented on it (a paragraph of it included) or on one of its targets, and the comments, each
with its organisation. ``missing`` names the organisations that have not submitted.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chitieu.errors import NotFoundError
from chitieu.register.accounts.account import Account
from chitieu.register.accounts.permissions import covers_province
from chitieu.register.consultation.form import version_evidence
from chitieu.register.consultation.service import naive_utc
from chitieu.register.db.consultation import (
    JUDGEMENTS,
    Consultation,
    ConsultationSection,
    ConsultationTarget,
    DraftVersion,
    Invitee,
    Response,
)
from chitieu.register.figures.feasibility import Evidence

if TYPE_CHECKING:
    from chitieu.register.api import Register


@dataclass(frozen=True, slots=True)
class Attributed:
    """A comment and the organisation that wrote it."""

    organisation: str
    text: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    organisation: str
    code: str
    value: float | None
    reason: str | None


@dataclass(slots=True)
class TargetSummary:
    id: int
    position: int
    section_path: str
    indicator: str
    breakdown: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    bound: str
    line: int
    quote: str
    responded: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(JUDGEMENTS, 0))
    proposals: list[Proposal] = field(default_factory=list)
    comments: list[Attributed] = field(default_factory=list)
    evidence: Evidence | None = None  # the feasibility note the organisations saw (form.version_evidence)

    @property
    def label(self) -> str:
        return f"{self.indicator}: {self.breakdown}" if self.breakdown else self.indicator

    @property
    def proposed(self) -> list[float]:
        return [p.value for p in self.proposals if p.value is not None]

    @property
    def proposed_min(self) -> float | None:
        return min(self.proposed) if self.proposed else None

    @property
    def proposed_max(self) -> float | None:
        return max(self.proposed) if self.proposed else None

    @property
    def proposed_median(self) -> float | None:
        return statistics.median(self.proposed) if self.proposed else None


@dataclass(slots=True)
class SectionSummary:
    id: int
    position: int
    level: int
    marker: str | None
    title: str
    path: str
    line: int
    questions: list[str] = field(default_factory=list)
    responded: int = 0
    comments: list[Attributed] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class InviteeStatus:
    id: int
    name: str
    state: str  # submitted / draft / none
    submitted_at: datetime | None = None


@dataclass(slots=True)
class Consolidation:
    consultation_id: int
    title: str
    issuer: str | None
    version: int
    version_name: str
    deadline: datetime
    as_of: datetime
    invitees: list[InviteeStatus]
    sections: list[SectionSummary]
    targets: list[TargetSummary]
    general: list[Attributed] = field(default_factory=list)  # comments on the whole draft
    general_questions: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.as_of <= self.deadline

    @property
    def submitted(self) -> list[str]:
        return [i.name for i in self.invitees if i.state == "submitted"]

    @property
    def missing(self) -> list[str]:
        return [i.name for i in self.invitees if i.state != "submitted"]


def version_of(session: Session, consultation: Consultation, number: int | None) -> DraftVersion:
    if number is None:
        return consultation.versions[-1]
    for version in consultation.versions:
        if version.number == number:
            return version
    raise NotFoundError(f"Đợt lấy ý kiến số {consultation.id} không có dự thảo lần {number}.")


def load(session: Session, consultation_id: int) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None:
        raise NotFoundError(f"Không có đợt lấy ý kiến số {consultation_id}.")
    return row


def submitted_responses(session: Session, version_id: int) -> list[Response]:
    query = (select(Response).where(Response.version_id == version_id, Response.state == "submitted")
             .options(selectinload(Response.comments), selectinload(Response.judgements),
                      selectinload(Response.invitee)).order_by(Response.invitee_id))
    return list(session.scalars(query))


def consolidate(register: Register, consultation_id: int, *, now: datetime, version: int | None = None
                ) -> Consolidation:
    """The consolidated comments on a version of the draft (the latest by default) as of ``now``."""
    with register.factory() as session:
        consultation = load(session, consultation_id)
        draft = version_of(session, consultation, version)
        sections = {s.id: SectionSummary(s.id, s.position, s.level, s.marker, s.title, s.path, s.line)
                    for s in draft.sections}
        by_path = {s.path: s for s in sections.values()}
        general_questions = []
        for question in consultation.questions:
            if question.part is not None and question.part in by_path:
                by_path[question.part].questions.append(question.text)
            else:
                general_questions.append(question.text)
        paths = {s.id: s.path for s in draft.sections}
        targets = {t.id: TargetSummary(t.id, t.position, paths.get(t.section_id or -1, ""), t.indicator, t.breakdown,
                                       t.value, t.value_max, t.unit, t.bound, t.line, t.quote)
                   for t in draft.targets}
        for target_id, evidence in version_evidence(session, draft).items():
            targets[target_id].evidence = evidence
        section_of = {t.id: t.section_id for t in draft.targets}
        general: list[Attributed] = []
        section_people: dict[int, set[str]] = {}
        target_people: dict[int, set[str]] = {}
        for response in submitted_responses(session, draft.id):
            name = response.invitee.name
            for comment in response.comments:
                note = Attributed(name, comment.text, comment.line)
                section_id = comment.section_id
                if comment.target_id is not None:
                    targets[comment.target_id].comments.append(note)
                    target_people.setdefault(comment.target_id, set()).add(name)
                    section_id = section_id or section_of[comment.target_id]
                elif section_id is not None:
                    sections[section_id].comments.append(note)
                else:
                    general.append(note)
                if section_id is not None:
                    section_people.setdefault(section_id, set()).add(name)
            for judgement in response.judgements:
                summary = targets[judgement.target_id]
                summary.counts[judgement.code] += 1
                target_people.setdefault(judgement.target_id, set()).add(name)
                if judgement.proposed_value is not None or judgement.code != "feasible":
                    summary.proposals.append(Proposal(name, judgement.code, judgement.proposed_value, judgement.reason))
                judged_section = section_of[judgement.target_id]
                if judged_section is not None:
                    section_people.setdefault(judged_section, set()).add(name)
        for target_id, people in target_people.items():
            targets[target_id].responded = len(people)
        for section_id, people in section_people.items():
            sections[section_id].responded = len(people)
        return Consolidation(consultation.id, consultation.title, consultation.issuer, draft.number, draft.name,
                             consultation.deadline, naive_utc(now), _statuses(session, consultation, draft.id),
                             sorted(sections.values(), key=lambda s: s.position),
                             sorted(targets.values(), key=lambda t: t.position), general, general_questions)


def _statuses(session: Session, consultation: Consultation, version_id: int) -> list[InviteeStatus]:
    responses = {r.invitee_id: r for r in session.scalars(select(Response).where(Response.version_id == version_id))}
    out = []
    for invitee in consultation.invitees:
        response = responses.get(invitee.id)
        out.append(InviteeStatus(invitee.id, invitee.name, response.state if response else "none",
                                 response.submitted_at if response else None))
    return out


# Raw responses and lists -----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RawRow:
    """One line of a response: a judgement (``code`` set) or a comment (``text`` set)."""

    organisation: str
    state: str
    submitted_at: datetime | None
    section_path: str
    target: str | None
    draft_value: float | None  # the draft's target: its value, or the low end of a range ("9 - 10%/năm")
    unit: str | None
    code: str | None = None
    proposed_value: float | None = None
    reason: str | None = None
    text: str | None = None
    line: int | None = None
    draft_value_max: float | None = None  # the high end of a range
    draft_bound: str | None = None  # how the draft bounds it ("at_least", "exact", ...)


def raw_responses(register: Register, consultation_id: int, *, version: int | None = None,
                  include_drafts: bool = False) -> list[RawRow]:
    """Every judgement and comment, one row each, in the order the organisations were invited."""
    rows: list[RawRow] = []
    with register.factory() as session:
        consultation = load(session, consultation_id)
        draft = version_of(session, consultation, version)
        sections = {s.id: s for s in session.scalars(select(ConsultationSection)
                                                     .where(ConsultationSection.version_id == draft.id))}
        targets = {t.id: t for t in session.scalars(select(ConsultationTarget)
                                                    .where(ConsultationTarget.version_id == draft.id))}
        query = select(Response).join(Invitee).where(Response.version_id == draft.id).order_by(Invitee.id)
        if not include_drafts:
            query = query.where(Response.state == "submitted")
        for response in session.scalars(query):
            head = (response.invitee.name, response.state, response.submitted_at)
            for judgement in response.judgements:
                target = targets[judgement.target_id]
                section = sections.get(target.section_id or -1)
                rows.append(RawRow(*head, section.path if section else "", _label(target), target.value, target.unit,
                                   judgement.code, judgement.proposed_value, judgement.reason,
                                   draft_value_max=target.value_max, draft_bound=target.bound))
            for comment in response.comments:
                commented = targets.get(comment.target_id or -1)
                section_id = comment.section_id or (commented.section_id if commented else None)
                section = sections.get(section_id or -1)
                rows.append(RawRow(*head, section.path if section else "", _label(commented) if commented else None,
                                   commented.value if commented else None, commented.unit if commented else None,
                                   text=comment.text, line=comment.line,
                                   draft_value_max=commented.value_max if commented else None,
                                   draft_bound=commented.bound if commented else None))
    return rows


def _label(target: ConsultationTarget) -> str:
    return f"{target.indicator}: {target.breakdown}" if target.breakdown else target.indicator


@dataclass(frozen=True, slots=True)
class ConsultationRow:
    id: int
    title: str
    issuer: str | None
    deadline: datetime
    versions: int
    version_name: str
    targets: int
    invited: int
    submitted: int  # on the latest version


def list_consultations(register: Register, account: Account | None = None) -> list[ConsultationRow]:
    """The consultations the account's province covers (every one without an account), newest first."""
    with register.factory() as session:
        out = []
        for row in session.scalars(select(Consultation).order_by(Consultation.id.desc())):
            if account is not None and not covers_province(session, account, row.province_id):
                continue
            latest = row.versions[-1]
            submitted = session.scalars(select(Response.id).where(Response.version_id == latest.id,
                                                                  Response.state == "submitted")).all()
            out.append(ConsultationRow(row.id, row.title, row.issuer, row.deadline, len(row.versions), latest.name,
                                       len(latest.targets), len(row.invitees), len(submitted)))
        return out
