"""``chitieu target set|delete``, ``chitieu actual fix|delete``, ``chitieu document set``: the register's correction
rules from the command line; ``chitieu check`` for a province with nothing to check."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chitieu.cli.app import app
from chitieu.register import open_register
from chitieu.register.figures import target_record

from .conftest import forest_register

runner = CliRunner()


@pytest.fixture
def imported(tmp_path: Path) -> tuple[str, int, int]:
    """A register with one resolution: (url, the forest cover target's id, its document's id)."""
    url, register, target = forest_register(tmp_path)
    document_id = target_record(register, target["id"])["document"]["id"]
    register.engine.dispose()
    return url, target["id"], document_id


def test_a_target_is_corrected_and_a_stale_version_refused(imported: tuple[str, int, int]) -> None:
    url, target, _ = imported
    done = runner.invoke(app, ["target", "set", str(target), "--value", "74,5", "--main", "có", "--by", "Nguyễn A",
                               "--version", "1", "--db", url])
    assert done.exit_code == 0, done.output
    assert "Đã sửa chỉ tiêu" in done.output and "phiên bản 2" in done.output
    stale = runner.invoke(app, ["target", "set", str(target), "--value", "80", "--by", "B", "--version", "1",
                                "--db", url])
    assert stale.exit_code == 1 and "đã được người khác sửa" in str(stale.exception)
    bad = runner.invoke(app, ["target", "set", str(target), "--period", "20244", "--by", "B", "--db", url])
    assert bad.exit_code == 1 and "20244" in str(bad.exception)
    register = open_register(url=url)
    assert register.assess(target)["target"].startswith("74,5")
    assert register.history(1)[0]["actor"] == "Nguyễn A"
    register.engine.dispose()


def test_a_value_is_fixed_then_deleted_and_a_target_deleted_only_when_confirmed(
        imported: tuple[str, int, int]) -> None:
    url, target, _ = imported
    register = open_register(url=url)
    written = register.set_actual(target, "72", "2024", entered_by="A")
    register.engine.dispose()
    fixed = runner.invoke(app, ["actual", "fix", str(written["id"]), "--value", "72,8", "--by", "A", "--db", url])
    assert fixed.exit_code == 0 and "Đã sửa số liệu" in fixed.output
    gone = runner.invoke(app, ["actual", "delete", str(written["id"]), "--by", "A", "--db", url])
    assert gone.exit_code == 0 and f"của chỉ tiêu {target}" in gone.output
    unconfirmed = runner.invoke(app, ["target", "delete", str(target), "--by", "A", "--db", url])
    assert unconfirmed.exit_code == 1 and "--yes" in str(unconfirmed.exception)
    deleted = runner.invoke(app, ["target", "delete", str(target), "--yes", "--by", "A", "--db", url])
    assert deleted.exit_code == 0 and f"Đã xoá chỉ tiêu {target}" in deleted.output


def test_a_document_moves_to_its_province_and_check_says_when_nothing_is_there(
        imported: tuple[str, int, int]) -> None:
    url, target, document = imported
    empty = runner.invoke(app, ["check", "--province", "Lai Châu", "--term", "2020-2025", "--db", url])
    assert empty.exit_code == 1 and "chưa có chỉ tiêu nào của Lai Châu" in str(empty.exception)
    assert "Không phát hiện vấn đề nào" not in empty.output
    bad = runner.invoke(app, ["document", "set", str(document), "--province", "Atlantis", "--by", "A", "--db", url])
    assert bad.exit_code == 1 and "Atlantis" in str(bad.exception)
    moved = runner.invoke(app, ["document", "set", str(document), "--province", "Lai Châu", "--type", "Nghị quyết",
                                "--by", "A", "--db", url])
    assert moved.exit_code == 0 and "province" in moved.output
    register = open_register(url=url)
    assert register.assess(target)["province"] == "Lai Châu"
    register.engine.dispose()
