"""One target, one row: every statement of a target is a source of it (``target_sources``).

Each existing target becomes the first source of itself (its document, quote, line, cells and figures as stated).
Targets that restate one another (``chitieu.register.documents.restatements``: the same place, period, identity
and part, the same figure or the same words) are then merged into the one whose statement leads: the others'
sources, actual values, values waiting for approval, annual targets linked to them and owner move to it, their
status rows go (the kept target's is computed again when the register opens), and one ``Change`` row
(``merge``) names the targets merged into it, so the history keeps them. The history rows of a merged target stay
under its old number.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from chitieu.register.documents.restatements import Statement, gather, lead, order_of

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COPIED = ("document_id", "indicator_text", "breakdown", "value", "value_max", "bound", "direction", "unit", "quote",
          "line", "main", "section", "cells")


def upgrade() -> None:
    op.create_table(
        "target_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("indicator_text", sa.Text(), nullable=False),
        sa.Column("breakdown", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("bound", sa.String(length=12), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("main", sa.Boolean(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("cells", sa.JSON(), nullable=True),
        sa.Column("table_cell", sa.String(length=40), nullable=True),
        sa.Column("chosen_by", sa.String(length=120), nullable=True),
        sa.Column("chosen_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name=op.f("fk_target_sources_target_id_targets")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_target_sources_document_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_sources")),
    )
    op.create_index(op.f("ix_target_sources_target_id"), "target_sources", ["target_id"])
    op.create_index(op.f("ix_target_sources_document_id"), "target_sources", ["document_id"])
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    columns = ", ".join(COPIED)
    bind.execute(sa.text(f"INSERT INTO target_sources (target_id, {columns}, created_at) "
                         f"SELECT id, {columns}, :now FROM targets"), {"now": now})
    _merge(bind, now)


def _merge(bind: sa.Connection, now: datetime) -> None:
    rows = bind.execute(sa.text(
        "SELECT t.id, t.province_id, t.document_id, t.congress_id, t.period, t.indicator_id, t.indicator_text, "
        "t.breakdown, t.unit, t.value, t.value_max, t.bound, t.line, t.section, t.main, d.issued_on, d.content_hash "
        "FROM targets t LEFT JOIN documents d ON d.id = t.document_id")).all()
    statements = [Statement(ref=r.id, province_id=r.province_id, document_id=r.document_id,
                            congress_id=r.congress_id, period=r.period, indicator_id=r.indicator_id,
                            indicator_text=r.indicator_text, breakdown=r.breakdown, unit=r.unit, value=r.value,
                            value_max=r.value_max, bound=r.bound, line=r.line, section=r.section,
                            main=bool(r.main),
                            order=order_of(r.issued_on, r.content_hash, r.line)) for r in rows]
    changes = sa.table("changes", sa.column("at", sa.DateTime()), sa.column("actor", sa.String()),
                       sa.column("action", sa.String()), sa.column("table_name", sa.String()),
                       sa.column("row_id", sa.Integer()), sa.column("data", sa.JSON()))
    for group in gather(statements):
        if len(group) < 2:
            continue
        keep = lead(group).ref
        gone = sorted(s.ref for s in group if s.ref != keep)
        _fold(bind, keep, gone, main=any(s.main for s in group))
        bind.execute(sa.insert(changes).values(at=now, actor="chitieu", action="merge", table_name="targets",
                                               row_id=keep, data={"merged": gone}))


def _fold(bind: sa.Connection, keep: int, gone: list[int], *, main: bool) -> None:
    """Move what points at the targets ``gone`` to ``keep`` (one owner kept), then delete them."""
    params = {"keep": keep, "gone": gone}

    def run(sql: str) -> sa.CursorResult[Any]:
        return bind.execute(sa.text(sql).bindparams(sa.bindparam("gone", expanding=True)), params)

    run("UPDATE target_sources SET target_id = :keep WHERE target_id IN :gone")
    run("UPDATE actuals SET target_id = :keep WHERE target_id IN :gone")
    run("UPDATE pending_actuals SET target_id = :keep WHERE target_id IN :gone")
    run("UPDATE targets SET parent_id = :keep WHERE parent_id IN :gone")
    owned = bind.execute(sa.text("SELECT count(*) FROM target_owners WHERE target_id = :keep"), params).scalar()
    owner = None if owned else run("SELECT min(target_id) FROM target_owners WHERE target_id IN :gone").scalar()
    if owner is not None:
        bind.execute(sa.text("UPDATE target_owners SET target_id = :keep WHERE target_id = :owner"),
                     {"keep": keep, "owner": owner})
    run("DELETE FROM target_owners WHERE target_id IN :gone")
    run("DELETE FROM target_status WHERE target_id IN :gone")
    bind.execute(sa.text("UPDATE target_status SET status = NULL WHERE target_id = :keep"), params)
    if main:
        bind.execute(sa.text("UPDATE targets SET main = :yes WHERE id = :keep"), {"yes": True, "keep": keep})
    run("DELETE FROM targets WHERE id IN :gone")


def downgrade() -> None:
    op.drop_index(op.f("ix_target_sources_document_id"), table_name="target_sources")
    op.drop_index(op.f("ix_target_sources_target_id"), table_name="target_sources")
    op.drop_table("target_sources")
