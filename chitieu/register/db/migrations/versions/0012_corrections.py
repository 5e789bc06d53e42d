"""Corrections after commit: a document carries a version, a target may have its own field.

``documents.version``: optimistic locking of a document's corrections (province, issuer, type, term, year), as
targets and actual values already have: a stale correction is refused. Existing documents start at 1.
``targets.field``: the field a person set for a target; when NULL the field is its catalogue indicator's, as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("field", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_column("field")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("version")
