"""``chitieu serve``: the web application on this computer, filled from the sample documents on first start."""

from __future__ import annotations

from typing import Annotated

import typer

from chitieu.config import get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Địa chỉ lắng nghe (mặc định 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Cổng (mặc định 8000)")] = None,
    db: Annotated[str | None, typer.Option("--db", help="URL cơ sở dữ liệu (mặc định CHITIEU_DATABASE_URL)")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Số tiến trình phục vụ (nên bằng số lõi CPU)")] = 1,
    samples: Annotated[bool, typer.Option(help="Nạp văn kiện mẫu khi sổ còn trống (tắt khi chạy thật)")] = True,
) -> None:
    """Chạy ứng dụng web. Lần đầu: nạp văn kiện mẫu, tạo tài khoản admin và in mật khẩu.

    Ví dụ: chitieu serve --port 8000
    """
    import uvicorn

    from chitieu.register import open_register
    from chitieu.web.app import create_app
    from chitieu.web.seed import ADMIN, seed
    from chitieu.web.workers import run_workers

    overrides: dict[str, object] = {k: v for k, v in {"host": host, "port": port, "database_url": db}.items()
                                    if v is not None}
    settings = get_settings(**overrides)
    register = open_register(settings)
    first = seed(register, settings.admin_password, samples=None if samples else [])
    if first.imported:
        typer.echo(f"Đã nạp {first.imported} văn kiện mẫu vào sổ theo dõi.")
    url = f"http://{'localhost' if settings.host in ('127.0.0.1', '0.0.0.0') else settings.host}:{settings.port}/"
    typer.echo(f"Sổ theo dõi chỉ tiêu: {url}")
    if first.admin_created:
        password = first.admin_password or "(mật khẩu trong CHITIEU_ADMIN_PASSWORD)"
        typer.echo(f"Đăng nhập lần đầu: {ADMIN} / {password}  (chỉ hiện một lần; đổi mật khẩu ở /password)")
    if workers > 1:
        register.engine.dispose()  # each process opens its own
        run_workers(overrides, workers)
    else:
        uvicorn.run(create_app(settings, register), host=settings.host, port=settings.port, log_level="warning",
                    **settings.uvicorn_proxy_options())  # type: ignore[arg-type]


def mount_serve_command(app: typer.Typer) -> None:
    """Add ``chitieu serve`` to the command-line application."""
    app.command("serve")(serve)
