"""Backup commands: ``chitieu backup PATH`` and ``chitieu restore PATH``.

Mount them with ``mount_backup_commands(app)`` from ``chitieu/cli/app.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chitieu.cli.render import console
from chitieu.config import get_settings
from chitieu.register.db import BackupInfo, backup_database, inspect_backup, make_engine, restore_database

DatabaseOption = Annotated[str | None, typer.Option("--db", help="URL cơ sở dữ liệu (mặc định CHITIEU_DATABASE_URL)")]


def _summary(info: BackupInfo) -> str:
    counts = f", {info.documents} văn kiện, {info.targets} chỉ tiêu" if info.documents is not None else ""
    return f"phiên bản {info.revision}{counts}"


def backup_command(
    path: Annotated[Path, typer.Argument(help="Tệp sao lưu sẽ ghi (ghi đè nếu đã có)")],
    database: DatabaseOption = None,
) -> None:
    """Sao lưu toàn bộ sổ theo dõi vào một tệp; chạy được khi máy chủ web đang hoạt động.

    Ví dụ: chitieu backup sao-luu/chitieu-2025-01-31.bak
    """
    engine = make_engine(database or get_settings().resolved_database_url())
    try:
        info = backup_database(engine, path)
    finally:
        engine.dispose()
    console.print(f"Đã sao lưu sổ theo dõi ({_summary(info)}) vào {path}.", highlight=False)


def restore_command(
    path: Annotated[Path, typer.Argument(help="Tệp sao lưu do chitieu backup tạo ra")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Không hỏi lại")] = False,
    database: DatabaseOption = None,
) -> None:
    """Thay toàn bộ sổ theo dõi bằng bản sao lưu; lỗi giữa chừng thì cơ sở dữ liệu giữ nguyên.

    Ví dụ: chitieu restore sao-luu/chitieu-2025-01-31.bak --yes
    """
    found = inspect_backup(path)
    if not yes:
        typer.confirm(f"Thay toàn bộ sổ theo dõi bằng {path.name} ({_summary(found)})?", abort=True)
    engine = make_engine(database or get_settings().resolved_database_url())
    try:
        info = restore_database(engine, path)
    finally:
        engine.dispose()
    console.print(f"Đã khôi phục sổ theo dõi từ {path} ({_summary(info)}).", highlight=False)


def mount_backup_commands(app: typer.Typer) -> None:
    """Add ``backup`` and ``restore`` to the ``chitieu`` app."""
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
