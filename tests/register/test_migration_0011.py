"""Migration 0011: tokens made before get an expiry, usernames their one spelling (sign-in still finds them)."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import text

from chitieu.register import open_register
from chitieu.register.accounts import authenticate
from chitieu.register.db import make_engine, upgrade


def test_older_tokens_expire_and_usernames_are_normalised(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.sqlite"
    engine = make_engine(url)
    upgrade(engine, "0010")
    with engine.begin() as connection:
        for user_id, name in ((1, "NguyenVanA"), (2, "tranb\u200b")):
            connection.execute(text("INSERT INTO users (id, username, password_hash, role, active, session_epoch, "
                                    "created_at) "
                                    "VALUES (:id, :name, :hash, 'viewer', 1, 0, '2026-11-01 00:00:00')"),
                               {"id": user_id, "name": name, "hash": PasswordHasher().hash("mat-khau-thu")})
        connection.execute(text("INSERT INTO api_tokens (user_id, token_hash, name, created_by, created_at, revoked) "
                                "VALUES (1, 'x', 'cũ', 'admin', '2026-11-01 00:00:00', 0)"))
    upgrade(engine)
    with engine.connect() as connection:
        names = set(connection.execute(text("SELECT username FROM users")).scalars())
        expires = connection.execute(text("SELECT expires_at FROM api_tokens")).scalar_one()
    assert names == {"nguyenvana", "tranb"}
    assert str(expires).startswith("2027-01-30")
    engine.dispose()
    register = open_register(url=url)
    assert authenticate(register, "NguyenVanA", "mat-khau-thu").username == "nguyenvana"
    register.engine.dispose()
