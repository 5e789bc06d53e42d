"""Register commands: import, targets, assess, check, actual set, db upgrade.

Mount them with ``mount_register_commands(app)`` from ``chitieu/cli/app.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from chitieu.cli.render import console, write_records
from chitieu.config import get_settings
from chitieu.errors import ChitieuError
from chitieu.labels import VINTAGE, state_label
from chitieu.numbers import format_number
from chitieu.register import Register, open_register
from chitieu.register.db import current_revision, make_engine, upgrade

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json hoặc csv")]
DatabaseOption = Annotated[str | None, typer.Option("--db", help="URL cơ sở dữ liệu (mặc định CHITIEU_DATABASE_URL)")]


db_app = typer.Typer(help="Cơ sở dữ liệu của sổ theo dõi.", no_args_is_help=True)
actual_app = typer.Typer(help="Số liệu thực hiện của chỉ tiêu.", no_args_is_help=True)


def _register(database: str | None) -> Register:
    return open_register(get_settings(), url=database)


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json", "csv"):
        raise ChitieuError(f"Định dạng '{fmt}' không hỗ trợ; dùng table, json hoặc csv.")


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Các tệp văn kiện")],
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """Nhập văn kiện vào sổ theo dõi (nhập lại cùng tệp không thay đổi gì).

    Ví dụ: chitieu import van-kien/*.docx
    """
    _check_format(fmt)
    register = _register(database)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
                  transient=True, disable=fmt != "table") as bar:
        task = bar.add_task("Đang nhập", total=len(paths))
        outcomes = register.import_documents(paths, on_progress=lambda done, total, o: bar.update(task, completed=done))
    label = {"imported": "đã nhập", "unchanged": "đã có, không đổi", "failed": "lỗi"}
    records = [{"path": o.path, "status": o.status, "status_label": label[o.status], "document_id": o.document_id,
                "targets": o.targets, "results": o.results, "message": o.message} for o in outcomes]
    write_records(records, fmt, [("path", "Tệp"), ("status_label", "Kết quả"), ("targets", "Chỉ tiêu"),
                                 ("results", "Kết quả thực hiện"), ("message", "Ghi chú")], "Nhập văn kiện")
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def _target_records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row["status_label"] = state_label(row["status"])
        row["actual_text"] = format_number(row["actual"]) if row["actual"] is not None else ""
        row["vintage_label"] = VINTAGE.get(row["vintage"] or "", "")
    return rows


TARGET_COLUMNS = [("id", "Số"), ("province", "Tỉnh"), ("indicator", "Chỉ tiêu"), ("breakdown", "Chi tiết"),
                  ("target", "Mục tiêu"), ("period", "Kỳ"), ("actual_text", "Thực hiện"),
                  ("vintage_label", "Loại số liệu"), ("status_label", "Đánh giá")]


def targets_command(
    province: Annotated[str | None, typer.Option(help="Tỉnh (gồm cả các tỉnh đã hợp nhất vào)")] = None,
    term: Annotated[str | None, typer.Option(help="Nhiệm kỳ, ví dụ 2020-2025")] = None,
    field: Annotated[str | None, typer.Option(help="Lĩnh vực: kinh_te, van_hoa_xa_hoi, moi_truong, ...")] = None,
    status: Annotated[str | None, typer.Option(help="Đánh giá: exceeded, met, not_met, on_track, ...")] = None,
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """Liệt kê chỉ tiêu và đánh giá.

    Ví dụ: chitieu targets --province "Thái Nguyên" --term 2020-2025 --field moi_truong
    """
    _check_format(fmt)
    rows = _target_records(_register(database).targets(province, term, field, status))
    write_records(rows, fmt, TARGET_COLUMNS, "Chỉ tiêu")


def assess_command(
    target_id: Annotated[int, typer.Argument(help="Số của chỉ tiêu")],
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """Đánh giá một chỉ tiêu và cách tính.

    Ví dụ: chitieu assess 12
    """
    _check_format(fmt)
    row = _target_records([_register(database).assess(target_id)])[0]
    if fmt != "table":
        write_records([row], fmt, TARGET_COLUMNS)
        return
    write_records([row], fmt, TARGET_COLUMNS, "Đánh giá")
    console.print(row["explanation"])
    console.print_json(data=row["working"])


def check_command(
    province: Annotated[str, typer.Option(help="Tỉnh")],
    term: Annotated[str, typer.Option(help="Nhiệm kỳ, ví dụ 2020-2025")],
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """Kiểm tra tính thống nhất và khả thi của hệ thống chỉ tiêu.

    Ví dụ: chitieu check --province "Bắc Kạn" --term 2020-2025
    """
    _check_format(fmt)
    findings = _register(database).check(province, term)
    if fmt == "table" and not findings:
        console.print("Không phát hiện vấn đề nào.")
        return
    # a table is read by people: the message names the problem in Vietnamese; csv and json keep the code for programs
    columns = [("code", "Mã"), ("message", "Vấn đề và hướng xử lý")]
    write_records(findings, fmt, columns[1:] if fmt == "table" else columns, "Kiểm tra chỉ tiêu")


@actual_app.command("set")
def actual_set_command(
    target_id: Annotated[int, typer.Argument(help="Số của chỉ tiêu")],
    value: Annotated[str, typer.Argument(help="Giá trị, viết kiểu Việt Nam: 72,5 hoặc 1.250,5")],
    period: Annotated[str, typer.Option(help="Kỳ của số liệu: 2024, 2020-2025")],
    by: Annotated[str, typer.Option("--by", help="Người nhập")],
    vintage: Annotated[str, typer.Option(help="plan, estimate, final, revision")] = "final",
    as_of: Annotated[str | None, typer.Option(help="Ngày công bố, YYYY-MM-DD")] = None,
    note: Annotated[str | None, typer.Option(help="Nguồn, ghi chú")] = None,
    version: Annotated[int | None, typer.Option(help="Phiên bản đã xem (chống ghi đè)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Nhập số liệu thực hiện cho một chỉ tiêu.

    Ví dụ: chitieu actual set 12 72,5 --period 2024 --vintage estimate --by "Nguyễn Văn A"
    """
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise ChitieuError(f"Ngày '{as_of}' không hợp lệ; viết như 2025-01-31.") from exc
    saved = _register(database).set_actual(target_id, value, period, vintage=vintage, as_of=day, entered_by=by,
                                           note=note, expected_version=version)
    action = "Đã thêm" if saved["action"] == "insert" else "Đã cập nhật"
    console.print(f"{action} số liệu {format_number(saved['value'])} cho chỉ tiêu {target_id} "
                  f"(phiên bản {saved['version']}).")


@db_app.command("upgrade")
def db_upgrade_command(database: DatabaseOption = None) -> None:
    """Nâng cấp cơ sở dữ liệu lên phiên bản mới nhất.

    Ví dụ: chitieu db upgrade
    """
    engine = make_engine(database or get_settings().resolved_database_url())
    upgrade(engine)
    console.print(f"Cơ sở dữ liệu đang ở phiên bản {current_revision(engine)}.")


def mount_register_commands(app: typer.Typer) -> None:
    """Add the register commands to the ``chitieu`` app."""
    app.command("import")(import_command)
    app.command("targets")(targets_command)
    app.command("assess")(assess_command)
    app.command("check")(check_command)
    app.add_typer(actual_app, name="actual")
    app.add_typer(db_app, name="db")
