"""TCVN3 and VNI tables, detection, and the text decoder's encodings."""

from __future__ import annotations

import unicodedata

import pytest

from chitieu.intake.encodings import (
    TCVN3,
    VNI,
    decode_legacy,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    fix_legacy,
    font_encoding,
    legacy_bytes,
    table,
)
from chitieu.intake.text import decode_text
from tests.conftest import CORPUS
from tests.intake.corpus_files import encode_cp1258

# Every Vietnamese letter with every tone, lower and upper case.
_BASES = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
ALPHABET = "".join(unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES) + "đ"
ALPHABET += ALPHABET.upper()
SAMPLE = "Năm tới, tỉnh phấn đấu thu nhập bình quân đầu người đạt trên 45 triệu đồng; Ủy ban Nhân dân kiểm tra."


@pytest.mark.parametrize(
    ("legacy", "encoding", "expected"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3, "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", TCVN3, "Độc lập - Tự do - Hạnh phúc"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI, "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", VNI, "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),
    ],
    ids=["tcvn3-motto", "tcvn3-motto-2", "vni-motto", "vni-upper"],
)
def test_known_spellings(legacy: str, encoding: str, expected: str) -> None:
    assert decode_legacy(legacy, encoding) == expected


def test_tables_cover_the_alphabet() -> None:
    assert len(table(VNI).encode) == 134
    lower = {c for c in ALPHABET if c.islower() and not c.isascii()}
    assert lower <= set(table(TCVN3).encode)


def test_tcvn3_upper_font() -> None:
    assert decode_legacy("hµ néi", TCVN3, upper=True) == "HÀ NỘI"


@pytest.mark.parametrize("text", [ALPHABET, SAMPLE, SAMPLE.upper()], ids=["alphabet", "sentence", "upper"])
def test_round_trip(text: str) -> None:
    assert decode_legacy(encode_vni(text), VNI) == text
    assert "".join(decode_legacy(run, TCVN3, upper=upper) for run, upper in encode_tcvn3(text)) == text


@pytest.mark.corpus
def test_round_trip_corpus() -> None:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not here")
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert decode_legacy(encode_vni(text), VNI) == text, path.name
        runs = encode_tcvn3(text)
        assert "".join(decode_legacy(run, TCVN3, upper=upper) for run, upper in runs) == text, path.name
        assert detect_legacy(encode_vni(text)) == VNI
        assert detect_legacy("".join(run for run, _ in runs)) == TCVN3
        assert detect_legacy(text) is None


@pytest.mark.parametrize(
    "text",
    [
        SAMPLE * 3,
        "Chỉ tiêu về giáo dục: tỷ lệ trường đạt chuẩn quốc gia trên 80%, ở vùng khó khăn từ 60% trở lên. " * 3,
        "The café served crème brûlée, piña colada and jalapeño to naïve visitors from São Paulo and Zürich. " * 3,
        "Plain ASCII report: growth 6.5 percent, budget 1,100 billion.",
        "Nhiệt độ trung bình 25°C ± 2°, chỉ số «xanh» tăng ½ bậc, 3 × 4 = 12.",
    ],
    ids=["vietnamese", "vietnamese-2", "latin-accents", "ascii", "symbols"],
)
def test_detection_leaves_unicode_alone(text: str) -> None:
    assert detect_legacy(text) is None
    assert fix_legacy(text) == text


def test_detection_finds_legacy_text() -> None:
    assert detect_legacy(encode_vni(SAMPLE)) == VNI
    assert detect_legacy("".join(run for run, _ in encode_tcvn3(SAMPLE))) == TCVN3


@pytest.mark.parametrize(
    ("font", "expected"),
    [(".VnTime", (TCVN3, False)), (".VnTimeH", (TCVN3, True)), (".VnArial Narrow", (TCVN3, False)),
     ("VNI-Times", (VNI, False)), ("Times New Roman", (None, False)), (None, (None, False))],
)
def test_font_encoding(font: str | None, expected: tuple[str | None, bool]) -> None:
    assert font_encoding(font) == expected


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-bom"),
        (SAMPLE.encode("utf-16"), "utf-16-bom"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-32"), "utf-32-bom"),
        (encode_cp1258(SAMPLE), "cp1258-decomposed"),
        (legacy_bytes(encode_vni(SAMPLE)), "vni-bytes"),
        (encode_vni(SAMPLE).encode("utf-8"), "vni-as-utf8"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_decode_text(data: bytes, name: str) -> None:
    assert decode_text(data, "mau.txt") == SAMPLE


def test_decode_text_tcvn3_bytes_lose_only_upper_case_tones() -> None:
    data = legacy_bytes("".join(run for run, _ in encode_tcvn3(SAMPLE)))
    decoded = decode_text(data, "mau.txt")
    assert decoded.lower() == SAMPLE.lower()
    assert decoded.startswith("Năm tới")
