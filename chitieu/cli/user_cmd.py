"""Account commands: ``chitieu user add|token|revoke|lock|unlock|password|owners``.

Each names the administrator acting (``--by``), and the register applies the same rule as on the pages: an
administrator of a province manages only his province's accounts and grants only roles at or below his own.
Mount them with ``mount_user_commands(app)`` from ``chitieu/cli/app.py``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from chitieu.cli.render import console
from chitieu.config import get_settings
from chitieu.errors import NotFoundError
from chitieu.register import Register, open_register
from chitieu.register.accounts import (
    TOKEN_DAYS,
    Account,
    assign_default_owners,
    create_token,
    create_user,
    list_accounts,
    reset_password,
    revoke_token,
    set_active,
)

user_app = typer.Typer(help="Tài khoản và mã truy cập API.", no_args_is_help=True)
ByOption = Annotated[str, typer.Option("--by", help="Tên đăng nhập của quản trị viên thực hiện")]
DatabaseOption = Annotated[str | None, typer.Option("--db", help="URL cơ sở dữ liệu (mặc định CHITIEU_DATABASE_URL)")]


def _acting(database: str | None, by: str) -> tuple[Register, Account]:
    register = open_register(get_settings(), url=database)
    account = next((a for a in list_accounts(register) if a.username == by and a.active), None)
    if account is None:
        raise NotFoundError(f"Không có tài khoản đang hoạt động '{by}'.")
    return register, account


def _password() -> str:
    return typer.prompt("Mật khẩu mới", hide_input=True, confirmation_prompt="Nhập lại mật khẩu mới")


@user_app.command("add")
def add_command(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập")],
    role: Annotated[str, typer.Option(help="admin, editor hoặc viewer")],
    by: ByOption,
    province: Annotated[str | None, typer.Option(help="Tỉnh của tài khoản (bỏ trống: toàn quốc)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Tạo tài khoản; mật khẩu được hỏi, không hiện trên màn hình.

    Ví dụ: chitieu user add bientap_ls --role editor --province "Lạng Sơn" --by quantri_ls
    """
    register, actor = _acting(database, by)
    create_user(register, username, _password(), role, province=province, actor=actor)
    console.print(f"Đã tạo tài khoản {username}.", highlight=False)


@user_app.command("token")
def token_command(
    username: Annotated[str, typer.Argument(help="Tài khoản nhận mã")],
    by: ByOption,
    name: Annotated[str, typer.Option(help="Tên gợi nhớ")] = "API",
    days: Annotated[int, typer.Option(help="Số ngày hiệu lực")] = TOKEN_DAYS,
    database: DatabaseOption = None,
) -> None:
    """Tạo mã truy cập API (chỉ hiện một lần).

    Ví dụ: chitieu user token bientap_ls --days 30 --by quantri_ls
    """
    register, actor = _acting(database, by)
    typer.echo(create_token(register, username, name, actor, days=days))


@user_app.command("revoke")
def revoke_command(token_id: Annotated[int, typer.Argument(help="Số của mã truy cập")], by: ByOption,
                   database: DatabaseOption = None) -> None:
    """Thu hồi một mã truy cập API.

    Ví dụ: chitieu user revoke 12 --by admin
    """
    register, actor = _acting(database, by)
    revoke_token(register, token_id, actor)
    console.print(f"Đã thu hồi mã truy cập số {token_id}.", highlight=False)


@user_app.command("lock")
def lock_command(username: Annotated[str, typer.Argument(help="Tài khoản")], by: ByOption,
                 database: DatabaseOption = None) -> None:
    """Khóa tài khoản: mọi phiên đăng nhập và mã truy cập của nó hết hiệu lực.

    Ví dụ: chitieu user lock bientap_ls --by quantri_ls
    """
    register, actor = _acting(database, by)
    set_active(register, username, False, actor)
    console.print(f"Đã khóa tài khoản {username}.", highlight=False)


@user_app.command("unlock")
def unlock_command(username: Annotated[str, typer.Argument(help="Tài khoản")], by: ByOption,
                   database: DatabaseOption = None) -> None:
    """Mở khóa tài khoản.

    Ví dụ: chitieu user unlock bientap_ls --by quantri_ls
    """
    register, actor = _acting(database, by)
    set_active(register, username, True, actor)
    console.print(f"Đã mở khóa tài khoản {username}.", highlight=False)


@user_app.command("password")
def password_command(username: Annotated[str, typer.Argument(help="Tài khoản")], by: ByOption,
                     database: DatabaseOption = None) -> None:
    """Đặt mật khẩu mới cho tài khoản (được hỏi, không hiện); các phiên và mã truy cập cũ hết hiệu lực.

    Ví dụ: chitieu user password bientap_ls --by quantri_ls
    """
    register, actor = _acting(database, by)
    reset_password(register, username, _password(), actor)
    console.print(f"Đã đặt mật khẩu mới cho {username}.", highlight=False)


@user_app.command("owners")
def owners_command(province: Annotated[str, typer.Option(help="Tỉnh, thành phố")], by: ByOption,
                   database: DatabaseOption = None) -> None:
    """Giao cơ quan phụ trách cho các chỉ tiêu chưa có, theo danh mục chỉ tiêu, trong chính tỉnh đó.

    Ví dụ: chitieu user owners --province "Lạng Sơn" --by quantri_ls
    """
    register, actor = _acting(database, by)
    count = assign_default_owners(register, province, actor)
    console.print(f"Đã giao cơ quan phụ trách cho {count} chỉ tiêu của {province}.", highlight=False)


def mount_user_commands(app: typer.Typer) -> None:
    """Add ``chitieu user`` to the command-line application."""
    app.add_typer(user_app, name="user")
