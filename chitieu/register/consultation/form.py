"""What an organisation's response form shows: the current draft's sections, each with its paragraphs and their
lines (so a comment can be about one paragraph, chosen from a list), the targets, the guiding questions, and what
the organisation has saved so far on that version. The paragraphs come from reading the stored draft again (kept
for the last few versions read)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.errors import NotFoundError
from chitieu.extract import Item, Kind, extract
from chitieu.intake import Document
from chitieu.register.consultation.draft import heading_text, paragraphs, read_draft
from chitieu.register.consultation.service import CommentInput, JudgementInput, naive_utc
from chitieu.register.consultation.targets import consulted_targets
from chitieu.register.db.consultation import Comment, DraftVersion, Invitee, Judgement, Response
from chitieu.register.figures.feasibility import Evidence, items_feasibility

if TYPE_CHECKING:
    from chitieu.register.api import Register

EXCERPT = 90  # characters of a paragraph shown in the list


@dataclass(frozen=True, slots=True)
class SavedComment:
    text: str
    line: int | None = None


@dataclass(slots=True)
class FormSection:
    id: int
    level: int
    marker: str | None
    title: str
    path: str
    line: int
    end_line: int
    text: str
    questions: list[str] = field(default_factory=list)
    comments: list[SavedComment] = field(default_factory=list)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (line, text)

    @property
    def heading(self) -> str:
        """The heading as the draft writes it ("a) Về kinh tế")."""
        return heading_text(self.marker, self.title)

    def excerpt(self, text: str) -> str:
        return text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " …"


@dataclass(slots=True)
class FormTarget:
    id: int
    section_id: int | None
    indicator: str
    breakdown: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    bound: str
    quote: str
    line: int
    evidence: Evidence | None = None  # the feasibility note, from the draft's own results and the register's
    code: str | None = None
    proposed_value: float | None = None
    reason: str | None = None
    comments: list[SavedComment] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.indicator}: {self.breakdown}" if self.breakdown else self.indicator


@dataclass(slots=True)
class ResponseForm:
    consultation_id: int
    title: str
    issuer: str | None
    deadline: datetime
    open: bool
    invitee_id: int
    organisation: str
    version: int
    state: str  # none / draft / submitted
    saved_at: datetime | None
    submitted_at: datetime | None
    sections: list[FormSection]
    targets: list[FormTarget]
    general: list[SavedComment] = field(default_factory=list)
    general_questions: list[str] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return self.open and self.state != "submitted"


@lru_cache(maxsize=8)
def _read(content_hash: str, name: str, content: bytes) -> Document:
    return read_draft(name, content)


def _document(version: DraftVersion) -> Document:
    return _read(version.content_hash, version.name, version.content)


@lru_cache(maxsize=8)
def _items(content_hash: str, name: str, content: bytes) -> tuple[tuple[Item, ...], str | None, int | None]:
    """The draft's extracted items, with its term and plan year."""
    extraction = extract(_read(content_hash, name, content))
    return tuple(extraction.items), extraction.metadata.term, extraction.metadata.plan_year


def version_evidence(session: Session, version: DraftVersion) -> dict[int, Evidence]:
    """The feasibility evidence of a version's targets, by target id: the targets consulted on (``targets``), by
    position, each only while it is still the one stored (a review changed after the consultation began)."""
    extracted, term, plan_year = _items(version.content_hash, version.name, version.content)
    targets, _ = consulted_targets(session, version.content_hash, extracted)
    items = targets + [i for i in extracted if i.kind is not Kind.TARGET]
    evidence = items_feasibility(session, version.consultation.province_id, items, term, plan_year)
    by_position = {e.key: e for e in evidence}
    return {t.id: by_position[t.position] for t in version.targets
            if t.position in by_position and t.position < len(targets)
            and (targets[t.position].indicator, targets[t.position].value) == (t.indicator, t.value)}


def _fill(targets: dict[int, FormTarget], sections: dict[int, FormSection], general: list[SavedComment],
          comments: Iterable[Comment | CommentInput], judgements: Iterable[Judgement | JudgementInput]) -> None:
    """Fill the form's fields with a response's comments and judgements (those of other targets or sections, from
    an altered page, left out)."""
    for comment in comments:
        saved = SavedComment(comment.text, comment.line)
        if comment.target_id is not None:
            if comment.target_id in targets:
                targets[comment.target_id].comments.append(saved)
        elif comment.section_id is not None:
            if comment.section_id in sections:
                sections[comment.section_id].comments.append(saved)
        else:
            general.append(saved)
    for judgement in judgements:
        if judgement.target_id in targets:
            target = targets[judgement.target_id]
            target.code, target.proposed_value, target.reason = (judgement.code, judgement.proposed_value,
                                                                 judgement.reason)


def response_form(register: Register, invitee_id: int, *, now: datetime,
                  typed: tuple[Sequence[CommentInput], Sequence[JudgementInput]] | None = None) -> ResponseForm:
    """The form of an invitee on the latest version of the draft, filled with what it saved, or with what was
    ``typed`` when the page is shown again after an error."""
    with register.factory() as session:
        invitee = session.get(Invitee, invitee_id)
        if invitee is None:
            raise NotFoundError(f"Không có cơ quan được mời số {invitee_id}.")
        consultation = invitee.consultation
        version = consultation.versions[-1]
        document = _document(version)
        sections = {s.id: FormSection(s.id, s.level, s.marker, s.title, s.path, s.line, s.end_line, s.text,
                                      paragraphs=paragraphs(document, s.line + (1 if s.level else 0), s.end_line))
                    for s in version.sections}
        by_path = {s.path: s for s in sections.values()}
        general_questions = []
        for question in consultation.questions:
            if question.part is not None and question.part in by_path:
                by_path[question.part].questions.append(question.text)
            else:
                general_questions.append(question.text)
        targets = {t.id: FormTarget(t.id, t.section_id, t.indicator, t.breakdown, t.value, t.value_max, t.unit,
                                    t.bound, t.quote, t.line) for t in version.targets}
        for target_id, evidence in version_evidence(session, version).items():
            targets[target_id].evidence = evidence
        response = session.scalar(select(Response).where(Response.invitee_id == invitee_id,
                                                         Response.version_id == version.id))
        general: list[SavedComment] = []
        if typed is not None:
            _fill(targets, sections, general, *typed)
        elif response is not None:
            _fill(targets, sections, general, response.comments, response.judgements)
        return ResponseForm(
            consultation.id, consultation.title, consultation.issuer, consultation.deadline,
            naive_utc(now) <= consultation.deadline, invitee.id, invitee.name, version.number,
            response.state if response else "none", response.saved_at if response else None,
            response.submitted_at if response else None, sorted(sections.values(), key=lambda s: s.line),
            sorted(targets.values(), key=lambda t: (t.line, t.id)), general, general_questions)
