"""``chitieu convert``: show the canonical text chitieu reads from a document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from chitieu.cli.render import error_line
from chitieu.errors import ChitieuError
from chitieu.intake.readers import read_document

TARGETS = ("md",)


def convert(
    path: Annotated[Path, typer.Argument(help="Tệp văn bản: .docx, .pdf, .html, .txt, .md, ảnh quét")],
    to: Annotated[str, typer.Option("--to", help="Định dạng đầu ra (hiện có: md)")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Ghi ra tệp thay vì màn hình")] = None,
) -> None:
    """In văn bản chitieu đọc được từ tệp, để kiểm tra trước khi trích xuất.

    Ví dụ: chitieu convert bao-cao.docx --to md -o bao-cao.md
    """
    if to not in TARGETS:
        error_line(f"không hỗ trợ định dạng đầu ra '{to}' (hỗ trợ: {', '.join(TARGETS)}).")
        raise typer.Exit(1)
    try:
        text = read_document(path).to_markdown()
    except ChitieuError as exc:
        error_line(str(exc))
        raise typer.Exit(1) from exc
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        error_line(f"không ghi được tệp {output.name}: {exc.strerror}.")
        raise typer.Exit(1) from exc
