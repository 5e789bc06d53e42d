"""The register commands, run through a Typer app that mounts them as chitieu/cli/app.py will."""

from __future__ import annotations

import json

import typer
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

from chitieu.cli.register_cmds import mount_register_commands
from chitieu.errors import ChitieuError
from chitieu.register.db.session import MIGRATIONS

from ..register.conftest import SAMPLE


def make_app() -> typer.Typer:
    app = typer.Typer()
    mount_register_commands(app)
    return app


def test_import_targets_actual_assess_check(tmp_path):
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    doc = tmp_path / "nq.txt"
    doc.write_text(SAMPLE.format(year=2024, growth="8", budget="1.010"), "utf-8")
    app = make_app()
    result = runner.invoke(app, ["db", "upgrade", "--db", db])
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert result.exit_code == 0 and f"phiên bản {head}." in result.output
    result = runner.invoke(app, ["import", str(doc), "--db", db])
    assert result.exit_code == 0, result.output
    assert "đã nhập" in result.output
    result = runner.invoke(app, ["targets", "--province", "Thái Nguyên", "--format", "json", "--db", db])
    rows = json.loads(result.output)
    forest = next(r for r in rows if r["catalogue"] == "forest_cover")
    result = runner.invoke(app, ["actual", "set", str(forest["id"]), "73.5", "--period", forest["period"],
                                 "--by", "Nguyễn Văn A", "--db", db])
    assert result.exit_code == 0 and "73,5" in result.output
    result = runner.invoke(app, ["assess", str(forest["id"]), "--format", "json", "--db", db])
    assert json.loads(result.output)[0]["status"] == "exceeded"
    result = runner.invoke(app, ["assess", str(forest["id"]), "--db", db])
    assert result.exit_code == 0 and "Vượt" in result.output
    assert "là 73,5%, vượt mục tiêu" in " ".join(result.output.split()), result.output
    result = runner.invoke(app, ["targets", "--status", "exceeded", "--format", "csv", "--db", db])
    assert result.output.count("\n") == 2
    result = runner.invoke(app, ["check", "--province", "Bắc Kạn", "--term", "2020-2025", "--db", db])
    assert result.exit_code == 0


def test_errors_are_chitieu_errors(tmp_path):
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = runner.invoke(make_app(), ["targets", "--province", "Atlantis", "--db", db])
    assert isinstance(result.exception, ChitieuError)
    assert "Atlantis" in str(result.exception)
