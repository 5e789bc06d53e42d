"""``safe_name``: what is left of an uploaded file's name is one plain name, whatever the client sent."""

from __future__ import annotations

import pytest

from chitieu.web.forms import DOCUMENT_SUFFIXES, UnsupportedUpload, UploadTooLarge, check_upload, safe_name

CASES = {
    "parent folders": ("../../etc/passwd", "passwd"),
    "absolute": ("/etc/passwd.md", "passwd.md"),
    "windows folders": ("..\\..\\Windows\\system.ini", "system.ini"),
    "drive letter": ("C:\\boot.md", "boot.md"),
    "drive letter only": ("C:boot.md", "C_boot.md"),
    "NUL": ("bao\x00cao.md", "baocao.md"),
    "control characters": ("\x1b[31mdo\r\n.md", "_[31mdo__.md"),
    "only dots": ("..", "tai-lieu.txt"),
    "dot folders": ("....//....//", "tai-lieu.txt"),
    "hidden file": (".bashrc", "bashrc"),
    "empty": ("", "tai-lieu.txt"),
    "none": (None, "tai-lieu.txt"),
    "Vietnamese kept": ("Nghị quyết số 28.docx", "Nghị quyết số 28.docx"),
    "decomposed accents composed": ("Nghi\u0323 quyê\u0301t.md", "Nghị quyết.md"),
    "long name keeps its suffix": ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
}


@pytest.mark.parametrize(("sent", "stored"), list(CASES.values()), ids=list(CASES))
def test_safe_name(sent: str | None, stored: str) -> None:
    assert safe_name(sent) == stored


def test_check_upload() -> None:
    check_upload("bao-cao.DOCX", 10, 100)
    with pytest.raises(UploadTooLarge, match="tối đa 1 MB"):
        check_upload("bao-cao.docx", 2 * 1024 * 1024, 1024 * 1024)
    for name in ("x.exe", "x", "x.docx.exe", "x.xlsx"):
        with pytest.raises(UnsupportedUpload, match=f"Không nhận tệp {name}"):
            check_upload(name, 10, 100)
    assert {".txt", ".md", ".docx", ".pdf", ".html", ".png"} <= DOCUMENT_SUFFIXES
