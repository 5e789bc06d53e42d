"""Report commands: ``chitieu report appendix | progress | compare | template | read-template``.

Mount them with ``mount_report_commands(app)`` from ``chitieu/cli/app.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chitieu.cli.render import console, write_records
from chitieu.config import get_settings
from chitieu.errors import ChitieuError
from chitieu.numbers import format_number
from chitieu.register import Register, open_register
from chitieu.register.accounts import find_agency
from chitieu.report import (
    appendix_docx,
    appendix_xlsx,
    build_appendix,
    build_progress,
    compare_xlsx,
    progress_docx,
    read_template,
    template_xlsx,
    to_pdf,
)

report_app = typer.Typer(help="Báo cáo theo mẫu của cơ quan Đảng, chính quyền.", no_args_is_help=True)

DatabaseOption = Annotated[str | None, typer.Option("--db", help="URL cơ sở dữ liệu (mặc định CHITIEU_DATABASE_URL)")]
ProvinceOption = Annotated[str, typer.Option(help="Tỉnh, thành phố")]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="Tệp kết quả")]


def _register(database: str | None) -> Register:
    return open_register(get_settings(), url=database)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ChitieuError(f"Không ghi được tệp {path.name}: {exc.strerror or exc}.") from exc
    console.print(f"Đã ghi {path} ({format_number(len(data))} byte).")


def _check(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise ChitieuError(f"Định dạng '{fmt}' không hỗ trợ; dùng {', '.join(allowed[:-1])} hoặc {allowed[-1]}.")


@report_app.command("appendix")
def appendix_command(
    province: ProvinceOption,
    output: OutputOption,
    term: Annotated[str | None, typer.Option(help="Nhiệm kỳ, ví dụ 2015-2020")] = None,
    year: Annotated[int | None, typer.Option(help="Năm (biểu của một năm)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx, docx hoặc pdf")] = "xlsx",
    number: Annotated[str | None, typer.Option(help="Số báo cáo kèm theo, ví dụ 125/BC-UBND (để trống để điền sau)")]
    = None,
    database: DatabaseOption = None,
) -> None:
    """Biểu tổng hợp kết quả thực hiện các mục tiêu, chỉ tiêu chủ yếu của một tỉnh.

    Biểu không có dòng nào thì không ghi tệp: lệnh nói lý do, cách khắc phục và thoát với mã 1.

    Ví dụ: chitieu report appendix --province "Bắc Kạn" --term 2015-2020 --format docx -o phu-luc.docx
    """
    _check(fmt, ("xlsx", "docx", "pdf"))
    if term is None and year is None:
        raise ChitieuError("Hãy cho biết nhiệm kỳ (--term 2020-2025) hoặc năm (--year 2024).")
    appendix = build_appendix(_register(database), province, term=term, year=year, report_number=number)
    if appendix.empty:
        raise ChitieuError(appendix.empty_reason)
    if appendix.notice:
        console.print(appendix.notice)
    data = appendix_xlsx(appendix) if fmt == "xlsx" else appendix_docx(appendix)
    _write(output, to_pdf(data, ".docx") if fmt == "pdf" else data)


@report_app.command("progress")
def progress_command(
    province: ProvinceOption,
    year: Annotated[int, typer.Option(help="Năm báo cáo")],
    output: OutputOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx hoặc pdf")] = "docx",
    database: DatabaseOption = None,
) -> None:
    """Báo cáo tiến độ thực hiện các chỉ tiêu của một tỉnh trong một năm.

    Ví dụ: chitieu report progress --province "Lạng Sơn" --year 2024 --format pdf -o tien-do-2024.pdf
    """
    _check(fmt, ("docx", "pdf"))
    data = progress_docx(build_progress(_register(database), province, year))
    _write(output, to_pdf(data, ".docx") if fmt == "pdf" else data)


@report_app.command("compare")
def compare_command(
    output: OutputOption,
    indicator: Annotated[str | None, typer.Option(help="Mã chỉ tiêu trong danh mục, ví dụ forest_cover")] = None,
    field: Annotated[str | None, typer.Option(help="Lĩnh vực: kinh_te, van_hoa_xa_hoi, moi_truong, ...")] = None,
    database: DatabaseOption = None,
) -> None:
    """So sánh một chỉ tiêu, hoặc các chỉ tiêu của một lĩnh vực, giữa các tỉnh (.xlsx).

    Ví dụ: chitieu report compare --indicator forest_cover -o che-phu-rung.xlsx
    """
    _write(output, compare_xlsx(_register(database), indicator=indicator, field=field))


@report_app.command("template")
def template_command(
    province: ProvinceOption,
    output: OutputOption,
    year: Annotated[int | None, typer.Option(help="Năm nhập số liệu")] = None,
    term: Annotated[str | None, typer.Option(help="Nhiệm kỳ, ví dụ 2020-2025")] = None,
    agency: Annotated[str | None, typer.Option(help="Chỉ các chỉ tiêu do cơ quan này phụ trách")] = None,
    database: DatabaseOption = None,
) -> None:
    """Tạo biểu Excel để nhập số liệu thực hiện (của cả tỉnh, hoặc của một cơ quan).

    Ví dụ: chitieu report template --province "Lạng Sơn" --year 2024 --agency "Sở Y tế" -o bieu-so-y-te-2024.xlsx
    """
    if term is None and year is None:
        raise ChitieuError("Hãy cho biết năm (--year 2024) hoặc nhiệm kỳ (--term 2020-2025).")
    register = _register(database)
    agency_id = find_agency(register, agency, province) if agency else None
    _write(output, template_xlsx(register, province, term=term, year=year, agency_id=agency_id))


@report_app.command("read-template")
def read_template_command(
    path: Annotated[Path, typer.Argument(help="Biểu nhập đã điền")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json hoặc csv")] = "table",
    database: DatabaseOption = None,
) -> None:
    """Kiểm tra biểu nhập đã điền và liệt kê số liệu (không ghi vào sổ theo dõi).

    Ví dụ: chitieu report read-template bieu-nhap-2024.xlsx
    """
    _check(fmt, ("table", "json", "csv"))
    entries = read_template(path, _register(database))
    records = [{"target_id": e.target_id, "indicator": e.indicator, "value": e.value,
                "value_text": format_number(e.value), "period": e.period, "note": e.note, "cell": e.cell}
               for e in entries]
    write_records(records, fmt, [("cell", "Ô"), ("target_id", "Mã chỉ tiêu"), ("indicator", "Chỉ tiêu"),
                                 ("value_text", "Số liệu"), ("period", "Kỳ"), ("note", "Ghi chú")], "Số liệu nhập")


def mount_report_commands(app: typer.Typer) -> None:
    """Add ``chitieu report ...`` to the ``chitieu`` app."""
    app.add_typer(report_app, name="report")
