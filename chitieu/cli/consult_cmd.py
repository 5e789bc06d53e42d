"""Consultation commands: ``chitieu consult create | list | version | changes | consolidate``.

Mount them with ``mount_consult_commands(app)`` from ``chitieu/cli/app.py``. Times given without a time zone are
Vietnam's time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from chitieu.cli.render import console, write_records
from chitieu.config import get_settings
from chitieu.errors import ChitieuError, InputError
from chitieu.numbers import format_number
from chitieu.register import Register, open_register
from chitieu.register.consultation import (
    VersionDiff,
    add_version,
    create_consultation,
    diff_versions,
    guiding_questions,
    list_consultations,
    read_draft,
    vietnam_time,
)
from chitieu.report.consultation import (
    change_label,
    consolidation_file,
    draft_value,
    when,
)

consult_app = typer.Typer(help="Lấy ý kiến góp ý vào dự thảo văn kiện và tổng hợp ý kiến.", no_args_is_help=True)

DatabaseOption = Annotated[str | None, typer.Option("--db", help="URL cơ sở dữ liệu (mặc định CHITIEU_DATABASE_URL)")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl hoặc csv")]


def _register(database: str | None) -> Register:
    return open_register(get_settings(), url=database)


def _time(value: str) -> datetime:
    """"2026-04-15 17:00" (Vietnam's time) or an ISO 8601 time with its zone."""
    return vietnam_time(value, f"Thời điểm '{value}' không hợp lệ; viết như 2026-04-15 17:00.")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, exc.strerror or "không đọc được tệp") from exc


def _show_changes(diff: VersionDiff) -> None:
    records = [{"kind": change_label(c.kind), "section": c.section_path,
                "target": (c.new or c.old).label if (c.new or c.old) else "",
                "before": draft_value(c.old.bound, c.old.value, c.old.value_max, c.old.unit) if c.old else "",
                "after": draft_value(c.new.bound, c.new.value, c.new.value_max, c.new.unit) if c.new else "",
                "asked_by": ", ".join(sorted({p.organisation for p in c.proposals} |
                                             {m.organisation for m in c.comments}))} for c in diff.changes]
    write_records(records, "table", [("kind", "Thay đổi"), ("target", "Chỉ tiêu"), ("before", f"Lần {diff.old_number}"),
                                     ("after", f"Lần {diff.new_number}"), ("asked_by", "Theo ý kiến của")],
                  f"Chỉ tiêu thay đổi: {len(diff.changes)}; giữ nguyên: {diff.unchanged}")


@consult_app.command("create")
def create_command(
    path: Annotated[Path, typer.Argument(help="Dự thảo (.docx, .pdf, .txt, ...)")],
    title: Annotated[str, typer.Option(help="Tên dự thảo, ví dụ \"Báo cáo chính trị nhiệm kỳ 2025-2030\"")],
    deadline: Annotated[str, typer.Option(help="Hạn góp ý, giờ Việt Nam: 2026-04-15 17:00")],
    invite: Annotated[list[str] | None, typer.Option(help="Cơ quan, tổ chức được mời (lặp lại)")] = None,
    question: Annotated[list[str] | None, typer.Option(help="Câu hỏi gợi ý; \"Phần::câu hỏi\" gắn với một phần")]
    = None,
    issuer: Annotated[str | None, typer.Option(help="Cơ quan lấy ý kiến")] = None,
    from_draft: Annotated[bool, typer.Option(help="Lấy thêm các câu hỏi gợi ý có sẵn trong dự thảo (nếu có)")]
    = True,
    database: DatabaseOption = None,
) -> None:
    """Tạo đợt lấy ý kiến từ một dự thảo; in đường dẫn riêng (mã) của từng cơ quan, chỉ một lần.

    Ví dụ: chitieu consult create du-thao.docx --title "Báo cáo chính trị" --deadline "2026-04-15 17:00"
    --invite "Huyện đoàn" --invite "Hội Nông dân huyện" --question "Chỉ tiêu chủ yếu::Các chỉ tiêu có khả thi?"
    """
    settings = get_settings()
    data = _read(path)
    questions = guiding_questions(question or [], read_draft(path.name, data) if from_draft else None)
    created = create_consultation(_register(database), title, path.name, data, deadline=_time(deadline),
                                  invitees=invite or [], questions=questions, issuer=issuer, actor=settings.actor)
    console.print(f"Đã tạo đợt lấy ý kiến số {created.consultation_id}; {len(questions)} câu hỏi gợi ý.")
    write_records([{"name": name, "token": token} for name, token in created.tokens.items()], "table",
                  [("name", "Cơ quan, tổ chức"), ("token", "Mã góp ý (chỉ hiện một lần)")], "Mã góp ý riêng")


@consult_app.command("list")
def list_command(fmt: FormatOption = "table", database: DatabaseOption = None) -> None:
    """Các đợt lấy ý kiến, mới nhất trước.

    Ví dụ: chitieu consult list
    """
    records = [{"id": row.id, "title": row.title, "versions": row.versions, "deadline": when(row.deadline),
                "invited": row.invited, "submitted": row.submitted} for row in list_consultations(_register(database))]
    write_records(records, fmt, [("id", "Số"), ("title", "Dự thảo"), ("versions", "Số lần dự thảo"),
                                 ("deadline", "Hạn góp ý"), ("invited", "Được mời"), ("submitted", "Đã gửi")],
                  "Các đợt lấy ý kiến")


@consult_app.command("version")
def version_command(
    consultation: Annotated[int, typer.Argument(help="Số của đợt lấy ý kiến")],
    path: Annotated[Path, typer.Argument(help="Dự thảo mới")],
    deadline: Annotated[str | None, typer.Option(help="Hạn góp ý mới, giờ Việt Nam")] = None,
    database: DatabaseOption = None,
) -> None:
    """Nạp dự thảo mới và xem các chỉ tiêu thay đổi so với lần trước, theo ý kiến của ai.

    Ví dụ: chitieu consult version 3 du-thao-lan-2.docx --deadline "2026-05-10 17:00"
    """
    register = _register(database)
    add_version(register, consultation, path.name, _read(path), actor=get_settings().actor,
                deadline=_time(deadline) if deadline else None)
    _show_changes(diff_versions(register, consultation))


@consult_app.command("changes")
def changes_command(
    consultation: Annotated[int, typer.Argument(help="Số của đợt lấy ý kiến")],
    old: Annotated[int | None, typer.Option(help="Lần dự thảo trước (mặc định: lần ngay trước)")] = None,
    new: Annotated[int | None, typer.Option(help="Lần dự thảo sau (mặc định: lần mới nhất)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Các chỉ tiêu thay đổi giữa hai lần dự thảo.

    Ví dụ: chitieu consult changes 3 --old 1 --new 2
    """
    _show_changes(diff_versions(_register(database), consultation, old, new))


@consult_app.command("consolidate")
def consolidate_command(
    consultation: Annotated[int, typer.Argument(help="Số của đợt lấy ý kiến")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp .docx (báo cáo tổng hợp) hoặc .xlsx (ý kiến)")],
    version: Annotated[int | None, typer.Option(help="Lần dự thảo (mặc định: mới nhất)")] = None,
    changes: Annotated[bool, typer.Option(help="Thêm các chỉ tiêu thay đổi so với lần dự thảo sau")] = False,
    database: DatabaseOption = None,
) -> None:
    """Báo cáo tổng hợp ý kiến (.docx) hoặc bảng toàn bộ ý kiến (.xlsx).

    Ví dụ: chitieu consult consolidate 3 -o tong-hop-y-kien.docx --version 1 --changes
    """
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise ChitieuError(f"Tệp kết quả {output.name} phải có đuôi .docx hoặc .xlsx.")
    file = consolidation_file(_register(database), consultation, suffix[1:], now=datetime.now(UTC), version=version,
                              changes=changes)
    data, report = file.data, file.consolidation
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise ChitieuError(f"Không ghi được tệp {output.name}: {exc.strerror or exc}.") from exc
    console.print(f"Đã ghi {output} ({format_number(len(data))} byte); {len(report.submitted)}/"
                  f"{len(report.invitees)} cơ quan đã gửi ý kiến.")


def mount_consult_commands(app: typer.Typer) -> None:
    """Add ``chitieu consult ...`` to the ``chitieu`` app."""
    app.add_typer(consult_app, name="consult")
