"""The whole consultation through the pages (TestClient) on a small draft written here: questions read from the
draft, five organisations (one comments on a single paragraph chosen from the list, one answers too late),
the consolidated figures on the page and in the .docx, and a second version with two changed targets."""

from __future__ import annotations

import io
import re
import warnings
from datetime import datetime, timedelta, timezone

import lxml.html
import pytest
from docx import Document as read_docx
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; the client works with httpx
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from chitieu.config import get_settings
from chitieu.extract.questions import draft_questions
from chitieu.intake import Document
from chitieu.register import open_register
from chitieu.register.accounts import create_token, create_user
from chitieu.web.app import create_app
from tests.conftest import Clock, migrated_sqlite
from tests.web.conftest import csrf_of

PASSWORD = "mat-khau-thu"
VN = timezone(timedelta(hours=7))
DRAFT = """HUYỆN ỦY ĐỒNG XUÂN

DỰ THẢO BÁO CÁO CHÍNH TRỊ
trình Đại hội đại biểu Đảng bộ huyện Đồng Xuân, nhiệm kỳ 2025-2030

Phần thứ nhất
KẾT QUẢ NHIỆM KỲ 2020-2025

I. KẾT QUẢ NỔI BẬT
Kinh tế của huyện tăng khá; đường giao thông nông thôn được nâng cấp ở hầu hết các xã.
Văn hóa, xã hội có tiến bộ; số hộ nghèo giảm nhanh.

II. HẠN CHẾ
Thu hút đầu tư còn ít, huyện chưa có cụm công nghiệp nào hoạt động.

Phần thứ hai
MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2025-2030

I. CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng giá trị sản xuất bình quân đạt 8,5%/năm.
2. Thu ngân sách nhà nước trên địa bàn năm 2030 đạt 950 tỷ đồng.
3. Tỷ lệ che phủ rừng đạt 58%.
4. Tỷ lệ hộ nghèo giảm bình quân 1,2%/năm.

II. NHIỆM VỤ, GIẢI PHÁP
Mở rộng vùng cây ăn quả, làm đường liên xã và dạy nghề cho thanh niên.

GỢI Ý MỘT SỐ NỘI DUNG THẢO LUẬN


VỀ KẾT QUẢ NỔI BẬT
Đề nghị tham gia ý kiến về:
- Kết quả nêu trong dự thảo đã sát thực tế của huyện chưa?
- Còn hạn chế nào cần nêu thêm?

VỀ CHỈ TIÊU CHỦ YẾU
Đề nghị cho ý kiến: Các chỉ tiêu có khả thi với nguồn lực của huyện không?

Nơi nhận:
- Như trên.
"""
ORGS = ["Ban Tuyên giáo Huyện ủy", "Ủy ban Mặt trận Tổ quốc huyện", "Huyện đoàn", "Hội Nông dân huyện",
        "Đảng ủy xã Hòa Bình"]
GROWTH = "Tốc độ tăng trưởng giá trị sản xuất bình quân"
BUDGET = "Thu ngân sách nhà nước trên địa bàn"
FOREST = "Tỷ lệ che phủ rừng"
POVERTY = "Tỷ lệ hộ nghèo giảm bình quân"


@pytest.fixture
def site(tmp_path):
    settings = get_settings(database_url=migrated_sqlite(tmp_path / "chitieu.sqlite"), secret_key="test-secret")
    register = open_register(settings)
    create_user(register, "quantri", PASSWORD, "admin")
    app = create_app(settings, register)
    app.state.clock = Clock(datetime(2026, 4, 1, 8, 0, tzinfo=VN))
    yield app
    register.engine.dispose()


def _form(html: str) -> tuple[dict[str, int], dict[str, int], dict[int, dict[str, str]]]:
    """From a response page: target label -> id, section title -> id, section id -> {paragraph text: line}."""
    page = lxml.html.fromstring(html)
    targets = {}
    for row in page.xpath("//tr[.//span[@class='target-label']]"):
        label = row.xpath(".//span[@class='target-label']")[0].text_content()
        targets[label] = int(row.xpath(".//input[@type='radio']")[0].get("name")[2:])
    sections, paragraphs = {}, {}
    for block in page.xpath("//details"):
        section = int(block.xpath(".//textarea")[0].get("name")[3:].split("-")[0])
        sections[" ".join(block.xpath("./summary")[0].text_content().split())] = section
        paragraphs[section] = {o.text_content().split(": ", 1)[1]: o.get("value")
                               for o in block.xpath(".//select/option") if o.get("value")}
    return targets, sections, paragraphs


def _cells(html: str, label: str) -> list[str]:
    page = lxml.html.fromstring(html)
    rows = [r for r in page.xpath("//tr") if len(r.xpath("./td")) > 1 and r.xpath("./td")[1].text_content() == label]
    assert len(rows) == 1, label
    return [" ".join(td.text_content().split()) for td in rows[0].xpath("./td")]


def test_draft_questions_need_their_heading():
    assert draft_questions(Document.from_text(DRAFT.split("GỢI Ý")[0])) == []
    found = draft_questions(Document.from_text(DRAFT))
    assert [(q.part, q.text) for q in found] == [
        ("KẾT QUẢ NỔI BẬT", "Kết quả nêu trong dự thảo đã sát thực tế của huyện chưa?"),
        ("KẾT QUẢ NỔI BẬT", "Còn hạn chế nào cần nêu thêm?"),
        ("CHỈ TIÊU CHỦ YẾU", "Các chỉ tiêu có khả thi với nguồn lực của huyện không?")]


def test_consultation_journey_through_the_pages(site):
    clock = site.state.clock
    staff = TestClient(site)
    token = csrf_of(staff.get("/login").text)
    staff.post("/login", data={"username": "quantri", "password": PASSWORD, "csrf_token": token})
    listing = staff.get("/consultations")
    assert 'name="from_draft"' in listing.text
    created = staff.post("/consultations", data={
        "csrf_token": csrf_of(listing.text), "title": "Báo cáo chính trị huyện Đồng Xuân",
        "issuer": "Tiểu ban Văn kiện",
        "deadline": "2026-04-15T17:00", "invitees": "\n".join(ORGS), "from_draft": "1",
        "questions": "Dự thảo có cần thêm phần nào không?"},
        files={"file": ("du-thao.txt", DRAFT.encode(), "text/plain")})
    assert created.status_code == 200, created.text[:500]
    assert "Câu hỏi gợi ý (4)" in created.text and "Còn hạn chế nào cần nêu thêm?" in created.text
    links = dict(zip(ORGS, re.findall(r"(/y-kien/[A-Za-z0-9_-]{43})", created.text), strict=True))

    people = {name: TestClient(site) for name in ORGS}
    first = people[ORGS[0]].get(links[ORGS[0]])
    targets, sections, paragraphs = _form(first.text)
    assert list(targets) == [GROWTH, BUDGET, FOREST, POVERTY]
    results = sections["I. KẾT QUẢ NỔI BẬT"]
    line = DRAFT.split("\n").index("Văn hóa, xã hội có tiến bộ; số hộ nghèo giảm nhanh.") + 1
    assert paragraphs[results] == {
        "Kinh tế của huyện tăng khá; đường giao thông nông thôn được nâng cấp ở hầu hết các xã.": str(line - 1),
        "Văn hóa, xã hội có tiến bộ; số hộ nghèo giảm nhanh.": str(line)}
    assert "Kết quả nêu trong dự thảo đã sát thực tế của huyện chưa?" in first.text
    g, b, f = targets[GROWTH], targets[BUDGET], targets[FOREST]
    answers = {
        ORGS[0]: {f"j-{g}": "adjust", f"v-{g}": "7,5", f"r-{g}": "Vốn đầu tư công giảm.", f"j-{b}": "feasible",
                  f"c-s{results}-0": "Nêu số hộ thoát nghèo.",
                  f"l-s{results}-0": paragraphs[results]["Văn hóa, xã hội có tiến bộ; số hộ nghèo giảm nhanh."]},
        ORGS[1]: {f"j-{g}": "adjust", f"v-{g}": "8", f"j-{b}": "adjust", f"v-{b}": "1.000", f"j-{f}": "adjust",
                  f"v-{f}": "59", "c-g-0": "Nên rút gọn phần đánh giá."},
        ORGS[2]: {f"j-{g}": "infeasible", f"v-{g}": "7", f"j-{b}": "adjust", f"v-{b}": "900", f"j-{f}": "feasible"},
        ORGS[3]: {f"j-{g}": "feasible", f"j-{b}": "adjust", f"v-{b}": "1.000", f"j-{f}": "adjust", f"v-{f}": "60"},
    }
    for number, (name, answer) in enumerate(answers.items()):
        clock.moment = datetime(2026, 4, 3 + number, 9, 0, tzinfo=VN)
        page = people[name].get(links[name])
        sent = people[name].post(links[name], data={"csrf_token": csrf_of(page.text), **answer, "submit": "1"})
        assert sent.status_code == 200 and f"Đã gửi ý kiến. Cảm ơn {name}." in sent.text, sent.text[:300]

    late = people[ORGS[4]]
    page = late.get(links[ORGS[4]])
    assert '<button type="submit" name="submit" value="confirm" class="primary">Gửi ý kiến…</button>' in page.text
    clock.moment = datetime(2026, 4, 15, 17, 0, 1, tzinfo=VN)
    refused = late.post(links[ORGS[4]], data={"csrf_token": csrf_of(page.text), f"j-{g}": "adjust", f"v-{g}": "9",
                                              "submit": "1"})
    assert refused.status_code == 403
    assert ("Đã hết hạn góp ý vào dự thảo (hạn chót 17:00 ngày 15/04/2026); ý kiến của Đảng ủy xã Hòa Bình gửi lúc "
            "17:00 ngày 15/04/2026 không được tiếp nhận.") in refused.text
    assert "Đã hết hạn góp ý" in late.get(links[ORGS[4]]).text

    clock.moment = datetime(2026, 4, 16, 8, 0, tzinfo=VN)
    detail = staff.get("/consultations/1")
    assert "đã hết hạn · đã gửi 4/5" in " ".join(detail.text.split())
    assert _cells(detail.text, GROWTH)[2:] == ["8,5%/năm", "4", "1", "2", "1", "7 - 8", "7,5"]
    assert _cells(detail.text, BUDGET)[2:] == ["950 tỷ đồng", "4", "1", "3", "0", "900 - 1.000", "1.000"]
    assert _cells(detail.text, FOREST)[2:] == ["58%", "3", "1", "2", "0", "59 - 60", "59,5"]
    assert _cells(detail.text, POVERTY)[2:] == ["1,2%/năm", "0", "0", "0", "0", "", ""]
    assert f"<b>{ORGS[0]}</b> (dòng {line}): Nêu số hộ thoát nghèo." in detail.text

    report = read_docx(io.BytesIO(staff.get("/consultations/1/report.docx?version=1").content))
    rows = {row.cells[1].text: [c.text for c in row.cells][2:] for row in report.tables[1].rows[1:]}
    assert rows == {GROWTH: ["8,5%/năm", "4", "1", "2", "1", "7 - 8", "7,5"],
                    BUDGET: ["950 tỷ đồng", "4", "1", "3", "0", "900 - 1.000", "1.000"],
                    FOREST: ["58%", "3", "1", "2", "0", "59 - 60", "59,5"],
                    POVERTY: ["1,2%/năm", "0", "0", "0", "0", "", ""]}
    paragraphs_text = [p.text for p in report.paragraphs]
    assert f"- {ORGS[0]} (dòng {line}): Nêu số hộ thoát nghèo." in paragraphs_text
    assert f"Các cơ quan, tổ chức chưa gửi ý kiến: {ORGS[4]}." in paragraphs_text

    second = DRAFT.replace("đạt 8,5%/năm", "đạt 7,5%/năm").replace("950 tỷ đồng", "1.000 tỷ đồng")
    changed = staff.post("/consultations/1/versions", data={"csrf_token": csrf_of(detail.text)},
                         files={"file": ("du-thao-lan-2.txt", second.encode(), "text/plain")})
    assert changed.status_code == 200 and changed.url.path == "/consultations/1/changes"
    assert "2 chỉ tiêu thay đổi · 2 chỉ tiêu giữ nguyên" in changed.text
    page = lxml.html.fromstring(changed.text)
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("./td")] for tr in page.xpath("//tbody/tr")]
    assert [row[0] for row in rows] == ["Thay đổi giá trị"] * 2
    assert [s.text_content() for s in page.xpath("//tbody//span[@class='target-label']")] == [GROWTH, BUDGET]
    assert [(row[2], row[3]) for row in rows] == [("8,5%/năm", "7,5%/năm"), ("950 tỷ đồng", "1.000 tỷ đồng")]
    taken = [[li.text_content() for li in tr.xpath(".//li") if "✓" in li.text_content()]
             for tr in page.xpath("//tbody/tr")]
    assert taken == [[f"{ORGS[0]}: Cần điều chỉnh, đề xuất 7,5 ✓; Vốn đầu tư công giảm."],
                     [f"{ORGS[1]}: Cần điều chỉnh, đề xuất 1.000 ✓", f"{ORGS[3]}: Cần điều chỉnh, đề xuất 1.000 ✓"]]


def _signed_in(app, username: str) -> TestClient:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    return client


def test_an_invited_organisation_answers_with_its_account(site):
    register = site.state.register
    create_user(register, "sotaichinh", PASSWORD, "viewer")
    staff = _signed_in(site, "quantri")
    form = {"csrf_token": csrf_of(staff.get("/consultations").text), "title": "Báo cáo chính trị huyện Đồng Xuân",
            "deadline": "2026-04-15T17:00"}
    draft = {"file": ("du-thao.txt", DRAFT.encode(), "text/plain")}

    refused = staff.post("/consultations", data={**form, "invitees": "Sở Tài chính | khongco"}, files=draft)
    assert refused.status_code == 400 and "khongco" in refused.text
    assert ">Sở Tài chính | khongco</textarea>" in refused.text  # the form again, with what was typed
    assert "Báo cáo chính trị huyện Đồng Xuân" not in staff.get("/consultations").text  # nothing half-made

    created = staff.post("/consultations", data={**form, "invitees": "Sở Tài chính | sotaichinh\nHuyện đoàn"},
                         files=draft)
    assert created.status_code == 200
    rows = {r[0]: r[1] for r in ([td.text_content() for td in tr.xpath("./td")]
                                 for tr in lxml.html.fromstring(created.text).xpath("//tbody/tr"))}
    assert (rows["Sở Tài chính"], rows["Huyện đoàn"]) == ("sotaichinh", "—")
    consultation = int(re.search(r"Đã tạo đợt lấy ý kiến số (\d+)", created.text)[1])

    person = _signed_in(site, "sotaichinh")
    listing = person.get("/y-kien")
    assert 'href="/y-kien" aria-current="page">Góp ý dự thảo' in listing.text
    assert f'href="/consultations/{consultation}/respond">Góp ý →' in listing.text and "Chưa góp ý" in listing.text
    page = person.get(f"/consultations/{consultation}/respond")
    assert page.status_code == 200 and "Sở Tài chính" in page.text
    targets, _, _ = _form(page.text)
    saved = person.post(f"/consultations/{consultation}/respond",
                        data={"csrf_token": csrf_of(page.text), f"j-{targets[GROWTH]}": "feasible"})
    assert saved.status_code == 200
    assert "Đang soạn" in person.get("/y-kien").text

    def api(username: str, path: str):
        token = create_token(register, username, "thử", "quantri")
        return TestClient(site).get(path, headers={"Authorization": f"Bearer {token}"}).json()

    mine = api("sotaichinh", "/api/invitations")
    assert [(i["consultation_id"], i["organisation"], i["state"]) for i in mine] == [
        (consultation, "Sở Tài chính", "draft")]
    summary = api("quantri", f"/api/consultations/{consultation}")
    assert {i["name"]: i["state"] for i in summary["invitees"]} == {"Sở Tài chính": "draft", "Huyện đoàn": "none"}
    assert consultation in [c["id"] for c in api("quantri", "/api/consultations")]
    assert _signed_in(site, "quantri").get("/y-kien").text.count("/respond") == 0  # staff were not invited
