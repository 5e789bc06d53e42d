"""An index for the register's most common list: one province's targets of one field, in id order.

With it a page of that list is read from the index in order (PostgreSQL read it by the primary key and threw away
every other province's rows until fifty matched; SQLite sorted all the matches).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_target_status_province_field_id", "target_status",
                    ["province_id", "field", "target_id", "period_start", "period_end"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_target_status_province_field_id", table_name="target_status")
