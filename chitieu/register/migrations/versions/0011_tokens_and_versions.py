"""API tokens that expire; pending values that carry the version their sender saw.

``api_tokens.expires_at``: past it the token is refused. Tokens made before get 90 days from their creation, so
none lives for ever. ``pending_actuals.expected_version``: the version of the entry the sender saw (0: none);
approving writes only over that version (``UPDATE ... WHERE version = expected``). Values waiting before keep NULL
(approved over whatever is there, as before).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pending_actuals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expected_version", sa.Integer(), nullable=True))
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
    tokens = sa.table("api_tokens", sa.column("id", sa.Integer()), sa.column("created_at", sa.DateTime()),
                      sa.column("expires_at", sa.DateTime()))
    rows = op.get_bind().execute(sa.select(tokens.c.id, tokens.c.created_at)).all()
    for token_id, created in rows:
        op.execute(tokens.update().where(tokens.c.id == token_id)
                   .values(expires_at=(created or datetime.now(UTC).replace(tzinfo=None)) + timedelta(days=90)))


def downgrade() -> None:
    with op.batch_alter_table("pending_actuals", schema=None) as batch_op:
        batch_op.drop_column("expected_version")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
