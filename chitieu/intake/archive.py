"""Check an Office (ZIP) package before any library opens it: not a ZIP, encrypted, or a zip bomb; and, for an
Excel workbook, its sheets' rows and cells, read as a stream before openpyxl builds any of them.

The declared sizes are what ``zipfile`` will at most inflate (it stops at an entry's stated size), so checking
them bounds what python-docx and openpyxl can expand. Under an upload's budget (``chitieu.intake.budget``) the
total is held to ``Budget.uncompressed_bytes``; without one, to ``MAX_UNCOMPRESSED``.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from chitieu.errors import InputError
from chitieu.intake.budget import Budget, check_uncompressed, current, over
from chitieu.numbers import format_number

# Bounds on what a package may expand to; a real plan document is a few megabytes of XML.
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_ENTRY_RATIO = 200  # deflated XML compresses 5-20 times; a bomb, thousands
RATIO_FLOOR = 4 * 1024 * 1024  # small entries may compress as much as they like
MAX_ENTRIES = 10_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_package(path: Path, required: str, kind: str) -> None:
    """Refuse ``path`` unless it is a sane ZIP package holding ``required`` (``kind`` names it in messages)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        raise InputError(path, f"tệp được đặt mật khẩu hoặc là định dạng Word cũ (.doc), không phải {kind}")
    if not zipfile.is_zipfile(path):
        raise InputError(path, f"không phải tệp {kind} (không phải gói ZIP)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"tệp {kind} bị hỏng ({exc.__class__.__name__})") from exc
    if len(entries) > MAX_ENTRIES:
        raise InputError(path, f"gói nén có quá nhiều tệp con ({len(entries)})")
    total = sum(entry.file_size for entry in entries)
    check_uncompressed(path, total)
    if total > MAX_UNCOMPRESSED:
        mib = total // (1024 * 1024)
        raise InputError(path, f"nội dung giải nén quá lớn ({mib} MB), có thể là bom nén")
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_ENTRY_RATIO * max(entry.compress_size, 1):
            raise InputError(path, f"tệp con {entry.filename} nén bất thường, có thể là bom nén")
        if entry.flag_bits & 0x1:
            raise InputError(path, "tệp được đặt mật khẩu")
    if required not in {entry.filename for entry in entries}:
        raise InputError(path, f"không phải tệp {kind} (thiếu {required})")


_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_ROW_OF_CELL = re.compile(r"(\d+)$")


def check_sheets(path: Path) -> int:
    """Stream every worksheet of a checked .xlsx package (``check_package`` first): refuse a cell past the budget's
    ``rows`` (the sheet-dimension trick: one cell at A1048576) or more than its ``cells``; return the last row that
    holds a cell. Entities are not expanded and nothing is fetched."""
    budget = current() or Budget()
    cells = last = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not _SHEET.match(name):
                    continue
                with archive.open(name) as stream:
                    row = 0
                    for _event, element in etree.iterparse(
                        stream, events=("end",), tag=("{*}row", "{*}c"), resolve_entities=False, no_network=True,
                        load_dtd=False, huge_tree=False,
                    ):
                        if etree.QName(element).localname == "c":
                            cells += 1
                            found = _ROW_OF_CELL.search(element.get("r") or "")
                            at = int(found.group(1)) if found else max(row, 1)
                            if cells > budget.cells:
                                raise over(path, "cells", f"có hơn {format_number(budget.cells)} ô",
                                           f"{format_number(budget.cells)} ô")
                        else:
                            stated = element.get("r") or ""
                            row = int(stated) if stated.isdigit() else row + 1
                            at = row if len(element) else 0
                            element.clear()
                            while element.getprevious() is not None:
                                del element.getparent()[0]
                        if at > budget.rows:
                            raise over(path, "rows", f"có ô ở dòng {format_number(at)}",
                                       f"{format_number(budget.rows)} dòng")
                        last = max(last, at)
    except (etree.LxmlError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise InputError(path, f"tệp Excel .xlsx bị hỏng ({exc.__class__.__name__})") from exc
    return last
