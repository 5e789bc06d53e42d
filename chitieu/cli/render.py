"""How the CLI shows things: Rich tables, JSON, JSONL, CSV, and the one-line error."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from chitieu.report.cells import inert_text

FORMATS = ("table", "jsonl", "json", "csv")

console = Console()
err_console = Console(stderr=True)


def error_line(message: str) -> None:
    """One line on standard error, in the user's language."""
    err_console.print(f"[bold red]Lỗi:[/] {message}", highlight=False, soft_wrap=True)


def notice_line(message: str) -> None:
    """One line on standard error that is worth knowing but no error (a file that gave nothing)."""
    err_console.print(f"[bold yellow]Lưu ý:[/] {message}", highlight=False, soft_wrap=True)


def write_records(
    records: Iterable[dict[str, Any]], fmt: str, columns: Sequence[tuple[str, str]], title: str = ""
) -> None:
    """Write records as a Rich table (``columns``: key and Vietnamese header), JSON, JSONL or CSV."""
    if fmt == "jsonl":
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    rows = list(records)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        buffer = io.StringIO()
        keys = list(rows[0]) if rows else [key for key, _ in columns]
        writer = csv.DictWriter(buffer, fieldnames=keys, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: inert_text(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows)
        sys.stdout.write(buffer.getvalue())
        return
    table = Table(title=title or None, show_lines=False, header_style="bold")
    for _, header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(key)) for key, _ in columns])
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else ""
    return str(value)
