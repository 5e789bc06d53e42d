"""``chitieu report ...`` through a Typer app that mounts the commands as chitieu/cli/app.py will."""

from __future__ import annotations

import pytest
import typer
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from chitieu.cli.report_cmd import mount_report_commands
from chitieu.errors import ChitieuError
from tests.conftest import copy_sqlite

from .conftest import PROVINCE, filled_file


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the register ``fill`` writes (the ``filled`` fixture's), for the commands to open."""
    path = tmp_path_factory.mktemp("cli") / "register.sqlite"
    copy_sqlite(filled_file(), path)
    return f"sqlite:///{path}"


def run(*args: str):
    app = typer.Typer()
    mount_report_commands(app)
    return CliRunner().invoke(app, ["report", *args])


def test_appendix_progress_compare_template(database: str, tmp_path):
    out = tmp_path / "phu-luc.xlsx"
    result = run("appendix", "--province", PROVINCE, "--term", "2015-2020", "-o", str(out), "--db", database)
    assert result.exit_code == 0, result.output
    assert load_workbook(out).active["D4"].value == "Nhiệm kỳ 2015 - 2020"
    out = tmp_path / "phu-luc.docx"
    result = run("appendix", "--province", PROVINCE, "--term", "2020-2025", "--year", "2024", "--format", "docx",
                 "-o", str(out), "--db", database)
    assert result.exit_code == 0, result.output
    assert Document(out).tables[0].rows[0].cells[3].text == "Năm 2024"
    out = tmp_path / "tien-do.docx"
    result = run("progress", "--province", PROVINCE, "--year", "2024", "-o", str(out), "--db", database)
    assert result.exit_code == 0 and "Đã ghi" in result.output
    assert Document(out).tables[0].rows[-1].cells[0].text == "Tổng số"
    out = tmp_path / "so-sanh.xlsx"
    result = run("compare", "--field", "kinh_te", "-o", str(out), "--db", database)
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames[0] == "Tổng hợp"
    out = tmp_path / "bieu-nhap.xlsx"
    result = run("template", "--province", PROVINCE, "--year", "2024", "-o", str(out), "--db", database)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    ws = workbook.worksheets[0]
    row = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 8).value is not None)
    ws.cell(row, 9).value = "6,9"
    workbook.save(out)
    result = run("read-template", str(out), "--format", "json", "--db", database)
    assert result.exit_code == 0, result.output
    assert '"value": 6.9' in result.output and '"period": "2024"' in result.output


def test_errors_are_one_vietnamese_sentence(database: str, tmp_path):
    result = run("appendix", "--province", PROVINCE, "-o", str(tmp_path / "x.xlsx"), "--db", database)
    assert isinstance(result.exception, ChitieuError)
    assert str(result.exception) == "Hãy cho biết nhiệm kỳ (--term 2020-2025) hoặc năm (--year 2024)."
    result = run("appendix", "--province", PROVINCE, "--term", "2015-2020", "--format", "odt",
                 "-o", str(tmp_path / "x.odt"), "--db", database)
    assert str(result.exception) == "Định dạng 'odt' không hỗ trợ; dùng xlsx, docx hoặc pdf."
    assert not (tmp_path / "x.odt").exists()


def test_an_empty_appendix_is_not_written(database: str, tmp_path):
    out = tmp_path / "rong.xlsx"
    result = run("appendix", "--province", "Gia Lai", "--year", "2024", "-o", str(out), "--db", database)
    assert result.exit_code != 0 and not out.exists()
    assert isinstance(result.exception, ChitieuError)
    assert "chưa có chỉ tiêu nào của Gia Lai" in str(result.exception) and "hãy nạp" in str(result.exception)
    result = run("appendix", "--province", PROVINCE, "--year", "2025", "--number", "125/BC-UBND", "-o", str(out),
                 "--db", database)
    assert result.exit_code == 0 and "Biểu chưa có kết quả thực hiện nào" in result.output.replace("\n", " ")
    assert load_workbook(out).active["A3"].value.startswith("(Kèm theo Báo cáo số 125/BC-UBND")


def test_help_shows_examples():
    for command in ("appendix", "progress", "compare", "template", "read-template"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Ví dụ: chitieu report" in result.output
