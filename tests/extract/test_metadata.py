"""extract_metadata on written header fixtures (tests/fixtures/metadata/*.yaml) and on the real corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from vietnam_provinces import Province

from chitieu.extract.lexicon import load_data
from chitieu.extract.metadata import extract_metadata, to_roman
from chitieu.intake.document import Document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "metadata"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FIELDS = {"issuer", "province", "number", "date", "doc_type", "congress", "term", "plan_year", "title"}


def _load() -> tuple[list[Any], list[Any]]:
    cases, no_crash = [], []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data.get("cases", []):
            cases.append(pytest.param(case, id=f"{path.stem}:{case['id']}"))
        for i, text in enumerate(data.get("no_crash", [])):
            no_crash.append(pytest.param(text, id=f"{path.stem}:no-crash-{i}"))
    return cases, no_crash


CASES, NO_CRASH = _load()


@pytest.mark.parametrize("case", CASES)
def test_header_fixture(case: dict[str, Any]) -> None:
    assert set(case["expected"]) <= FIELDS, "unknown field in fixture"
    meta = extract_metadata(Document.from_text(case["text"], case["id"]))
    got = {key: getattr(meta, key) for key in case["expected"]}
    assert got == case["expected"]
    for key, value in case.get("extra", {}).items():
        assert meta.extra.get(key) == value, key


@pytest.mark.parametrize("text", NO_CRASH)
def test_does_not_crash(text: str) -> None:
    meta = extract_metadata(Document.from_text(text, "x"))
    assert meta.doc == "x"
    assert meta.date is None or len(meta.date) == 10


def test_fixture_files_exist() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize(
    ("number", "roman"), [(1, "I"), (4, "IV"), (9, "IX"), (11, "XI"), (14, "XIV"), (19, "XIX"), (20, "XX"), (40, "XL")]
)
def test_to_roman(number: int, roman: str) -> None:
    assert to_roman(number) == roman


def test_every_province_today_is_known() -> None:
    """The data lists every province of today's vietnam-provinces list, and each merger names known provinces."""
    data = load_data("metadata")
    known = set(data["provinces"])
    today = {p.name.removeprefix("Thành phố ") for p in Province.iter_all()}
    assert today <= known
    assert set(data["merged_2025"]) <= today
    assert {p for olds in data["merged_2025"].values() for p in olds} <= known
    assert len(known - {"Huế"}) == 63


def test_every_doc_type_has_a_label_and_phrase() -> None:
    types = load_data("metadata")["doc_types"]
    for code in (
        "bao_cao_chinh_tri",
        "nghi_quyet",
        "thong_bao",
        "cong_van",
        "ke_hoach",
        "bao_cao",
        "quyet_dinh",
        "chi_thi",
        "ket_luan",
    ):
        assert types[code]["label"] and types[code]["phrases"], code


# Checked by hand against each document's header, signature and text.
CORPUS_EXPECTED: dict[str, dict[str, Any]] = {
    "000_5f2f628c74a0e697": {
        "issuer": "Tỉnh ủy Bắc Kạn",
        "province": "Bắc Kạn",
        "number": "493-BC/TU",
        "date": "2020-10-25",
        "doc_type": "bao_cao_chinh_tri",
        "congress": "XII",
        "term": "2020-2025",
        "plan_year": None,
    },
    "002_585e858f2a5dc860": {
        "issuer": "Tiểu ban Văn kiện Tỉnh ủy Thái Nguyên",
        "province": "Thái Nguyên",
        "number": "15-CV/TBVK",
        "date": "2020-03-31",
        "doc_type": "cong_van",
        "congress": "XX",
        "term": "2020-2025",
        "plan_year": None,
    },
    "003_80d04959fc9a9e21": {
        "issuer": "Tỉnh ủy Bắc Kạn",
        "province": "Bắc Kạn",
        "number": None,
        "date": "2023-12-05",
        "doc_type": "nghi_quyet",
        "congress": "XII",
        "term": "2020-2025",
        "plan_year": 2024,
    },
    "004_4b5e49ba4d4fc81f": {
        "issuer": None,
        "province": "Bắc Kạn",
        "number": None,
        "date": "2020-10-28",
        "doc_type": "thong_bao",
        "congress": "XII",
        "term": "2020-2025",
        "plan_year": None,
    },
}
CORPUS_TITLES = {
    "000_5f2f628c74a0e697": "NÂNG CAO NĂNG LỰC LÃNH ĐẠO",
    "002_585e858f2a5dc860": "Về việc tham gia đóng góp ý kiến vào dự thảo Báo cáo chính trị",
    "003_80d04959fc9a9e21": "NGHỊ QUYẾT HỘI NGHỊ LẦN THỨ 14",
    "004_4b5e49ba4d4fc81f": "TÀI LIỆU THÔNG BÁO NHANH KẾT QUẢ ĐẠI HỘI",
}


@pytest.mark.corpus
@pytest.mark.parametrize("stem", sorted(CORPUS_EXPECTED))
def test_corpus_metadata(stem: str) -> None:
    path = CORPUS / f"{stem}.txt"
    if not path.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    meta = extract_metadata(Document.from_text(path.read_text(encoding="utf-8"), stem))
    assert meta.doc == stem
    assert {key: getattr(meta, key) for key in CORPUS_EXPECTED[stem]} == CORPUS_EXPECTED[stem]
    assert meta.title is not None and meta.title.startswith(CORPUS_TITLES[stem])
