"""Target status: one precomputed row per target for fast filtered lists and counts (register/status.py).

The backfill writes what plain SQL can know (province, field, years, lower-case wording) with ``status`` NULL;
``open_register`` then judges those rows (``Register.refresh_status``), since judging needs the Python methods
and a migration must not load today's models (a later migration may have added columns they map).

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "target_status",
        sa.Column("target_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("period_start", sa.Integer(), nullable=True),
        sa.Column("period_end", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name=op.f("fk_target_status_target_id_targets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("target_id", name=op.f("pk_target_status")),
    )
    with op.batch_alter_table("target_status", schema=None) as batch_op:
        batch_op.create_index("ix_target_status_province",
                              ["province_id", "field", "status", "period_start", "period_end"], unique=False)
        batch_op.create_index("ix_target_status_field", ["field", "status"], unique=False)
        batch_op.create_index("ix_target_status_status", ["status"], unique=False)
    op.execute(
        "INSERT INTO target_status (target_id, province_id, field, period_start, period_end, status, search_text,"
        " updated_at)"
        " SELECT t.id, t.province_id, i.field, t.period_start, t.period_end, NULL,"
        " lower(t.indicator_text || coalesce(' ' || t.breakdown, '')), CURRENT_TIMESTAMP"
        " FROM targets t LEFT JOIN indicators i ON i.id = t.indicator_id"
    )


def downgrade() -> None:
    with op.batch_alter_table("target_status", schema=None) as batch_op:
        batch_op.drop_index("ix_target_status_status")
        batch_op.drop_index("ix_target_status_field")
        batch_op.drop_index("ix_target_status_province")
    op.drop_table("target_status")
