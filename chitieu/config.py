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
    # The web application (``chitieu serve``).
    host: str = "127.0.0.1"
    port: int = 8000
    # Signs session cookies; when unset, one is generated and kept in ``var/secret.key``.
    secret_key: str | None = None
    # The first administrator's password; when unset, ``chitieu serve`` generates one and prints it once.
    admin_password: str | None = None
    # Send session cookies over HTTPS only (set behind a TLS proxy).
    secure_cookies: bool = False
    # The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (comma-separated addresses, as
    # uvicorn's --forwarded-allow-ips). Unset: none, so a client cannot step around the login throttle with a made-up
    # address; set it to the proxy's address when there is one.
    forwarded_allow_ips: str | None = None
    # The largest request body the web app accepts (uploads included), in bytes; larger ones get 413.
    max_upload_bytes: int = 20 * 1024 * 1024
    # Signing in: after this many failures for one username from one address within the window, refuse.
    login_max_failures: int = 5
    login_window_minutes: int = 15
    # Threads per server process that run the pages and uploads (AnyIO's default is 40): few threads wait less
    # for the GIL than many, see docs/deploy.md.
    web_threads: int = 4
    # What one upload (a document, a draft, an Excel template) may cost; over a limit it is refused (413) with one
    # Vietnamese line naming the limit. See docs/deploy.md ("Giới hạn tệp tải lên").
    upload_max_pages: int = 500  # pages of a PDF
    upload_max_ocr_pages: int = 50  # pages or image frames that need OCR, counted before any is read
    upload_max_seconds: float = 180.0  # the whole conversion (reading, OCR, extraction), waiting excluded
    upload_max_uncompressed_mb: int = 64  # what a .docx or .xlsx package expands to
    upload_max_lines: int = 20_000  # lines of the document's text
    upload_max_characters: int = 4_000_000  # characters of the document's text
    upload_max_memory_mb: int = 1536  # address space of the process that converts one upload
    upload_max_rows: int = 5_000  # the last row an Excel template may use
    upload_max_cells: int = 100_000  # cells of an Excel template
    # Conversions run in separate processes (time and memory held, pages served meanwhile), at most this many at
    # once per server process; later uploads wait their turn without holding a page thread.
    upload_workers: int = 2
    upload_isolated: bool = True

    def uvicorn_proxy_options(self) -> dict[str, object]:
        """uvicorn's proxy settings: proxy headers only from ``forwarded_allow_ips``."""
        if not self.forwarded_allow_ips:
            return {"proxy_headers": False, "forwarded_allow_ips": ""}
        return {"proxy_headers": True, "forwarded_allow_ips": self.forwarded_allow_ips}

    def resolved_database_url(self) -> str:
        """The database URL, the default SQLite file when none is set."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"

    def var_dir(self) -> Path:
        """Where chitieu keeps its own files: beside a SQLite database, else ``./var``."""
        url = self.resolved_database_url()
        if url.startswith("sqlite") and "///" in url:
            path = url.split("///", 1)[1]
            if path and path != ":memory:":
                return Path(path).parent
        return DEFAULT_SQLITE_PATH.parent


def get_settings(**overrides: object) -> Settings:
    """Build the settings now, from the environment and ``overrides`` (keyword names as in ``Settings``)."""
    return Settings(**overrides)  # type: ignore[arg-type]
