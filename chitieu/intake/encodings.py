"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI to Unicode NFC, and back for tests.

Old office files keep Vietnamese in 8-bit fonts: the file holds Windows-1252 characters ("Céng hoµ",
"Coäng hoøa") and the font draws them as Vietnamese letters. This module works on such *legacy characters*
(one character per byte, as Word stores them); ``legacy_chars`` turns raw bytes into them.

The tables are data (``data/legacy_encodings.yaml``). Which encoding a text uses is decided by spelling:
the decoding whose words are valid Vietnamese syllables (``data/syllables.yaml``) wins, and a text is only
converted when that decoding reads clearly better than the text as it is, so UTF-8 Vietnamese and English
are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from chitieu.datafiles import TEXTS, WORD_LISTS, WORDS, datafile

TCVN3 = "tcvn3"
VNI = "vni"

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"[^\W\d_]+")
_SCORED = re.compile(r"[^\x00-\x7f]")
# Words a wrong decoding can turn into another valid syllable are common; ask for a clear win.
_MIN_GAIN = 3
_MIN_VALID_SHARE = 0.6
_TABLES = datafile(__file__, "legacy_encodings", {"tcvn3": TEXTS, "vni": TEXTS, "fonts": WORD_LISTS})
_SYLLABLES = datafile(__file__, "syllables", {"onsets": WORDS, "nuclei": WORDS, "codas": WORDS})


@dataclass(frozen=True, slots=True)
class _Table:
    decode: dict[str, str]  # legacy characters -> Unicode letter
    encode: dict[str, str]  # Unicode letter -> legacy characters
    pattern: re.Pattern[str]


def _byte_char(code: int) -> str:
    """The character Word and Windows show for one byte: Windows-1252, or Latin-1 where 1252 has a hole."""
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(code)


_BYTE_CHARS = "".join(_byte_char(code) for code in range(256))
_CHAR_BYTES = {char: code for code, char in enumerate(_BYTE_CHARS)}


_TO_BYTE_CHARS = {code: char for code, char in enumerate(_BYTE_CHARS) if code != ord(char)}


def legacy_chars(data: bytes) -> str:
    """Bytes as legacy characters, one per byte (the form the tables use)."""
    return data.decode("latin-1").translate(_TO_BYTE_CHARS)


def legacy_bytes(text: str) -> bytes:
    """The inverse of ``legacy_chars``; characters that no byte stands for become '?'."""
    return bytes(_CHAR_BYTES.get(char, 0x3F) for char in text)


def _raw() -> dict[str, Any]:
    return _TABLES.load()


def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """(encoding, draws upper case) of a font name: ``TCVN3`` for .VnTime, ``VNI`` for VNI-Times, else None."""
    if not font:
        return None, False
    name = font.strip().lower()
    for encoding in (TCVN3, VNI):
        if name.startswith(tuple(_raw()["fonts"][encoding])):
            return encoding, encoding == TCVN3 and font.strip().endswith("H")
    return None, False


def _load() -> dict[str, dict[str, str]]:
    raw = _raw()
    return {
        name: {letter: "".join(_BYTE_CHARS[int(h, 16)] for h in codes.split()) for letter, codes in raw[name].items()}
        for name in (TCVN3, VNI)
    }


@cache
def table(name: str) -> _Table:
    """The decoding table of ``TCVN3`` or ``VNI``."""
    encode = _load()[name]
    decode = {legacy: letter for letter, legacy in encode.items()}
    if name == VNI:
        # Typists mix cases: "A" with a lower-case mark still means an upper-case letter, and the reverse.
        for legacy, letter in list(decode.items()):
            if len(legacy) == 2:
                for variant in (legacy[0] + legacy[1].swapcase(), legacy[0].swapcase() + legacy[1]):
                    if variant not in decode and variant[1] in _BYTE_CHARS[0xC0:]:
                        decode[variant] = letter if variant[0] == legacy[0] else letter.swapcase()
    keys = sorted(decode, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(key) for key in keys))
    return _Table(decode, encode, pattern)


def _unprivate(text: str) -> str:
    # Symbol-style fonts may store U+F0xx for byte xx.
    if not any("\uf000" <= char <= "\uf0ff" for char in text):
        return text
    return "".join(chr(ord(c) - 0xF000) if "\uf000" <= c <= "\uf0ff" else c for c in text)


def decode_legacy(text: str, encoding: str, *, upper: bool = False) -> str:
    """Convert legacy characters of ``encoding`` to Unicode NFC; ``upper`` for TCVN3 upper-case fonts (.VnTimeH)."""
    tab = table(encoding)
    text = tab.pattern.sub(lambda match: tab.decode[match.group()], _unprivate(text))
    if upper:
        text = text.upper()
    return unicodedata.normalize("NFC", text)


def encode_vni(text: str) -> str:
    """Unicode to VNI legacy characters (for tests and benchmarks)."""
    tab = table(VNI)
    return "".join(tab.encode.get(char, char) for char in unicodedata.normalize("NFC", text))


def encode_tcvn3(text: str) -> list[tuple[str, bool]]:
    """Unicode to TCVN3 legacy characters, as runs of (text, needs an upper-case font).

    TCVN3 has no upper-case letters with tone marks: those are written in lower case in a .VnTimeH font,
    so the encoder cuts the text into runs for the normal and the upper-case font, as a typist would.
    """
    tab = table(TCVN3)
    runs: list[tuple[str, bool]] = []
    for char in unicodedata.normalize("NFC", text):
        upper_font: bool | None = None  # None: not a letter, fits either font
        if char in tab.encode:
            legacy, upper_font = tab.encode[char], False
        elif char.lower() != char and char.lower() in tab.encode:
            legacy, upper_font = tab.encode[char.lower()], True
        else:
            legacy = char
            if char.isalpha():
                upper_font = False
        if runs and upper_font in (None, runs[-1][1]):
            runs[-1] = (runs[-1][0] + legacy, runs[-1][1])
        else:
            runs.append((legacy, bool(upper_font)))
    return runs


@cache
def _syllable() -> re.Pattern[str]:
    parts = _SYLLABLES.load()

    def alternation(key: str) -> str:
        return "|".join(sorted((re.escape(v) for v in parts[key]), key=len, reverse=True))

    return re.compile(f"(?:{alternation('onsets')})?(?:{alternation('nuclei')})(?:{alternation('codas')})?")


@cache
def is_syllable(word: str) -> bool:
    """True when ``word`` is spelled like one Vietnamese syllable (case and tone marks ignored)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(tone) for tone in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_syllable().fullmatch(bare))


def spelling_score(text: str) -> tuple[int, int]:
    """(valid, invalid) Vietnamese syllables among the words with non-ASCII letters."""
    valid = invalid = 0
    for word in _WORD.findall(text):
        if _SCORED.search(word):
            if is_syllable(word):
                valid += 1
            else:
                invalid += 1
    return valid, invalid


def _net(score: tuple[int, int]) -> int:
    return score[0] - score[1]


def best_reading(candidates: dict[str, str], current: str) -> str:
    """Of several decodings of one text, the name of the one whose words read as Vietnamese best.

    ``current`` names the reading to keep unless another one is clearly better.
    """
    scores = {name: spelling_score(text) for name, text in candidates.items()}
    best = max(scores, key=lambda name: _net(scores[name]))
    valid, invalid = scores[best]
    gain = _net(scores[best]) - _net(scores[current])
    if best != current and gain >= _MIN_GAIN and valid >= _MIN_VALID_SHARE * (valid + invalid):
        return best
    return current


# Letters no legacy character can stand for (ơ, ư, đ and the precomposed letters with tone marks):
# a sample holding them is Unicode Vietnamese already, and spelling need not be scored.
_UNICODE_VIETNAMESE = re.compile("[\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_DETECT_SAMPLE = 20_000


def detect_legacy(text: str) -> str | None:
    """``TCVN3`` or ``VNI`` when ``text`` holds legacy characters of that encoding, else None."""
    sample = _unprivate(text[:_DETECT_SAMPLE])
    if len(_UNICODE_VIETNAMESE.findall(sample)) >= 3:
        return None
    if not any("\x80" <= char <= "\xff" or (char in _CHAR_BYTES and ord(char) > 0xFF) for char in sample):
        return None
    candidates = {"": sample, TCVN3: decode_legacy(sample, TCVN3), VNI: decode_legacy(sample, VNI)}
    return best_reading(candidates, "") or None


def fix_legacy(text: str) -> str:
    """``text`` converted to Unicode if it is TCVN3 or VNI in disguise, else unchanged."""
    encoding = detect_legacy(text)
    return decode_legacy(text, encoding) if encoding else text
