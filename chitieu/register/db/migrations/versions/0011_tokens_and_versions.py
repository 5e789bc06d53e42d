"""API tokens that expire; pending values that carry the version their sender saw.

``api_tokens.expires_at``: past it the token is refused. Tokens made before get 90 days from their creation, so
none lives for ever. ``pending_actuals.expected_version``: the version of the entry the sender saw (0: none);
approving writes only over that version (``UPDATE ... WHERE version = expected``). Values waiting before keep NULL
(approved over whatever is there, as before). Usernames take their one spelling (NFC, no invisible characters,
trimmed, case-folded: ``accounts.normal_username`` as of this revision), in the accounts and where pending values and
uploads name them, so that sign-in (which looks the spelling up) still finds them; a name whose spelling another
account already has is left as it was.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import unicodedata
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
    _normalise_usernames()


INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"))


def _normal(username: str) -> str:
    return unicodedata.normalize("NFC", username.translate(INVISIBLE)).strip().casefold()


def _normalise_usernames() -> None:
    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("username", sa.String()))
    names = dict(bind.execute(sa.select(users.c.id, users.c.username)).all())
    taken = set(names.values())
    for user_id, name in names.items():
        normal = _normal(name)
        if normal == name or not normal or normal in taken:
            continue
        taken.add(normal)
        bind.execute(users.update().where(users.c.id == user_id).values(username=normal))
        for table, column in (("pending_actuals", "submitted_by"), ("staged_documents", "uploaded_by")):
            named = sa.table(table, sa.column(column, sa.String()))
            bind.execute(named.update().where(named.c[column] == name).values({column: normal}))


def downgrade() -> None:
    with op.batch_alter_table("pending_actuals", schema=None) as batch_op:
        batch_op.drop_column("expected_version")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
