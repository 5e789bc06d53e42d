"""The corpus as the files people have: each format must give the same items as the plain text.

Files are built at test time from ../shared/corpus (nothing from it is stored in the repository).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chitieu.extract import extract
from chitieu.intake.readers import read_document
from tests.intake.corpus_files import (
    docx_to_pdf,
    encode_cp1258,
    text_to_docx,
    text_to_html,
    text_to_legacy_bytes,
)
from tests.intake.scoring import CORPUS, agreement, extract_text

pytestmark = pytest.mark.corpus
AGREEMENT = 0.98


def _corpus() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not here")
    return files


def _build(kind: str, text: str, folder: Path, stem: str) -> Path:
    if kind == "docx":
        return text_to_docx(text, folder / f"{stem}.docx")
    if kind in ("docx-tcvn3", "docx-vni"):
        return text_to_docx(text, folder / f"{stem}.docx", encoding=kind.split("-")[1])
    if kind == "html":
        return text_to_html(text, folder / f"{stem}.html")
    path = folder / f"{stem}.txt"
    if kind == "txt-cp1258":
        path.write_bytes(encode_cp1258(text.replace("≥", ">=").replace("≤", "<=")))
    else:
        path.write_bytes(text_to_legacy_bytes(text, kind.split("-")[1]))
    return path


@pytest.mark.parametrize("kind", ["docx", "docx-tcvn3", "docx-vni", "html", "txt-tcvn3", "txt-vni", "txt-cp1258"])
def test_format_agrees_with_text(kind: str, tmp_path: Path) -> None:
    for source in _corpus():
        text = source.read_text(encoding="utf-8")
        reference = extract_text(text, source.stem)
        document = read_document(_build(kind, text, tmp_path, source.stem))
        share = agreement(reference, extract(document).items)
        assert share >= AGREEMENT, f"{kind} {source.stem}: {share:.3f}"


def _soffice() -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.mark.slow
def test_pdf_agrees_with_text(tmp_path: Path) -> None:
    _soffice()
    for source in _corpus():
        text = source.read_text(encoding="utf-8")
        pdf = docx_to_pdf(text_to_docx(text, tmp_path / f"{source.stem}.docx"), tmp_path)
        share = agreement(extract_text(text, source.stem), extract(read_document(pdf)).items)
        assert share >= AGREEMENT, f"pdf {source.stem}: {share:.3f}"



BAC_KAN = "000_5f2f628c74a0e697"  # the political report whose appendix is a table


@pytest.mark.slow
def test_pdf_of_borderless_table(tmp_path: Path) -> None:
    """The appendix printed without borders is read from word positions (issue 12).

    Measured: 209 items from the .docx and from this PDF; 92 before tables were read from word positions.
    """
    _soffice()
    source = CORPUS / f"{BAC_KAN}.txt"
    if not source.is_file():
        pytest.skip("../shared/corpus is not here")
    text = source.read_text(encoding="utf-8")
    docx_path = text_to_docx(text, tmp_path / f"{BAC_KAN}.docx", borders=False)
    from_docx = extract(read_document(docx_path)).items
    from_pdf = extract(read_document(docx_to_pdf(docx_path, tmp_path))).items
    assert len(from_docx) == len(extract_text(text, BAC_KAN))
    share = agreement(from_docx, from_pdf)
    assert share >= AGREEMENT, f"borderless pdf: {len(from_pdf)} items of {len(from_docx)}, agreement {share:.3f}"
