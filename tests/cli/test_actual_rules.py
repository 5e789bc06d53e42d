"""``chitieu actual set`` obeys the register's rules for entries, the same the pages and the API obey."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chitieu.cli.app import app
from chitieu.errors import ConflictError, InvalidValueError
from chitieu.register import open_register
from chitieu.register.accounts import create_user, list_accounts
from chitieu.register.figures import submit_actual

from .conftest import forest_register

runner = CliRunner()


@pytest.fixture
def waiting(tmp_path: Path) -> tuple[str, int, str]:
    """A register where an editor's value for a target's period waits for approval: (url, target id, period)."""
    url, register, target = forest_register(tmp_path)
    create_user(register, "bientap_bk", "mat-khau-thu", "editor", province="Bắc Kạn")
    editor = next(a for a in list_accounts(register) if a.username == "bientap_bk")
    submit_actual(register, editor, target["id"], 72.0, "2024")
    register.engine.dispose()
    return url, target["id"], "2024"


def test_a_value_waiting_for_approval_refuses_another_persons_entry(waiting: tuple[str, int, str]) -> None:
    url, target, period = waiting
    result = runner.invoke(app, ["actual", "set", str(target), "73.5", "--period", period, "--by", "Nguyễn Văn A",
                                 "--db", url])
    assert result.exit_code == 1
    assert isinstance(result.exception, ConflictError)
    assert "bientap_bk đã gửi số liệu kỳ 2024" in str(result.exception)
    assert "đang chờ duyệt" in str(result.exception)
    assert open_register(url=url).assess(target)["actual"] is None


def test_an_entry_changed_since_the_version_seen_is_refused(waiting: tuple[str, int, str]) -> None:
    url, target, _ = waiting
    saved = runner.invoke(app, ["actual", "set", str(target), "70", "--period", "2023", "--by", "Nguyễn Văn A",
                                "--db", url])
    assert saved.exit_code == 0, saved.output
    result = runner.invoke(app, ["actual", "set", str(target), "71", "--period", "2023", "--by", "Trần Thị B",
                                 "--version", "0", "--db", url])
    assert result.exit_code == 1
    assert isinstance(result.exception, ConflictError)
    assert "đã được người khác sửa" in str(result.exception)


def test_the_person_who_sent_the_waiting_value_may_still_enter_it(waiting: tuple[str, int, str]) -> None:
    url, target, period = waiting
    result = runner.invoke(app, ["actual", "set", str(target), "72", "--period", period, "--by", "bientap_bk",
                                 "--db", url])
    assert result.exit_code == 0, result.output


def test_a_value_written_the_vietnamese_way_and_a_period_outside_the_target(waiting: tuple[str, int, str]) -> None:
    url, target, _ = waiting
    saved = runner.invoke(app, ["actual", "set", str(target), "72,5", "--period", "2023", "--by", "Nguyễn Văn A",
                                "--db", url])
    assert saved.exit_code == 0, saved.output
    assert "Đã thêm số liệu 72,5 cho chỉ tiêu" in saved.output
    for period, words in (("20244", "Kỳ '20244' không hợp lệ"), ("2019", "không khớp với chỉ tiêu")):
        refused = runner.invoke(app, ["actual", "set", str(target), "1,5", "--period", period, "--by", "A",
                                      "--db", url])
        assert refused.exit_code == 1 and isinstance(refused.exception, InvalidValueError)
        assert words in str(refused.exception)
    bad = runner.invoke(app, ["actual", "set", str(target), "7,1x", "--period", "2023", "--by", "A", "--db", url])
    assert bad.exit_code == 1 and str(bad.exception) == "Giá trị '7,1x' không phải là số; viết như 6,5 hoặc 1.250,5."
