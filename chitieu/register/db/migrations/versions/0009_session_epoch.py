"""Sessions that end on the server, and consultations of a province.

``users.session_epoch`` is the number a signed-in session carries: logging out or changing the password bumps it,
so a copy of an older session cookie no longer signs anyone in. ``consultations.province_id`` is the province whose
staff see and manage a consultation; consultations created before stay NULL (national staff only).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("province_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_consultations_province_id_provinces"), "provinces", ["province_id"],
                                    ["id"])


def downgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_consultations_province_id_provinces"), type_="foreignkey")
        batch_op.drop_column("province_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
