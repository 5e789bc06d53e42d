"""The consultation pages: staff create and consolidate, an organisation answers through its private link."""

from __future__ import annotations

import html
import io
import re
import warnings

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; the client works with httpx
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from chitieu.config import get_settings
from chitieu.register import open_register
from chitieu.register.accounts import create_user
from chitieu.register.consultation.service import invite
from chitieu.register.db.consultation import Consultation, ConsultationSection, ConsultationTarget, Response
from chitieu.web.app import create_app
from chitieu.web.routes import consultation
from tests.conftest import migrated_sqlite
from tests.consultation.conftest import DRAFT

PASSWORD = "mat-khau-thu"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def login(client: TestClient, username: str) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 200, response.text[:300]


@pytest.fixture
def site(tmp_path):
    settings = get_settings(database_url=migrated_sqlite(tmp_path / "chitieu.sqlite"), secret_key="test-secret")
    register = open_register(settings)
    create_user(register, "quantri", PASSWORD, "admin")
    create_user(register, "nguoixem", PASSWORD, "viewer")
    app = create_app(settings, register)
    app.include_router(consultation.router)
    yield app, register
    register.engine.dispose()


def test_create_answer_consolidate_and_compare(site):
    app, register = site
    staff = TestClient(app)
    login(staff, "quantri")
    token = csrf_of(staff.get("/consultations").text)
    page = staff.post("/consultations", data={
        "csrf_token": token, "title": "Báo cáo chính trị huyện Sông Xanh", "deadline": "2999-01-31T17:00",
        "invitees": "Huyện đoàn\nHội Nông dân huyện\n", "questions": "Chỉ tiêu chủ yếu :: Các chỉ tiêu có khả thi?"},
        files={"file": ("du-thao.txt", DRAFT.encode(), "text/plain")})
    assert page.status_code == 200, page.text[:500]
    links = re.findall(r"/y-kien/([A-Za-z0-9_-]{43})", page.text)
    assert len(links) == 2
    with register.factory() as session:
        growth = session.scalar(select(ConsultationTarget.id).where(ConsultationTarget.value == 9))
        results = session.scalar(select(ConsultationSection.id).where(ConsultationSection.title == "KẾT QUẢ NỔI BẬT"))

    outsider = TestClient(app)
    form_page = outsider.get(f"/y-kien/{links[0]}")
    assert form_page.status_code == 200 and "Huyện đoàn" in form_page.text
    assert "Các chỉ tiêu có khả thi?" in form_page.text
    answer = {"csrf_token": csrf_of(form_page.text), f"j-{growth}": "adjust", f"v-{growth}": "8,5",
              f"r-{growth}": "Vốn đầu tư chậm.", f"c-s{results}-0": "Nêu rõ số chi bộ.", f"l-s{results}-0": "11",
              "c-g-0": "Dự thảo nên gọn hơn.", "submit": "0"}
    saved = outsider.post(f"/y-kien/{links[0]}", data=answer)
    assert saved.status_code == 200 and "Đã lưu bản nháp" in saved.text and 'value="8,5"' in saved.text
    submitted = outsider.post(f"/y-kien/{links[0]}", data={**answer, "submit": "1"})
    assert "Đã gửi ý kiến" in submitted.text and "disabled" in submitted.text
    again = outsider.post(f"/y-kien/{links[0]}", data=answer)
    assert again.status_code == 409 and "không sửa được" in again.text
    assert outsider.get("/y-kien/" + "x" * 43).status_code == 403

    detail = staff.get("/consultations/1")
    assert detail.status_code == 200 and "Nêu rõ số chi bộ." in detail.text and "1/2" in detail.text
    report = Document(io.BytesIO(staff.get("/consultations/1/report.docx").content))
    row = [c.text for c in report.tables[1].rows[1].cells]
    assert row[3:] == ["1", "0", "1", "0", "8,5", "8,5"]
    book = load_workbook(io.BytesIO(staff.get("/consultations/1/responses.xlsx").content))
    assert book["Ý kiến"]["E2"].value == 11

    token = csrf_of(detail.text)
    changed = staff.post("/consultations/1/versions", data={"csrf_token": token},
                         files={"file": ("lan-2.txt", DRAFT.replace("đạt 9%/năm", "đạt 8,5%/năm").encode())})
    assert changed.status_code == 200 and changed.url.path == "/consultations/1/changes"
    assert "Thay đổi giá trị" in changed.text and "8,5%/năm" in changed.text and "Huyện đoàn" in changed.text

    viewer = TestClient(app)
    login(viewer, "nguoixem")
    assert viewer.get("/consultations").status_code == 403
    assert viewer.get("/consultations/1/respond").status_code == 403
    invite(register, 1, ["Hội Cựu chiến binh huyện"], user_ids={"Hội Cựu chiến binh huyện": 2})
    own = viewer.get("/consultations/1/respond")
    assert own.status_code == 200 and "Hội Cựu chiến binh huyện" in own.text and "dự thảo lần 2" in own.text


SUBSECTIONS = DRAFT.replace("3. Tỷ lệ che", "b) Về xã hội\n3. Tỷ lệ che")


def _create(staff: TestClient, questions: str) -> object:
    token = csrf_of(staff.get("/consultations").text)
    return staff.post("/consultations", data={
        "csrf_token": token, "title": "Báo cáo chính trị huyện Sông Xanh", "deadline": "2999-01-31T17:00",
        "issuer": "Tiểu ban Văn kiện", "invitees": "Huyện đoàn\nHội Nông dân huyện", "questions": questions},
        files={"file": ("du-thao.txt", SUBSECTIONS.encode(), "text/plain")})


def test_a_question_names_its_part_with_the_marker_and_the_part_shows_as_the_draft_writes_it(site):
    app, _ = site
    staff = TestClient(app)
    login(staff, "quantri")
    page = _create(staff, "b) Về xã hội :: Tỷ lệ che phủ rừng có khả thi?")
    assert page.status_code == 200, page.text[:500]
    assert "các chỉ tiêu đưa ra lấy ý kiến là các chỉ tiêu trích tự động từ dự thảo" in page.text  # never reviewed
    link = re.findall(r"/y-kien/([A-Za-z0-9_-]{43})", page.text)[0]
    form = TestClient(app).get(f"/y-kien/{link}").text
    summary = re.search(r"<summary>\s*b\) Về xã hội\s*(<span|</summary>)[\s\S]*?Tỷ lệ che phủ rừng có khả thi\?",
                        form)
    assert summary, "the question is not under its part, or the part is not written 'b) Về xã hội'"
    assert "b). " not in form and "I. KẾT QUẢ NỔI BẬT" in form


def test_a_question_about_an_unknown_part_reshows_the_form_with_what_was_typed(site):
    app, register = site
    staff = TestClient(app)
    login(staff, "quantri")
    page = _create(staff, "c) Về môi trường :: Có nên thêm chỉ tiêu rác thải?\nCâu hỏi chung?")
    text = html.unescape(page.text)
    assert page.status_code == 400
    assert "Dự thảo không có phần nào có tiêu đề 'c) Về môi trường'" in text
    assert "Không tìm thấy" not in text and "Chọn lại tệp dự thảo (du-thao.txt)" in text
    assert 'value="Báo cáo chính trị huyện Sông Xanh"' in text and 'value="2999-01-31T17:00"' in text
    assert 'value="Tiểu ban Văn kiện"' in text
    assert ">Huyện đoàn\nHội Nông dân huyện</textarea>" in text
    assert ">c) Về môi trường :: Có nên thêm chỉ tiêu rác thải?\nCâu hỏi chung?</textarea>" in text
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(Consultation)) == 0


def _invited(site) -> tuple[TestClient, str, str, dict[float, int]]:
    """A consultation created by staff on the page; an organisation's client, its link, its form page and the
    targets' ids by their value in the draft."""
    app, register = site
    staff = TestClient(app)
    login(staff, "quantri")
    link = "/y-kien/" + re.findall(r"/y-kien/([A-Za-z0-9_-]{43})", _create(staff, "").text)[0]
    with register.factory() as session:
        ids = {t.value: t.id for t in session.scalars(select(ConsultationTarget))}
    outsider = TestClient(app)
    return outsider, link, outsider.get(link).text, ids


def test_sending_asks_for_confirmation_first_and_keeps_what_was_typed(site):
    register = site[1]
    outsider, link, form, ids = _invited(site)
    growth = ids[9]
    assert 'name="submit" value="confirm"' in form and 'name="submit" value="1"' not in form
    answer = {"csrf_token": csrf_of(form), f"j-{growth}": "adjust", f"v-{growth}": "8,5",
              f"r-{growth}": "Vốn đầu tư chậm.", "c-g-0": "Dự thảo nên gọn hơn.", "submit": "confirm"}
    asked = outsider.post(link, data=answer)
    assert asked.status_code == 200 and "Xác nhận gửi ý kiến chính thức" in asked.text
    assert "đánh giá 1/4 chỉ tiêu, 1 ý kiến" in asked.text and 'name="submit" value="1"' in asked.text
    assert 'value="8,5"' in asked.text and 'value="Vốn đầu tư chậm."' in asked.text
    assert "Dự thảo nên gọn hơn.</textarea>" in asked.text and "Đã gửi ý kiến" not in asked.text
    with register.factory() as session:
        assert session.scalar(select(Response.state)) == "draft"
    sent = outsider.post(link, data={**answer, "submit": "1"})
    assert "Đã gửi ý kiến. Cảm ơn Huyện đoàn." in sent.text and "Xác nhận gửi ý kiến chính thức" not in sent.text
    with register.factory() as session:
        assert session.scalar(select(Response.state)) == "submitted"


def test_a_proposed_value_that_is_not_a_number_reshows_the_answer_as_typed(site):
    register = site[1]
    outsider, link, form, ids = _invited(site)
    growth, budget = ids[9], ids[1100]
    with register.factory() as session:
        results = session.scalar(select(ConsultationSection.id).where(ConsultationSection.title == "KẾT QUẢ NỔI BẬT"))
    answer = {"csrf_token": csrf_of(form), f"j-{growth}": "adjust", f"v-{growth}": "tám rưỡi",
              f"r-{growth}": "Vốn đầu tư chậm.", f"j-{budget}": "feasible", f"c-t{budget}-0": "Giữ nguyên.",
              f"c-s{results}-0": "Nêu rõ số chi bộ.", f"l-s{results}-0": "11", "c-g-0": "Dự thảo nên gọn hơn.",
              "submit": "confirm"}
    page = outsider.post(link, data=answer)
    text = html.unescape(page.text)
    assert page.status_code == 422
    assert ("Giá trị đề xuất 'tám rưỡi' không phải là số; viết như 6,5 hoặc 1.250,5. Chưa lưu; hãy sửa rồi bấm lại."
            in text)
    assert 'value="tám rưỡi" aria-invalid="true"' in text and 'value="Vốn đầu tư chậm."' in text
    assert re.search(rf'name="j-{growth}" value="adjust"\s+checked', text)
    assert re.search(rf'name="j-{budget}" value="feasible"\s+checked', text)
    assert ">Giữ nguyên.</textarea>" in text and ">Nêu rõ số chi bộ.</textarea>" in text
    assert ">Dự thảo nên gọn hơn.</textarea>" in text and re.search(r'<option value="11"\s+selected', text)
    assert "Xác nhận gửi ý kiến chính thức" not in text
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 0
