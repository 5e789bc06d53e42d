"""The precomputed status tables (migration 0002): ``target_status``, one row per target with what lists filter and
sort on, and ``status_totals``, its counts by province, field, years and status. ``figures/status.py`` fills them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chitieu.register.db.models import Base, utcnow


class TargetStatus(Base):
    """One target's status and the columns lists filter on; ``status`` NULL means not computed yet."""

    __tablename__ = "target_status"
    __table_args__ = (
        Index("ix_target_status_province", "province_id", "field", "status", "period_start", "period_end"),
        Index("ix_target_status_field", "field", "status"),
        Index("ix_target_status_status", "status"),
        Index("ix_target_status_status_province", "status", "province_id", "target_id"),  # what needs attention
        # a province's targets of one field in id order, the register's most common list
        Index("ix_target_status_province_field_id", "province_id", "field", "target_id", "period_start",
              "period_end"),
    )

    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True,
                                           autoincrement=False)
    province_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(40))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(24))
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded wording + breakdown: "ty le ho ngheo"
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StatusTotal(Base):
    """How many targets share a province, field, years and status (``status`` NULL: not computed yet).

    Ids only grow (a sequence; AUTOINCREMENT on SQLite) and every recount inserts or deletes rows, so the largest
    id and the number of rows together change whenever a count may have: ``Register.status_generation``."""

    __tablename__ = "status_totals"
    __table_args__ = (Index("ix_status_totals_province", "province_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(40))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(24))
    targets: Mapped[int] = mapped_column(Integer)
