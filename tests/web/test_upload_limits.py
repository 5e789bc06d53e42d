"""Cheap hostile uploads (issue 13) answer 413 with one Vietnamese line naming the limit, store nothing, and do not
hold up the pages of other users; the review page of a long document stays small."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chitieu.config import get_settings
from chitieu.register.db import Actual
from chitieu.register.db.models import Change
from chitieu.register.db.workflow import PendingActual, StagedDocument
from chitieu.register.documents import review
from chitieu.web.app import create_app
from chitieu.web.exports import XLSX_TYPE
from chitieu.web.routes.review import REVIEW_LINES
from chitieu.web.uploads import upload_budget
from tests.intake.hostile_files import far_cell_template, inflated_docx, scanned_pdf
from tests.web.conftest import Site, build_site, csrf_of, login, upload_sample

SCAN_LINE = "Tệp 'quet.pdf' có 2.000 trang cần nhận dạng chữ (OCR), vượt giới hạn 50 trang."


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A site whose uploads may expand to 1 MB, two conversions at a time."""
    site = build_site(tmp_path_factory.mktemp("limits"))
    settings = site.app.state.settings.model_copy(update={"upload_max_uncompressed_mb": 1, "upload_workers": 2})
    yield Site(site.register, create_app(settings, site.register), site.token, site.folder)
    site.register.engine.dispose()


def _stored(site: Site) -> tuple[int, ...]:
    """How many rows of what an upload could write: history, staged documents, pending and recorded values."""
    with site.register.factory() as session:
        return tuple(session.scalar(select(func.count()).select_from(table)) or 0
                     for table in (Change, StagedDocument, PendingActual, Actual))


def _upload(client, files: list[tuple[str, bytes]], **headers: str):
    token = csrf_of(client.get("/upload").text)
    return client.post("/upload", data={"csrf_token": token}, headers=headers,
                       files=[("files", (name, data, "application/octet-stream")) for name, data in files])


def test_a_2000_page_scan_is_refused_early_with_one_line(limited: Site, tmp_path: Path) -> None:
    data = scanned_pdf(tmp_path / "quet.pdf", 2000).read_bytes()
    before = _stored(limited)
    client = limited.client("bientap_ls")
    page = _upload(client, [("quet.pdf", data)])
    assert page.status_code == 413 and SCAN_LINE in unescape(page.text)
    fragment = _upload(client, [("quet.pdf", data)], **{"HX-Request": "true"})
    assert fragment.status_code == 413 and SCAN_LINE in unescape(fragment.text)
    assert fragment.headers["HX-Retarget"] == "#flash"
    api = limited.client().post("/api/documents", headers={"Authorization": f"Bearer {limited.token}"},
                                files=[("files", ("quet.pdf", data, "application/pdf"))])
    assert api.status_code == 413 and api.json() == {"detail": SCAN_LINE}
    assert _stored(limited) == before


def test_a_docx_over_the_expanded_size_is_refused(limited: Site, tmp_path: Path) -> None:
    data = inflated_docx(tmp_path / "phinh.docx", megabytes=3).read_bytes()
    before = _stored(limited)
    response = _upload(limited.client("bientap_ls"), [("phinh.docx", data)])
    assert response.status_code == 413
    assert "Tệp 'phinh.docx' giải nén ra 3 MB, vượt giới hạn 1 MB." in unescape(response.text)
    assert _stored(limited) == before


def test_a_batch_with_a_file_over_a_cheap_limit_is_refused_before_any_is_staged(limited: Site,
                                                                               tmp_path: Path) -> None:
    sample = upload_sample()
    scan = scanned_pdf(tmp_path / "quet.pdf", 2000).read_bytes()
    before = _stored(limited)
    response = _upload(limited.client("bientap_ls"), [(sample.name, sample.read_bytes()), ("quet.pdf", scan)])
    assert response.status_code == 413 and SCAN_LINE in unescape(response.text)
    assert _stored(limited) == before


def test_a_file_over_a_limit_met_while_reading_leaves_the_ones_before_staged(limited: Site) -> None:
    """Lines are counted once the file is read: the files before it are staged, nothing of it is."""
    sample = upload_sample()
    long_text = "\n".join(f"Dòng {n}." for n in range(25_000)).encode()
    with limited.register.factory() as session:
        staged_before = session.scalar(select(func.count()).select_from(StagedDocument))
    response = _upload(limited.client("bientap_ls"), [(sample.name, sample.read_bytes()), ("dai.txt", long_text)])
    assert response.status_code == 413
    assert "Tệp 'dai.txt' có 25.000 dòng văn bản, vượt giới hạn 20.000 dòng." in unescape(response.text)
    with limited.register.factory() as session:
        names = list(session.scalars(select(StagedDocument.name).order_by(StagedDocument.id)))
    assert len(names) == staged_before + 1 and names[-1] == sample.name
    review.discard(limited.register, _last_staged(limited), "admin")


def _last_staged(site: Site) -> int:
    with site.register.factory() as session:
        return int(session.scalar(select(func.max(StagedDocument.id))) or 0)


def test_a_template_with_a_cell_at_a1048576_is_refused(limited: Site, tmp_path: Path) -> None:
    data = far_cell_template(tmp_path / "xa.xlsx").read_bytes()
    before = _stored(limited)
    client = limited.client("soyte_ls")
    token = csrf_of(client.get("/approvals").text)
    response = client.post("/actuals/template", data={"csrf_token": token},
                           files={"file": ("xa.xlsx", data, XLSX_TYPE)})
    assert response.status_code == 413
    assert "Tệp 'xa.xlsx' có ô ở dòng 1.048.576, vượt giới hạn 5.000 dòng." in unescape(response.text)
    assert _stored(limited) == before


def test_uploads_wait_their_turn_without_holding_the_pages(limited: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six uploads at once: two convert (``upload_workers``), four wait without a page thread, and the login page
    answers meanwhile (before, six uploads held the server's four page threads and /login waited for them)."""
    entered, release = threading.Semaphore(0), threading.Event()
    running = {"now": 0, "most": 0}
    lock = threading.Lock()

    def blocked_stage(*_args: object, **_kwargs: object) -> int:
        with lock:
            running["now"] += 1
            running["most"] = max(running["most"], running["now"])
        entered.release()
        try:
            assert release.wait(120), "never released"
            raise review.InputError("cho.txt", "dừng thử")
        finally:
            with lock:
                running["now"] -= 1

    monkeypatch.setattr(review, "stage_document", blocked_stage)
    sample = upload_sample()
    with limited.client() as client, ThreadPoolExecutor(8) as pool:
        login(client, "bientap_ls")
        uploads = [pool.submit(_upload, client, [(sample.name, sample.read_bytes())]) for _ in range(6)]
        try:
            assert entered.acquire(timeout=120) and entered.acquire(timeout=120)
            page = pool.submit(client.get, "/login").result(timeout=120)
            assert page.status_code in (200, 303) and not any(upload.done() for upload in uploads)
            assert running["most"] == 2
        finally:
            release.set()
        results = [upload.result(timeout=120) for upload in uploads]
    assert all(result.status_code == 200 and "dừng thử" in result.text for result in results)
    assert running["most"] == 2


def test_the_review_page_of_a_long_document_stays_small(limited: Site) -> None:
    lines = [f"{n}. Chỉ tiêu số {n}: tỷ lệ hộ nghèo giảm 1,5% mỗi năm." for n in range(1, 5001)]
    staged = review.stage_document(limited.register, "dai.txt", "\n".join(lines).encode(), "admin")
    try:
        page = limited.client("admin").get(f"/review/{staged}")
        assert page.status_code == 200
        assert page.text.count('data-line="') == REVIEW_LINES
        assert f"Trang chỉ hiện {REVIEW_LINES:,}/5,000 dòng".replace(",", ".") in page.text
        assert len(page.content) < 3 * 1024 * 1024
    finally:
        review.discard(limited.register, staged, "admin")


def test_the_limits_come_from_chitieu_upload_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHITIEU_UPLOAD_MAX_OCR_PAGES", "7")
    monkeypatch.setenv("CHITIEU_UPLOAD_MAX_UNCOMPRESSED_MB", "8")
    monkeypatch.setenv("CHITIEU_UPLOAD_ISOLATED", "false")
    budget = upload_budget(get_settings())
    assert (budget.ocr_pages, budget.uncompressed_bytes, budget.isolated) == (7, 8 * 1024 * 1024, False)


def test_a_consultation_draft_is_read_under_the_same_budget(limited: Site, tmp_path: Path) -> None:
    data = scanned_pdf(tmp_path / "quet.pdf", 2000).read_bytes()
    before = _stored(limited)
    client = limited.client("bientap_ls")
    form = {"csrf_token": csrf_of(client.get("/consultations").text), "title": "Dự thảo báo cáo chính trị",
            "deadline": "2099-04-15T17:00"}
    response = client.post("/consultations", data=form, files={"file": ("quet.pdf", data, "application/pdf")})
    assert response.status_code == 413 and SCAN_LINE in unescape(response.text)
    assert _stored(limited) == before and "Dự thảo báo cáo chính trị" not in client.get("/consultations").text
