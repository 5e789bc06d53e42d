"""``chitieu consult ...`` through a Typer app that mounts the commands as chitieu/cli/app.py will."""

from __future__ import annotations

import re

import typer
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from chitieu.cli.consult_cmd import mount_consult_commands
from chitieu.register import open_register
from chitieu.register.consultation import (
    CommentInput,
    JudgementInput,
    invitee_for_token,
    list_consultations,
    submit_response,
)
from tests.conftest import migrated_sqlite
from tests.consultation.conftest import DRAFT
from tests.consultation.test_consultation_journey import DRAFT as DRAFT_WITH_QUESTIONS


def run(*args: str):
    app = typer.Typer()
    mount_consult_commands(app)
    return CliRunner().invoke(app, ["consult", *args])


def test_create_consolidate_and_new_version(tmp_path):
    database = migrated_sqlite(tmp_path / "register.sqlite")
    draft = tmp_path / "du-thao.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("create", str(draft), "--title", "Báo cáo chính trị huyện", "--deadline", "2999-01-31 17:00",
                 "--invite", "Huyện đoàn", "--invite", "Hội Nông dân huyện",
                 "--question", "Chỉ tiêu chủ yếu::Các chỉ tiêu có khả thi?", "--db", database)
    assert result.exit_code == 0, result.output
    assert "Đã tạo đợt lấy ý kiến số 1; 1 câu hỏi gợi ý." in result.output
    tokens = re.findall(r"[A-Za-z0-9_-]{43}", result.output)
    assert len(tokens) == 2
    register = open_register(url=database)
    invitee = invitee_for_token(register, tokens[0])
    assert invitee.name == "Huyện đoàn"
    (row,) = list_consultations(register)
    submit_response(register, invitee.id, [CommentInput("Nên thêm chỉ tiêu về du lịch.")],
                    [JudgementInput(1, "adjust", 8, "Giá nông sản giảm.")], now=row.deadline.replace(year=2998))

    result = run("list", "--format", "json", "--db", database)
    assert result.exit_code == 0 and '"submitted": 1' in result.output and '"deadline": "17:00 ngày 31/01/2999"' in \
        result.output
    docx_path, xlsx_path = tmp_path / "tong-hop.docx", tmp_path / "y-kien.xlsx"
    assert run("consolidate", "1", "-o", str(docx_path), "--db", database).exit_code == 0
    table = Document(docx_path).tables[1]
    assert [c.text for c in table.rows[1].cells][3:] == ["1", "0", "1", "0", "8", "8"]
    assert run("consolidate", "1", "-o", str(xlsx_path), "--db", database).exit_code == 0
    assert load_workbook(xlsx_path)["Đánh giá chỉ tiêu"]["I2"].value == 8

    draft.write_text(DRAFT.replace("đạt 62%", "đạt 65%"), encoding="utf-8")
    result = run("version", "1", str(draft), "--db", database)
    assert result.exit_code == 0, result.output
    assert "Chỉ tiêu thay đổi: 1; giữ nguyên: 3" in result.output and "65%" in result.output
    result = run("consolidate", "1", "-o", str(tmp_path / "x.pdf"), "--db", database)
    assert result.exit_code == 1 and "phải có đuôi .docx hoặc .xlsx" in str(result.exception)


def test_create_reads_the_questions_the_draft_carries(tmp_path):
    database = migrated_sqlite(tmp_path / "register.sqlite")
    draft = tmp_path / "du-thao.txt"
    draft.write_text(DRAFT_WITH_QUESTIONS, encoding="utf-8")
    common = ("--title", "Báo cáo chính trị", "--deadline", "2999-01-31 17:00", "--db", database)
    result = run("create", str(draft), *common, "--question", "Có cần thêm phần nào?")
    assert result.exit_code == 0 and "Đã tạo đợt lấy ý kiến số 1; 4 câu hỏi gợi ý." in result.output, result.output
    result = run("create", str(draft), *common, "--no-from-draft")
    assert result.exit_code == 0 and "Đã tạo đợt lấy ý kiến số 2; 0 câu hỏi gợi ý." in result.output, result.output
