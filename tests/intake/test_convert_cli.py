"""``chitieu convert``: prints what chitieu read; bad input is one Vietnamese line and exit code 1."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from chitieu.cli.convert import convert

app = typer.Typer()
app.command()(convert)
app.command("noop")(lambda: None)  # a second command keeps "convert" as a named subcommand


def test_prints_canonical_text(tmp_path: Path) -> None:
    path = tmp_path / "mau.html"
    path.write_text("<html><body><h1>Kế hoạch</h1><p>Đạt <b>90%</b>.</p></body></html>", encoding="utf-8")
    result = CliRunner().invoke(app, ["convert", str(path), "--to", "md"])
    assert result.exit_code == 0
    assert result.stdout == "# Kế hoạch\n\nĐạt **90%**.\n"


def test_writes_output_file(tmp_path: Path) -> None:
    path = tmp_path / "mau.txt"
    path.write_text("Chỉ tiêu một\n", encoding="utf-8")
    out = tmp_path / "ra.md"
    result = CliRunner().invoke(app, ["convert", str(path), "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == "Chỉ tiêu một\n"


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_text("không phải docx", encoding="utf-8")
    result = CliRunner().invoke(app, ["convert", str(path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "hong.docx" in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_target(tmp_path: Path) -> None:
    path = tmp_path / "mau.txt"
    path.write_text("Chỉ tiêu\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["convert", str(path), "--to", "pdf"])
    assert result.exit_code == 1
