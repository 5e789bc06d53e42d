"""Plain text and Markdown: find the encoding, return Unicode NFC text with table rows as canonical rows.

UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, UTF-16 without one (told by its NUL bytes), and
the 8-bit encodings of old office exports: Windows-1258 (tone marks as separate characters), TCVN3 and VNI.
The 8-bit encoding is the one whose words spell Vietnamese syllables best (``encodings.best_reading``).
A Markdown table row ("| 1 | Tốc độ tăng trưởng GRDP | % | 7,5 |", as pasted or stored by web pages) becomes one
line of tab-separated cells, the canonical table row; its rule line ("|---|:--:|") keeps its place as a row of
dashes, so line numbers stay those of the file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from chitieu.errors import InputError
from chitieu.intake.encodings import TCVN3, VNI, best_reading, decode_legacy, fix_legacy, legacy_chars

_SAMPLE = 4096
_PIPE_ROW = re.compile(r"^[ \t]*\|(?:[^|\n]*\|){2,}[ \t]*$", re.MULTILINE)
_CP1258 = "cp1258"


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 text without a BOM: ASCII letters leave a NUL in every other byte."""
    sample = data[:_SAMPLE]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls > 0.3 and even_nuls < 0.02:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.02:
        return "utf-16-be"
    return None


def _decode_unicode(data: bytes, codec: str, path: Path | str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"tệp không đúng mã {codec.upper()} (byte lỗi ở vị trí {exc.start})") from exc


def _decode_8bit(data: bytes) -> str:
    """Bytes that are not UTF-8: Windows-1258, TCVN3 or VNI, whichever reads as Vietnamese."""
    chars = legacy_chars(data)
    candidates = {TCVN3: decode_legacy(chars, TCVN3), VNI: decode_legacy(chars, VNI)}
    try:
        candidates[_CP1258] = unicodedata.normalize("NFC", data.decode(_CP1258))
    except UnicodeDecodeError:
        candidates[_CP1258] = chars  # a byte Windows-1258 lacks: rarely Vietnamese, let the others compete
    return candidates[best_reading(candidates, _CP1258)]


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode the bytes of a text file to Unicode NFC, converting TCVN3/VNI text to Unicode.

    Refuses binary data (NUL bytes that are not UTF-16) with an ``InputError``.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _decode_unicode(data, "utf-32", path)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_unicode(data, "utf-16", path)
    elif codec := _utf16_without_bom(data):
        text = _decode_unicode(data[: len(data) // 2 * 2], codec, path)
    elif b"\x00" in data[:_SAMPLE]:
        raise InputError(path, "tệp nhị phân, không phải văn bản")
    else:
        try:
            text = fix_legacy(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                # A file cut in the middle of its last character: keep what is whole.
                text = fix_legacy(data[: exc.start].decode("utf-8-sig"))
            else:
                text = _decode_8bit(data)
    control = sum(1 for c in text[:_SAMPLE] if ord(c) < 32 and c not in "\t\n\r\f")
    if control > 8:
        raise InputError(path, "tệp nhị phân, không phải văn bản")
    return unicodedata.normalize("NFC", text)


def pipe_rows_to_cells(text: str) -> str:
    """Each Markdown table row of ``text`` as tab-separated cells (see the module's note)."""
    if "|" not in text:
        return text

    def row(match: re.Match[str]) -> str:
        return "\t".join(cell.strip() for cell in match.group().strip().strip("|").split("|"))

    return _PIPE_ROW.sub(row, text)
