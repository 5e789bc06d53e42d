"""Corrections after commit from the command line: ``chitieu target set|delete|sources|decide``, ``chitieu actual
fix|delete``, ``chitieu document set``. The command line acts as the installation (``--by`` names the person,
recorded in the history); the rules, versions and history are the register's (``chitieu.register.corrections``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from chitieu.cli.register_cmds import DatabaseOption, _register, actual_app
from chitieu.cli.render import console, write_records
from chitieu.errors import ChitieuError
from chitieu.register.corrections import (
    correct_actual,
    correct_document,
    correct_target,
    decide_conflict,
    delete_actual,
    delete_target,
)
from chitieu.register.documents import sources_of

target_app = typer.Typer(help="Sửa hoặc xoá một chỉ tiêu đã vào sổ.", no_args_is_help=True)
document_app = typer.Typer(help="Sửa thông tin một văn kiện đã vào sổ.", no_args_is_help=True)

By = Annotated[str, typer.Option("--by", help="Người sửa (ghi vào lịch sử)")]
Version = Annotated[int | None, typer.Option(help="Phiên bản đã xem (chống ghi đè)")]


def _given(**fields: Any) -> dict[str, Any]:
    given = {name: value for name, value in fields.items() if value is not None}
    if not given:
        raise ChitieuError("Chưa có gì để sửa; hãy ghi ít nhất một trường, ví dụ --value 7,5.")
    return given


def _said(done: dict[str, Any], what: str) -> None:
    if not done["changes"]:
        console.print(f"{what}: không có gì thay đổi.")
        return
    fields = ", ".join(done["changes"])
    console.print(f"Đã sửa {what} ({fields}); phiên bản {done['version']}.")


@target_app.command("set")
def target_set_command(
    target_id: Annotated[int, typer.Argument(help="Số của chỉ tiêu")],
    by: By,
    indicator_text: Annotated[str | None, typer.Option("--indicator-text", help="Tên chỉ tiêu")] = None,
    indicator: Annotated[str | None, typer.Option(help="Mã trong danh mục (\"\": bỏ gắn)")] = None,
    breakdown: Annotated[str | None, typer.Option(help="Phân tổ")] = None,
    value: Annotated[str | None, typer.Option(help="Giá trị: 7,5")] = None,
    value_max: Annotated[str | None, typer.Option("--value-max", help="Giá trị lớn nhất của khoảng")] = None,
    bound: Annotated[str | None, typer.Option(help="min, gt, max, lt, range, exact, qualitative")] = None,
    unit: Annotated[str | None, typer.Option(help="Đơn vị")] = None,
    period: Annotated[str | None, typer.Option(help="Kỳ: 2025, 2020-2025")] = None,
    direction: Annotated[str | None, typer.Option(help="up, down, hold")] = None,
    field: Annotated[str | None, typer.Option(help="Mã lĩnh vực (\"\": theo danh mục)")] = None,
    main: Annotated[str | None, typer.Option(help="Chỉ tiêu chủ yếu: có hoặc không")] = None,
    version: Version = None,
    database: DatabaseOption = None,
) -> None:
    """Sửa một chỉ tiêu đã vào sổ (chỉ các trường được ghi).

    Ví dụ: chitieu target set 12 --value 7,5 --direction up --main có --by "Nguyễn Văn A"
    """
    changes = _given(indicator_text=indicator_text, indicator=indicator, breakdown=breakdown, value=value,
                     value_max=value_max, bound=bound, unit=unit, period=period, direction=direction, field=field,
                     main=main)
    done = correct_target(_register(database), by, target_id, changes, expected_version=version)
    _said(done, f"chỉ tiêu {target_id}")


@target_app.command("delete")
def target_delete_command(
    target_id: Annotated[int, typer.Argument(help="Số của chỉ tiêu")],
    by: By,
    yes: Annotated[bool, typer.Option("--yes", help="Xác nhận xoá cả số liệu thực hiện của chỉ tiêu")] = False,
    version: Version = None,
    database: DatabaseOption = None,
) -> None:
    """Xoá một chỉ tiêu cùng số liệu thực hiện của nó.

    Ví dụ: chitieu target delete 12 --yes --by "Nguyễn Văn A"
    """
    if not yes:
        raise ChitieuError("Xoá chỉ tiêu cũng xoá số liệu thực hiện của nó; hãy thêm --yes để xác nhận.")
    done = delete_target(_register(database), by, target_id, expected_version=version)
    console.print(f"Đã xoá chỉ tiêu {target_id} và {done['actuals']} số liệu thực hiện.")


@target_app.command("sources")
def target_sources_command(
    target_id: Annotated[int, typer.Argument(help="Số của chỉ tiêu")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json hoặc csv")] = "table",
    database: DatabaseOption = None,
) -> None:
    """Các lần văn kiện nêu một chỉ tiêu (nguồn), nguồn nào mâu thuẫn và số liệu đã chọn.

    Ví dụ: chitieu target sources 38
    """
    found = sources_of(_register(database), target_id)
    disputed = {i for pair in found["conflict"] for i in pair}
    records = [{**s, "document": s["document"]["name"], "state": "đã chọn" if s["chosen"] else
                "mâu thuẫn" if s["id"] in disputed else ""} for s in found["sources"]]
    write_records(records, fmt, [("id", "Nguồn"), ("where", "Văn kiện, vị trí"), ("figure", "Số liệu"),
                                 ("quote", "Trích dẫn"), ("state", "")], f"Nguồn của chỉ tiêu {target_id}")


@target_app.command("decide")
def target_decide_command(
    target_id: Annotated[int, typer.Argument(help="Số của chỉ tiêu")],
    source_id: Annotated[int, typer.Argument(help="Số của nguồn có số liệu đúng (chitieu target sources)")],
    by: By,
    version: Version = None,
    database: DatabaseOption = None,
) -> None:
    """Chọn số liệu đúng khi các văn kiện nêu một chỉ tiêu khác nhau.

    Ví dụ: chitieu target decide 38 52 --by "Nguyễn Văn A"
    """
    done = decide_conflict(_register(database), by, target_id, source_id, expected_version=version)
    fields = f" ({', '.join(done['changes'])})" if done["changes"] else ""
    console.print(f"Đã chọn nguồn {source_id} cho chỉ tiêu {target_id}{fields}; phiên bản {done['version']}.")


@actual_app.command("fix")
def actual_fix_command(
    actual_id: Annotated[int, typer.Argument(help="Số của số liệu thực hiện")],
    by: By,
    value: Annotated[str | None, typer.Option(help="Giá trị đúng: 72,5")] = None,
    period: Annotated[str | None, typer.Option(help="Kỳ đúng: 2024")] = None,
    vintage: Annotated[str | None, typer.Option(help="plan, estimate, final, revision")] = None,
    note: Annotated[str | None, typer.Option(help="Ghi chú")] = None,
    version: Version = None,
    database: DatabaseOption = None,
) -> None:
    """Sửa một số liệu thực hiện đã vào sổ.

    Ví dụ: chitieu actual fix 40 --value 72,5 --by "Nguyễn Văn A"
    """
    done = correct_actual(_register(database), by, actual_id,
                          _given(value=value, period=period, vintage=vintage, note=note), expected_version=version)
    _said(done, f"số liệu {actual_id}")


@actual_app.command("delete")
def actual_delete_command(
    actual_id: Annotated[int, typer.Argument(help="Số của số liệu thực hiện")],
    by: By,
    version: Version = None,
    database: DatabaseOption = None,
) -> None:
    """Xoá một số liệu thực hiện sai.

    Ví dụ: chitieu actual delete 40 --by "Nguyễn Văn A"
    """
    done = delete_actual(_register(database), by, actual_id, expected_version=version)
    console.print(f"Đã xoá số liệu {actual_id} của chỉ tiêu {done['target_id']}.")


@document_app.command("set")
def document_set_command(
    document_id: Annotated[int, typer.Argument(help="Số của văn kiện")],
    by: By,
    province: Annotated[str | None, typer.Option(help="Tỉnh, thành phố (34 hiện nay hoặc 63 trước 2025)")] = None,
    issuer: Annotated[str | None, typer.Option(help="Cơ quan ban hành")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="Loại văn kiện: Nghị quyết, Báo cáo...")] = None,
    term: Annotated[str | None, typer.Option(help="Nhiệm kỳ: 2020-2025")] = None,
    plan_year: Annotated[str | None, typer.Option("--year", help="Năm kế hoạch: 2026")] = None,
    version: Version = None,
    database: DatabaseOption = None,
) -> None:
    """Sửa tỉnh, cơ quan ban hành, loại, nhiệm kỳ hoặc năm của một văn kiện; tỉnh và nhiệm kỳ mới áp dụng cho các
    chỉ tiêu của văn kiện.

    Ví dụ: chitieu document set 3 --province "Lai Châu" --term 2020-2025 --by "Nguyễn Văn A"
    """
    changes = _given(province=province, issuer=issuer, doc_type=doc_type, term=term, plan_year=plan_year)
    done = correct_document(_register(database), by, document_id, changes, expected_version=version)
    _said(done, f"văn kiện {document_id}")


def mount_correct_commands(app: typer.Typer) -> None:
    """Add ``target`` and ``document`` to the ``chitieu`` app (``actual fix|delete`` join ``actual``)."""
    app.add_typer(target_app, name="target")
    app.add_typer(document_app, name="document")
