"""Settings read from ``CHITIEU_*`` environment variables, built on demand (importing chitieu needs no environment).

``CHITIEU_DATABASE_URL`` names the register's database; without it the register is the SQLite file
``./var/chitieu.sqlite`` under the current folder (created on first use). PostgreSQL works through the same
variable: ``postgresql+psycopg://user@host:5432/chitieu``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path("var") / "chitieu.sqlite"


class Settings(BaseSettings):
    """What chitieu reads from the environment."""

    model_config = SettingsConfigDict(env_prefix="CHITIEU_", extra="ignore")

    database_url: str | None = None
    # Shown as the author of changes made outside the web (CLI, import) when no user is named.
    actor: str = "chitieu"

    def resolved_database_url(self) -> str:
        """The database URL, the default SQLite file when none is set."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def get_settings(**overrides: object) -> Settings:
    """Build the settings now, from the environment and ``overrides`` (keyword names as in ``Settings``)."""
    return Settings(**overrides)  # type: ignore[arg-type]
