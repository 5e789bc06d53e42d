"""A table row's cells as the document writes them, on the targets and results read from it.

``cells`` maps a role ("unit", "target", "result", "comparison", "next_target") to the cell's text as written
("Bác sỹ", "giảm cả 3 tiêu chí"), so the appendix gives a row back as the document wrote it. Rows imported
before stay NULL (the appendix then shows the normalised unit and values).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("targets", "actuals"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("cells", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in ("actuals", "targets"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("cells")
