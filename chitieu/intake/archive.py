"""Check an Office (ZIP) package before any library opens it: not a ZIP, encrypted, or a zip bomb."""

from __future__ import annotations

import zipfile
from pathlib import Path

from chitieu.errors import InputError

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
