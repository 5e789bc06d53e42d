"""Web speed: the overview's counts from a small table, and indexes for a target's page.

``status_totals`` counts ``target_status`` by province, field, years and status; ``register/status.py``'s
``refresh`` keeps it fresh, and this migration fills it once from what ``target_status`` holds. Indexes: the targets
of a status in a province (the overview's "needs attention"), a target's history (``changes`` by table and row)
and its province's figures for the indicator (``actuals`` by indicator and province, the progress method's
baseline).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_totals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("period_start", sa.Integer(), nullable=True),
        sa.Column("period_end", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=True),
        sa.Column("targets", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_totals")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_status_totals_province", "status_totals", ["province_id"], unique=False)
    op.create_index("ix_target_status_status_province", "target_status", ["status", "province_id", "target_id"],
                    unique=False)
    op.create_index("ix_changes_table_row", "changes", ["table_name", "row_id"], unique=False)
    op.create_index("ix_actuals_indicator_province", "actuals", ["indicator_id", "province_id"], unique=False)
    op.execute(
        "INSERT INTO status_totals (province_id, field, period_start, period_end, status, targets)"
        " SELECT province_id, field, period_start, period_end, status, count(*) FROM target_status"
        " GROUP BY province_id, field, period_start, period_end, status"
    )


def downgrade() -> None:
    op.drop_index("ix_actuals_indicator_province", table_name="actuals")
    op.drop_index("ix_changes_table_row", table_name="changes")
    op.drop_index("ix_target_status_status_province", table_name="target_status")
    op.drop_index("ix_status_totals_province", table_name="status_totals")
    op.drop_table("status_totals")
