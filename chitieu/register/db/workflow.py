"""The web workflow's tables, beside the register's own (migration 0003).

    Agency ─< User                   an account: administrator, editor (of a province or an agency) or viewer
    User ─< ApiToken                 a token for the JSON API, stored as its SHA-256 only
    Agency ─< TargetOwner >─ Target  the agency that reports a target's actual values
    LoginFailure                     a failed sign-in (migration 0006), counted by username and address
    StagedDocument ─< StagedItem     an uploaded document and its extracted items, waiting for review
    Target ─< PendingActual          a value an agency entered, waiting for the province administrator

Nothing here is the register itself: reviewed documents and approved values are written through
``Register`` (``import_reviewed``, ``set_actual``), which keeps the one history rule.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chitieu.register.db.models import Base, Province, utcnow

ROLES = ("admin", "editor", "viewer")
ITEM_STATES = ("pending", "accepted", "corrected", "rejected", "added")
PENDING_STATES = ("pending", "approved", "returned", "resent")  # resent: returned, corrected and sent again


class Agency(Base):
    """An agency (sở, ban, ngành) of a province that owns targets and reports their values."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    province: Mapped[Province | None] = relationship()


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    role: Mapped[str] = mapped_column(String(10))  # admin / editor / viewer
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))  # None: every province
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))  # an agency's editor
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # a session signed in under another number is over: bumped on logout and on a password change (migration 0009)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    province: Mapped[Province | None] = relationship()
    agency: Mapped[Agency | None] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the token
    name: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)  # migration 0011; past it the token is refused

    user: Mapped[User] = relationship()


class TargetOwner(Base):
    __tablename__ = "target_owners"

    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(120))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    agency: Mapped[Agency] = relationship()


class StagedDocument(Base):
    """An uploaded document: its bytes, canonical lines and extraction, kept until it is committed."""

    __tablename__ = "staged_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    lines: Mapped[list[str]] = mapped_column(JSON, default=list)  # canonical text, markup removed, line by line
    metadata_json: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="review")  # review / committed / failed
    message: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # once committed

    items: Mapped[list[StagedItem]] = relationship(back_populates="staged", order_by="StagedItem.position",
                                                   cascade="all, delete-orphan")


class StagedItem(Base):
    __tablename__ = "staged_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    staged_id: Mapped[int] = mapped_column(ForeignKey("staged_documents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # ITEM_STATES
    original: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # as extracted (empty when added)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # as reviewed (Item.to_dict fields)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    staged: Mapped[StagedDocument] = relationship(back_populates="items")


class PendingActual(Base):
    """A value an agency's editor entered; written to the register only when the administrator approves it."""

    __tablename__ = "pending_actuals"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    value: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(9))
    vintage: Mapped[str] = mapped_column(String(10), default="final")
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # PENDING_STATES
    submitted_by: Mapped[str] = mapped_column(String(120))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    actual_id: Mapped[int | None] = mapped_column(ForeignKey("actuals.id"))  # once approved
    # the version of the entry the sender saw (0: none); approval writes only over it (migration 0011)
    expected_version: Mapped[int | None] = mapped_column(Integer)


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_login_failures_who", "username", "address", "at"),)
