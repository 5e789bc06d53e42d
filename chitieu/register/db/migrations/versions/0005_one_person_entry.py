"""One entry per person-entered figure: at most one 'person' actual per target, period and vintage.

Two people entering a period's first figure at once used to leave two rows; the index makes the second insert
fail, and ``Register.set_actual`` turns that into a conflict the user is asked to reload for.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_WHERE = sa.text("source_kind = 'person'")


def upgrade() -> None:
    op.create_index("uq_actuals_person_entry", "actuals", ["target_id", "period", "vintage"], unique=True,
                    sqlite_where=_WHERE, postgresql_where=_WHERE)


def downgrade() -> None:
    op.drop_index("uq_actuals_person_entry", table_name="actuals")
