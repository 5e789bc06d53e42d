"""Files chitieu must refuse with one line, quickly: corrupt, encrypted, empty, oversized, zip bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from chitieu.errors import InputError
from chitieu.intake import readers
from chitieu.intake.readers import read_document
from tests.intake.pdf_files import write_pdf


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(InputError) as info:  # how fast belongs in bench/, not in a test a busy machine runs
        read_document(path)
    message = str(info.value)
    assert "\n" not in message and path.name in message
    for word in words:
        assert word in message
    return message


def test_zip_bomb_docx(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * (64 * 1024 * 1024) + b">")
    assert path.stat().st_size < 1024 * 1024
    _refused(path, "bom nén")


def test_declared_total_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chitieu.intake import archive

    source = tmp_path / "that.docx"
    document = docx.Document()
    document.add_paragraph("Một đoạn văn ngắn.")
    document.save(str(source))
    monkeypatch.setattr(archive, "MAX_UNCOMPRESSED", 1000)
    _refused(source, "quá lớn")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "doi-ten.docx"
    path.write_text("Đây là văn bản thường, chỉ đổi đuôi thành docx.", encoding="utf-8")
    _refused(path, "ZIP")


def test_zip_without_document(tmp_path: Path) -> None:
    path = tmp_path / "rong.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "không có gì")
    _refused(path, "word/document.xml")


def test_truncated_docx(tmp_path: Path) -> None:
    source = tmp_path / "goc.docx"
    document = docx.Document()
    document.add_paragraph("Nội dung thử nghiệm cho tệp bị cắt.")
    document.save(str(source))
    path = tmp_path / "cat.docx"
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    _refused(path)


def test_encrypted_office_file(tmp_path: Path) -> None:
    path = tmp_path / "mat-khau.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    _refused(path, "mật khẩu")


def test_broken_document_xml(tmp_path: Path) -> None:
    source = tmp_path / "goc.docx"
    docx.Document().save(str(source))
    path = tmp_path / "xml-hong.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else data)
    _refused(path, "hỏng")


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "khoa.pdf", [[(72, 100, "Locked content")]], encrypt=True)
    _refused(path, "mật khẩu")


def test_zero_page_pdf(tmp_path: Path) -> None:
    _refused(write_pdf(tmp_path / "khong-trang.pdf", []), "không có trang")


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without end")
    _refused(path, "hỏng")


def test_oversized(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lon.txt"
    path.write_text("Chỉ tiêu " * 200, encoding="utf-8")
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    _refused(path, "quá lớn")


def test_binary_txt(tmp_path: Path) -> None:
    path = tmp_path / "nhi-phan.txt"
    path.write_bytes(bytes(range(256)) * 20)
    _refused(path, "nhị phân")


def test_broken_image(tmp_path: Path) -> None:
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    _refused(path)


@pytest.mark.parametrize("name", ["trang.html", "mau.docx", "mau.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    _refused(path, "rỗng")
