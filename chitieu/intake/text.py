"""Plain text and Markdown: find the encoding, return Unicode NFC text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from chitieu.errors import InputError


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1258.

    Refuses binary data (NUL bytes in a file without a UTF-16 BOM) with an ``InputError``.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:4096]:
        raise InputError(path, "tệp nhị phân, không phải văn bản")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3:
                # A file cut in the middle of its last character: keep what is whole.
                text = data[: exc.start].decode("utf-8-sig")
            else:
                text = data.decode("cp1258", errors="strict")
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\n\r\f")
    if control > 8:
        raise InputError(path, "tệp nhị phân, không phải văn bản")
    return unicodedata.normalize("NFC", text)
