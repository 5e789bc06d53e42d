"""Reading what people type into forms and send as files: Vietnamese numbers, optional fields, upload names."""

from __future__ import annotations

import re
import unicodedata

from fastapi import Request, UploadFile

from chitieu.errors import ChitieuError
from chitieu.intake import supported_suffixes
from chitieu.numbers import read_value

# The suffixes the intake can read (``chitieu.intake.readers``); anything else is refused before it is stored.
DOCUMENT_SUFFIXES = supported_suffixes()
TEMPLATE_SUFFIXES = frozenset({".xlsx"})
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
MAX_NAME = 200


class UploadTooLarge(ChitieuError):
    """A request body or file over the configured maximum (HTTP 413)."""


class UnsupportedUpload(ChitieuError):
    """A file whose type the intake cannot read (HTTP 415)."""


def read_optional(text: str | None) -> float | None:
    return read_value(text) if text and text.strip() else None


def read_row_id(text: str, what: str) -> int:
    """A row's number sent by a form (a ticked box): a whole number from 1; else one line naming ``what``."""
    if not text.strip().isdigit() or not 1 <= int(text.strip()) <= 2_147_483_647:
        raise ChitieuError(f"{what}: '{text[:20]}' không phải là số hợp lệ; hãy tải lại trang rồi chọn lại.")
    return int(text.strip())


def read_version(text: str | None) -> int | None:
    """The version of an entry the page showed: a whole number, 0 when the page showed none, None when not sent."""
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit():
        raise ChitieuError(f"Phiên bản '{text}' không hợp lệ; hãy tải lại trang rồi nhập lại.")
    return int(text.strip())


def safe_name(name: str | None, default: str = "tai-lieu.txt") -> str:
    """An uploaded file's name without folders, drive letters, control characters or NUL: only its last part."""
    text = unicodedata.normalize("NFC", name or "")
    last = re.split(r"[/\\]", text.replace("\x00", ""))[-1]
    cleaned = _UNSAFE.sub("_", last).strip(" .")
    if not cleaned or set(cleaned) <= {"_", "."}:
        return default
    if len(cleaned) > MAX_NAME:
        stem, dot, suffix = cleaned.rpartition(".")
        keep = dot and len(suffix) < 10
        cleaned = stem[: MAX_NAME - len(suffix) - 1] + dot + suffix if keep else cleaned[:MAX_NAME]
    return cleaned


def check_upload(name: str, size: int, max_bytes: int, suffixes: frozenset[str] = DOCUMENT_SUFFIXES) -> None:
    """Refuse a file over ``max_bytes`` (413) or of a type outside ``suffixes`` (415), in one Vietnamese line."""
    if size > max_bytes:
        raise UploadTooLarge(too_large_message(max_bytes))
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in suffixes:
        raise UnsupportedUpload(f"Không nhận tệp {name}: chỉ nhận {', '.join(sorted(suffixes))}.")


def too_large_message(max_bytes: int) -> str:
    size = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max(1, max_bytes // 1024)} KB"
    return f"Tệp tải lên quá lớn: tối đa {size} mỗi lần gửi."


def read_uploads(request: Request, files: list[UploadFile]) -> list[tuple[str, bytes]]:
    """Each uploaded file's safe name and bytes; every file is checked (size, type) before any is staged. Routes
    that take files are plain ``def`` (run in a worker thread: staging a scan runs OCR) and read the parsed
    upload's spooled file directly."""
    max_bytes = request.app.state.settings.max_upload_bytes
    out = []
    for upload_file in files:
        name = safe_name(upload_file.filename)
        check_upload(name, upload_file.size or 0, max_bytes)
        data = upload_file.file.read(max_bytes + 1)
        check_upload(name, len(data), max_bytes)
        out.append((name, data))
    return out
