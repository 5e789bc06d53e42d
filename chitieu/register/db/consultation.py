"""Consultation on a draft document: the tables (migration 0004).

    Consultation ─< DraftVersion ─< ConsultationSection          the draft's headings, each with its text
                                 └< ConsultationTarget            the targets extracted from that version
    Consultation ─< Question                                      guiding questions, per part or for the whole
    Consultation ─< Invitee ─< Response ─< Comment                an organisation's comments on a section,
                                        └< Judgement              a paragraph or a target; its judgement of a
                                                                  target's feasibility, with a proposed value

An invitee answers through a private link (only the token's SHA-256 is stored) or a user account. It has one
response per draft version: a draft it may save again and again, then a submitted one, final and timestamped.
The services are in ``register/consultation/``: ``service.py`` (writes), ``summary.py`` (consolidation) and
``diff.py`` (what changed between versions).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chitieu.register.db.models import Base, utcnow
from chitieu.register.db.workflow import User

JUDGEMENTS = ("feasible", "adjust", "infeasible")  # khả thi / cần điều chỉnh / không khả thi
RESPONSE_STATES = ("draft", "submitted")


class Consultation(Base):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)  # "Dự thảo Báo cáo chính trị ..." as the office names it
    issuer: Mapped[str | None] = mapped_column(String(200))  # who asks for comments
    # whose staff see it (migration 0009): the creating account's province, else the draft's; None: national staff
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    deadline: Mapped[datetime] = mapped_column(DateTime)  # UTC, without a time zone, like every time here
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    versions: Mapped[list[DraftVersion]] = relationship(back_populates="consultation", order_by="DraftVersion.number")
    questions: Mapped[list[Question]] = relationship(order_by="Question.position")
    invitees: Mapped[list[Invitee]] = relationship(back_populates="consultation", order_by="Invitee.id")


class DraftVersion(Base):
    """One uploaded version of the draft, numbered from 1."""

    __tablename__ = "consultation_versions"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_format: Mapped[str | None] = mapped_column(String(20))
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="versions")
    sections: Mapped[list[ConsultationSection]] = relationship(order_by="ConsultationSection.position",
                                                               cascade="all, delete-orphan")
    targets: Mapped[list[ConsultationTarget]] = relationship(order_by="ConsultationTarget.position",
                                                             cascade="all, delete-orphan")


class ConsultationSection(Base):
    """A heading of the draft and the text under it up to the next heading (position 0: the text before any)."""

    __tablename__ = "consultation_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("consultation_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    marker: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)  # the titles from the top, joined by " > "
    line: Mapped[int] = mapped_column(Integer)  # the heading's line (1-based)
    end_line: Mapped[int] = mapped_column(Integer)  # the last line of its text
    text: Mapped[str] = mapped_column(Text)  # the lines below the heading, markup removed


class ConsultationTarget(Base):
    """A target extracted from a version of the draft (``chitieu.extract.Item`` fields)."""

    __tablename__ = "consultation_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("consultation_versions.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_sections.id"))
    position: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(Text)
    breakdown: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    bound: Mapped[str] = mapped_column(String(12))
    period: Mapped[str | None] = mapped_column(String(9))
    main: Mapped[bool] = mapped_column(Boolean, default=False)
    quote: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)

    section: Mapped[ConsultationSection | None] = relationship()


class Question(Base):
    """A guiding question; ``part`` is the heading path of the part it is about (None: the whole draft)."""

    __tablename__ = "consultation_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    part: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class Invitee(Base):
    """An organisation asked for comments; it answers through a private link or a user account."""

    __tablename__ = "consultation_invitees"
    __table_args__ = (UniqueConstraint("consultation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the private link's token
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invited_by: Mapped[str] = mapped_column(String(120))
    invited_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="invitees")
    user: Mapped[User | None] = relationship()
    responses: Mapped[list[Response]] = relationship(back_populates="invitee", order_by="Response.id")


class Response(Base):
    """An invitee's answer on one version: a draft until submitted; a submitted one is final."""

    __tablename__ = "consultation_responses"
    __table_args__ = (UniqueConstraint("invitee_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitee_id: Mapped[int] = mapped_column(ForeignKey("consultation_invitees.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("consultation_versions.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="draft")  # RESPONSE_STATES
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(120))  # a username, or "link" for the private link

    invitee: Mapped[Invitee] = relationship(back_populates="responses")
    comments: Mapped[list[Comment]] = relationship(order_by="Comment.position", cascade="all, delete-orphan")
    judgements: Mapped[list[Judgement]] = relationship(order_by="Judgement.id", cascade="all, delete-orphan")


class Comment(Base):
    """A comment on a section (``line``: one paragraph of it), on a target, or, with neither, on the whole."""

    __tablename__ = "consultation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("consultation_responses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_sections.id"))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_targets.id"))
    line: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Judgement(Base):
    """How feasible an organisation finds a target (``JUDGEMENTS``), with the value it proposes and why."""

    __tablename__ = "consultation_judgements"
    __table_args__ = (UniqueConstraint("response_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("consultation_responses.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("consultation_targets.id"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    proposed_value: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
