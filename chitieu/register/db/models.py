"""The register's tables (SQLAlchemy 2 declarative models).

    Province ──successor──> Province        the 2025 mergers as lineage (63 → 34)
    IssuingBody, Congress (a province's party congress and its term)
    Document ─< Target ─< Actual            a target's reported values, each with its vintage and source
    Target ─< TargetSource >─ Document      every statement of the target (a restatement is a source, not a target)
    Indicator ─< Target                     the catalogue (data/indicators.yaml)
    Target.parent ──> Target                an annual target linked to the term target it serves
    Change                                  append-only history of every write

Every ``Document``, ``Target`` and ``Actual`` row carries ``version`` for optimistic locking: an UPDATE that finds
another version raises ``StaleDataError``, which the register turns into ``ConflictError``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Province(Base):
    """A province-level unit, before or after the 2025 merger; ``successor`` leads a merged one to its new unit."""

    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # "Bắc Kạn", without "Tỉnh"/"Thành phố"
    official_name: Mapped[str | None] = mapped_column(String(120))  # "Tỉnh Thái Nguyên" (vietnam-provinces)
    package_code: Mapped[int | None] = mapped_column(Integer)  # vietnam-provinces code of a current unit
    current: Mapped[bool] = mapped_column(Boolean, default=True)  # still a unit after 2025-07-01
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    merged_on: Mapped[date | None] = mapped_column(Date)

    successor: Mapped[Province | None] = relationship(remote_side=[id])


class IssuingBody(Base):
    __tablename__ = "issuing_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)  # "Tỉnh ủy Bắc Kạn"
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))


class Congress(Base):
    """A provincial party congress (Đại hội) and the term it opens."""

    __tablename__ = "congresses"
    __table_args__ = (UniqueConstraint("province_id", "term", name="province_term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    ordinal: Mapped[str | None] = mapped_column(String(10))  # "XII"
    term: Mapped[str] = mapped_column(String(9))  # "2020-2025"
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the file's bytes
    name: Mapped[str] = mapped_column(String(300))
    source_path: Mapped[str | None] = mapped_column(Text)
    source_format: Mapped[str | None] = mapped_column(String(20))
    source_bytes: Mapped[bytes] = mapped_column(LargeBinary)  # the file as imported
    doc_type: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(60))
    issued_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    issuer_id: Mapped[int | None] = mapped_column(ForeignKey("issuing_bodies.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    congress_id: Mapped[int | None] = mapped_column(ForeignKey("congresses.id"))
    term: Mapped[str | None] = mapped_column(String(9))
    plan_year: Mapped[int | None] = mapped_column(Integer)
    metadata_json: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    item_count: Mapped[int] = mapped_column(Integer, default=0)  # targets + results written with it
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    province: Mapped[Province | None] = relationship()
    issuer: Mapped[IssuingBody | None] = relationship()
    congress: Mapped[Congress | None] = relationship()


class Indicator(Base):
    """A catalogue indicator; the Vietnamese name and synonyms live in ``data/indicators.yaml``."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    direction: Mapped[str | None] = mapped_column(String(8))
    field: Mapped[str] = mapped_column(String(40))


class Target(Base):
    __tablename__ = "targets"
    __table_args__ = (
        Index("ix_targets_province_period", "province_id", "period"),
        Index("ix_targets_indicator_province", "indicator_id", "province_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    congress_id: Mapped[int | None] = mapped_column(ForeignKey("congresses.id"))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    link_score: Mapped[float | None] = mapped_column(Float)  # how sure the catalogue link is, 0-100
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id"))  # the term target an annual one serves
    indicator_text: Mapped[str] = mapped_column(Text)
    breakdown: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[str] = mapped_column(String(12))
    direction: Mapped[str | None] = mapped_column(String(8))
    unit: Mapped[str | None] = mapped_column(String(40))
    period: Mapped[str | None] = mapped_column(String(9))  # "2020-2025", "2025", "annual"
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    main: Mapped[bool] = mapped_column(Boolean, default=False)
    field: Mapped[str | None] = mapped_column(String(40))  # set by a person; None: the catalogue indicator's field
    section: Mapped[str | None] = mapped_column(Text)
    cells: Mapped[dict[str, str] | None] = mapped_column(JSON)  # a table row's cells as written, by role
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    document: Mapped[Document | None] = relationship()
    province: Mapped[Province | None] = relationship()
    congress: Mapped[Congress | None] = relationship()
    indicator: Mapped[Indicator | None] = relationship()
    parent: Mapped[Target | None] = relationship(remote_side=[id])
    actuals: Mapped[list[Actual]] = relationship(back_populates="target", order_by="Actual.id")
    sources: Mapped[list[TargetSource]] = relationship(back_populates="target", order_by="TargetSource.id")


class TargetSource(Base):
    """One statement of a target in a document, as stated there: a report's list, its appendix row and the congress's
    announcement of the same commitment are three sources of one target. The target carries the figures of its
    leading source (``documents/restatements.py``) until a person decides between sources that disagree
    (``chosen_by``, ``chosen_at`` on the source whose figures hold)."""

    __tablename__ = "target_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    indicator_text: Mapped[str] = mapped_column(Text)
    breakdown: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[str] = mapped_column(String(12))
    direction: Mapped[str | None] = mapped_column(String(8))
    unit: Mapped[str | None] = mapped_column(String(40))
    quote: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    main: Mapped[bool] = mapped_column(Boolean, default=False)
    section: Mapped[str | None] = mapped_column(Text)
    cells: Mapped[dict[str, str] | None] = mapped_column(JSON)  # a table row's cells as written, by role
    table_cell: Mapped[str | None] = mapped_column(String(40))  # "bảng 1, dòng 3, cột 5": the target's cell
    chosen_by: Mapped[str | None] = mapped_column(String(120))  # who decided that this statement's figures hold
    chosen_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    target: Mapped[Target] = relationship(back_populates="sources")
    document: Mapped[Document | None] = relationship()


class Actual(Base):
    """One reported value: from a document (page, line, table cell) or entered by a named person."""

    __tablename__ = "actuals"
    __table_args__ = (
        Index("ix_actuals_target_period", "target_id", "period"),
        Index("ix_actuals_indicator_province", "indicator_id", "province_id"),  # a province's baseline figures
        Index("uq_actuals_person_entry", "target_id", "period", "vintage", unique=True,
              sqlite_where=text("source_kind = 'person'"), postgresql_where=text("source_kind = 'person'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id"))  # None until a judged target is known
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    indicator_text: Mapped[str] = mapped_column(Text)
    breakdown: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[str] = mapped_column(String(12), default="exact")
    direction: Mapped[str | None] = mapped_column(String(8))
    unit: Mapped[str | None] = mapped_column(String(40))
    period: Mapped[str | None] = mapped_column(String(9))  # "2015-2020", "2020", "2024"
    vintage: Mapped[str] = mapped_column(String(10), default="final")  # plan / estimate / final / revision
    as_of: Mapped[date | None] = mapped_column(Date)  # when the figure was published or entered
    stated_target: Mapped[str | None] = mapped_column(Text)  # the target as the document writes it next to it
    stated_verdict: Mapped[str | None] = mapped_column(String(10))
    source_kind: Mapped[str] = mapped_column(String(10), default="document")  # document / person
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    page: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)
    table_cell: Mapped[str | None] = mapped_column(String(40))  # "bảng 2, dòng 5, cột 4": the result's cell
    cells: Mapped[dict[str, str] | None] = mapped_column(JSON)  # a table row's cells as written, by role
    quote: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    target: Mapped[Target | None] = relationship(back_populates="actuals")
    document: Mapped[Document | None] = relationship()


class Change(Base):
    """Append-only history: one row per insert or update of a register row (database triggers forbid edits)."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_table_row", "table_name", "row_id"),)  # a row's history

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))  # insert / update / import
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
