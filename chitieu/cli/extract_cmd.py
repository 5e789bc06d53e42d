"""``chitieu extract`` and ``chitieu info``: what a document holds."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import typer

from chitieu import labels
from chitieu.cli.render import FORMATS, error_line, notice_line, write_records
from chitieu.errors import ChitieuError
from chitieu.extract import Extraction, extract, why_empty
from chitieu.intake import read_document
from chitieu.numbers import format_range

ITEM_COLUMNS = [
    ("doc", "Văn bản"),
    ("line", "Dòng"),
    ("kind_label", "Loại"),
    ("indicator", "Chỉ tiêu"),
    ("breakdown", "Chi tiết"),
    ("value_text", "Giá trị"),
    ("unit", "Đơn vị"),
    ("period_label", "Thời kỳ"),
    ("verdict_label", "Đánh giá"),
]
INFO_COLUMNS = [
    ("doc", "Văn bản"),
    ("issuer", "Cơ quan ban hành"),
    ("province", "Tỉnh"),
    ("number", "Số"),
    ("date", "Ngày"),
    ("doc_type", "Loại văn bản"),
    ("congress", "Đại hội"),
    ("term", "Nhiệm kỳ"),
]


def _extract_one(path: str) -> tuple[Extraction, str] | str:
    """Extraction of one file with, when it is empty, the line that says why; or the one-line error that stopped
    it (so a pool can carry it back)."""
    try:
        document = read_document(path)
        extraction = extract(document)
    except ChitieuError as exc:
        return str(exc)
    empty = f"{Path(path).name}: không trích được mục nào: {why_empty(document)}" if not extraction.items else ""
    return extraction, empty


def extract_paths(paths: list[Path], jobs: int) -> list[tuple[Extraction, str] | str]:
    names = [str(path) for path in paths]
    if jobs <= 1 or len(names) <= 1:
        return [_extract_one(name) for name in names]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_extract_one, names, chunksize=max(1, len(names) // (jobs * 4))))


def _display(record: dict[str, Any]) -> dict[str, Any]:
    value = format_range(record["value"], record["value_max"]) if record["value"] is not None else ""
    symbol = labels.BOUND_SYMBOL.get(record["bound"], "")
    return record | {
        "kind_label": labels.label(labels.KIND, record["kind"]),
        "value_text": f"{symbol}{value}" if value else labels.label(labels.BOUND, record["bound"]),
        "period_label": labels.label(labels.PERIOD, record["period"]),
        "verdict_label": labels.label(labels.VERDICT, record["verdict"]),
    }


def extract_command(
    paths: Annotated[list[Path], typer.Argument(help="Tệp văn bản (.txt, .md, .docx, .pdf, .html).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | jsonl | json | csv")] = "table",
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Số tiến trình chạy song song.")] = 1,
) -> None:
    """Trích xuất chỉ tiêu và kết quả từ văn bản.

    Ví dụ: chitieu extract bao-cao-chinh-tri.docx --format jsonl > chi-tieu.jsonl
    """
    if fmt not in FORMATS:
        raise typer.BadParameter(f"định dạng phải là một trong {', '.join(FORMATS)}", param_hint="--format")
    failed = 0
    records: list[dict[str, Any]] = []
    for outcome in extract_paths(paths, jobs):
        if isinstance(outcome, str):
            error_line(outcome)
            failed += 1
            continue
        extraction, empty = outcome
        if empty:
            notice_line(empty)
        records.extend(item.to_dict() for item in extraction.items)
    if fmt == "table":
        write_records((_display(r) for r in records), fmt, ITEM_COLUMNS, title="Chỉ tiêu và kết quả")
    else:
        write_records(records, fmt, ITEM_COLUMNS)
    if failed:
        raise typer.Exit(1)


def info_command(
    paths: Annotated[list[Path], typer.Argument(help="Tệp văn bản.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | jsonl | json | csv")] = "table",
) -> None:
    """Thông tin của văn bản: cơ quan ban hành, số, ngày, loại, đại hội, nhiệm kỳ.

    Ví dụ: chitieu info nghi-quyet.txt
    """
    from chitieu.extract.metadata import extract_metadata

    failed = 0
    records = []
    for path in paths:
        try:
            records.append(extract_metadata(read_document(path)).to_dict())
        except ChitieuError as exc:
            error_line(str(exc))
            failed += 1
    write_records(records, fmt, INFO_COLUMNS, title="Thông tin văn bản")
    if failed:
        raise typer.Exit(1)
