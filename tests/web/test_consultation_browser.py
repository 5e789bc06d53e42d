"""A consultation on the Thái Nguyên draft in the corpus, all through the pages in Debian's Chromium (Playwright)
against the real server: staff create it (questions read from the draft), five organisations answer by their
links (one on a single paragraph, one too late), the consolidation is checked on the page and in the downloaded
.docx, and a second version with two edited numbers shows exactly those two changes. The server's clock is
``app.state.clock``, moved by the test, so the deadline is exact without waiting.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider tests/web/test_consultation_browser.py
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from docx import Document as read_docx
from sqlalchemy import select

from chitieu.config import get_settings
from chitieu.intake import read_document
from chitieu.register import Register, open_register
from chitieu.register.accounts import create_user
from chitieu.register.db.consultation import ConsultationTarget
from chitieu.web.app import create_app
from tests.conftest import Clock
from tests.consultation.test_corpus_consultation import _edit_number
from tests.web.conftest import CHROMIUM, serving

pytestmark = [pytest.mark.browser, pytest.mark.corpus]

DRAFT = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "002_585e858f2a5dc860.txt"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
PASSWORD = "mat-khau-thu"
VN = timezone(timedelta(hours=7))
ORGS = ["Sở Kế hoạch và Đầu tư", "Ủy ban Mặt trận Tổ quốc tỉnh", "Tỉnh đoàn", "Đảng ủy Khối doanh nghiệp",
        "Báo Thái Nguyên"]
GROWTH = "Tốc độ tăng trưởng kinh tế (GRDP) bình quân"
FOREST = "Ổn định tỷ lệ che phủ rừng"
INCOME = "GRDP bình quân đầu người"
SUBMIT = "Gửi ý kiến…"  # saves and asks to confirm
CONFIRM = "#confirm button:has-text('Xác nhận gửi ý kiến')"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Register]]:
    if not DRAFT.is_file():
        pytest.skip("../shared/corpus is not here")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed")
    folder = tmp_path_factory.mktemp("consultation")
    settings = get_settings(database_url=f"sqlite:///{folder}/chitieu.sqlite", secret_key="test-secret")
    register = open_register(settings)
    create_user(register, "quantri", PASSWORD, "admin")
    app = create_app(settings, register)
    app.state.clock = Clock(datetime(2026, 4, 1, 8, 0, tzinfo=VN))
    with serving(app) as base:
        yield base, app, register
    register.engine.dispose()


def _page(browser: Any, width: int = 1366, height: int = 768) -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(20_000)
    return context.new_page()


def _staff(browser: Any, base: str) -> Any:
    """A page signed in as the administrator, on the overview."""
    staff = _page(browser)
    staff.goto(f"{base}/login")
    staff.fill("input[name=username]", "quantri")
    staff.fill("input[name=password]", PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url(f"{base}/")
    return staff


def _exact(text: str) -> re.Pattern[str]:
    return re.compile(f"^{re.escape(text)}$")


def _judge(page: Any, label: str, code: str, value: str = "", reason: str = "") -> None:
    row = page.locator("tr", has=page.locator("span.target-label", has_text=_exact(label)))
    row.locator(f"input[type=radio][value={code}]").check()
    if value:
        row.locator("input[name^='v-']").fill(value)
    if reason:
        row.locator("input[name^='r-']").fill(reason)


def _section(page: Any, title: str) -> Any:
    block = page.locator("details", has=page.locator("summary", has_text=re.compile(rf"^\s*{title}\s*$")))
    assert block.count() == 1, title
    block.locator("summary").click()
    return block


def _row(page: Any, label: str) -> list[str]:
    row = page.locator("section.card tbody tr", has=page.locator("td:nth-child(2)", has_text=_exact(label)))
    assert row.count() == 1, label
    return [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]


def test_consultation_on_the_thai_nguyen_draft(server, browser, tmp_path: Path) -> None:
    base, app, register = server
    clock = app.state.clock
    staff = _staff(browser, base)

    # create the consultation; the draft's guiding questions are read from it
    staff.click("nav >> text=Lấy ý kiến")
    staff.set_input_files("input[name=file]", str(DRAFT))
    staff.fill("input[name=title]", "Báo cáo chính trị nhiệm kỳ 2020-2025")
    staff.fill("input[name=issuer]", "Tiểu ban Văn kiện Tỉnh ủy")
    staff.fill("input[name=deadline]", "2026-04-15T17:00")
    staff.fill("textarea[name=invitees]", "\n".join(ORGS))
    assert staff.locator("input[name=from_draft]").is_checked()
    staff.click("text=Tạo và lấy đường dẫn góp ý")
    staff.wait_for_selector("h1:has-text('Đã tạo đợt lấy ý kiến số 1')")
    assert staff.locator("h2:has-text('Câu hỏi gợi ý')").inner_text() == "Câu hỏi gợi ý (18)"
    questions = staff.locator("ol.questions li").all_inner_texts()
    read = "\n".join(line.text for line in read_document(DRAFT).lines)
    assert all(q.rsplit(" (", 1)[0] in read for q in questions)  # each question is a line of the draft's list
    assert [q.endswith(" (MỤC TIÊU, CHỈ TIÊU)") for q in questions].count(True) == 2
    links = dict(zip(ORGS, staff.locator("code.token").all_inner_texts(), strict=True))

    phone = _page(browser, 390, 844)
    phone.goto(links[ORGS[4]])
    assert phone.locator("details select").count() > 100  # a paragraph list in every part of the draft
    assert not phone.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), "scrolls sideways"
    phone.context.close()

    # four organisations answer in time, with conflicting proposals
    lines = DRAFT.read_text(encoding="utf-8").split("\n")
    chosen: dict[str, int] = {}

    def answer(name: str, day: int, fill: Any) -> None:
        clock.moment = datetime(2026, 4, day, 9, 0, tzinfo=VN)
        page = _page(browser)
        page.goto(links[name])
        assert page.locator("p.meta").inner_text().startswith(f"{name} · dự thảo lần 1 · hạn góp ý 17:00 ngày 15/04")
        fill(page)
        page.click(f"text={SUBMIT}")
        page.click(CONFIRM)
        page.wait_for_selector(f".flash.ok:has-text('Đã gửi ý kiến. Cảm ơn {name}.')")
        assert page.locator(f"button:has-text('{SUBMIT}')").count() == 0
        page.context.close()

    def first(page: Any) -> None:
        _judge(page, GROWTH, "adjust", "7,5", "Vốn đầu tư nước ngoài đang chững lại.")
        _judge(page, FOREST, "adjust", "48")
        block = _section(page, r"1\. Mục tiêu tổng quát")
        block.locator("textarea").first.fill("Nên làm rõ nguồn vốn cho mức tăng trưởng.")
        select = block.locator("select").first
        options = select.locator("option").all_inner_texts()
        assert options[0] == "Cả phần" and len(options) >= 2
        select.select_option(index=1)
        chosen["line"] = int(select.input_value())
        shown = options[1].split(": ", 1)[1].removesuffix(" …")
        assert options[1].startswith(f"dòng {chosen['line']}: ") and shown in lines[chosen["line"] - 1]
        part = page.locator("summary", has_text=re.compile(r"^\s*I\. MỤC TIÊU, CHỈ TIÊU\s*$"))
        part.evaluate("summary => summary.scrollIntoView()")
        page.screenshot(path=str(SHOTS / "consultation-respond.png"))

    def second(page: Any) -> None:
        _judge(page, GROWTH, "feasible")
        _judge(page, FOREST, "adjust", "47")
        _judge(page, INCOME, "infeasible", "140", "Giá cả tăng chậm.")

    def third(page: Any) -> None:
        _judge(page, GROWTH, "infeasible", "6,5")
        _judge(page, FOREST, "feasible")
        _section(page, r"2\. Chỉ tiêu chủ yếu").locator("textarea").first.fill(
            "Cần thêm chỉ tiêu về việc làm cho thanh niên.")

    def fourth(page: Any) -> None:
        _judge(page, GROWTH, "adjust", "9", "Các dự án lớn sắp vận hành.")
        _judge(page, INCOME, "feasible")
        page.fill("textarea[name='c-g-0']", "Dự thảo còn dài, nên rút gọn phần đánh giá.")

    for number, fill in enumerate((first, second, third, fourth)):
        answer(ORGS[number], 3 + number, fill)

    # the fifth writes before the deadline but sends after it: refused
    clock.moment = datetime(2026, 4, 15, 16, 50, tzinfo=VN)
    late = _page(browser)
    late.goto(links[ORGS[4]])
    _judge(late, GROWTH, "adjust", "8,5")
    late.click(f"text={SUBMIT}")
    late.wait_for_selector("#confirm")
    clock.moment = datetime(2026, 4, 15, 17, 0, 30, tzinfo=VN)
    late.click(CONFIRM)
    late.wait_for_selector("h1:has-text('Không được phép')")
    assert late.locator(".error-text").inner_text() == (
        "Đã hết hạn góp ý vào dự thảo (hạn chót 17:00 ngày 15/04/2026); ý kiến của Báo Thái Nguyên gửi lúc 17:00 "
        "ngày 15/04/2026 không được tiếp nhận.")
    late.goto(links[ORGS[4]])
    assert late.locator("p.notice:has-text('Đã hết hạn góp ý; không nhận thêm ý kiến.')").count() == 1
    assert late.locator(f"button:has-text('{SUBMIT}')").count() == 0
    late.context.close()

    # the consolidation on the page
    clock.moment = datetime(2026, 4, 16, 8, 0, tzinfo=VN)
    staff.goto(f"{base}/consultations/1")
    assert "· đã hết hạn · đã gửi 4/5" in staff.locator("p.meta").inner_text()
    assert _row(staff, GROWTH)[2:] == ["≥ 8%/năm", "4", "1", "2", "1", "6,5 - 9,0", "7,5"]
    assert _row(staff, FOREST)[2:] == ["≥ 46%", "3", "1", "2", "0", "47 - 48", "47,5"]
    assert _row(staff, INCOME)[2:] == ["150 triệu đồng", "2", "1", "0", "1", "140", "140"]
    judged = staff.locator("section.card", has=staff.locator("h2:has-text('Đánh giá tính khả thi')"))
    cells = judged.locator("tbody > tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))")
    shown = {row[1]: row[3:] for row in cells if row[0].isdigit()}
    assert len(shown) == 31
    assert [label for label, row in shown.items() if row != ["0", "0", "0", "0", "", ""]] == [GROWTH, INCOME, FOREST]
    invited = staff.locator("table").first.locator("tbody tr")
    states = dict(zip(invited.locator("td:nth-child(1)").all_inner_texts(),
                      invited.locator("td:nth-child(2)").all_inner_texts(), strict=True))
    # the late one's answer was saved as a draft when it asked to send: kept, not counted
    assert states == {**dict.fromkeys(ORGS[:4], "Đã gửi"), ORGS[4]: "Đang soạn, chưa gửi"}
    comment = staff.locator("li", has_text="Nên làm rõ nguồn vốn cho mức tăng trưởng.")
    assert comment.inner_text() == f"{ORGS[0]} (dòng {chosen['line']}): Nên làm rõ nguồn vốn cho mức tăng trưởng."
    staff.screenshot(path=str(SHOTS / "consultation-summary.png"))

    # the .docx, downloaded through the page
    with staff.expect_download() as download:
        staff.click("a:has-text('Báo cáo tổng hợp (.docx)')")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    document = read_docx(str(saved))
    table = {row.cells[1].text: [c.text for c in row.cells][2:] for row in document.tables[1].rows[1:]}
    assert len(table) == 31
    assert table[GROWTH] == ["≥ 8%/năm", "4", "1", "2", "1", "6,5 - 9,0", "7,5"]
    assert table[FOREST] == ["≥ 46%", "3", "1", "2", "0", "47 - 48", "47,5"]
    assert table[INCOME] == ["150 triệu đồng", "2", "1", "0", "1", "140", "140"]
    paragraphs = [p.text for p in document.paragraphs]
    assert "Đến 08:00 ngày 16/04/2026, đã nhận được ý kiến của 4/5 cơ quan, tổ chức." in paragraphs
    assert f"Các cơ quan, tổ chức chưa gửi ý kiến: {ORGS[4]}." in paragraphs
    assert (f"- {ORGS[0]} (dòng {chosen['line']}): Nên làm rõ nguồn vốn cho mức tăng trưởng." in paragraphs)

    # a second version with two numbers edited, uploaded through the page
    with register.factory() as session:
        targets = {t.indicator: t for t in session.scalars(select(ConsultationTarget))}
    text = DRAFT.read_text(encoding="utf-8")
    edited = _edit_number(_edit_number(text, targets[GROWTH], "8", "7,5"), targets[FOREST], "46", "47")
    path = tmp_path / "du-thao-lan-2.txt"
    path.write_text(edited, encoding="utf-8")
    staff.set_input_files("input[name=file]", str(path))
    staff.click("text=Nạp và so sánh")
    staff.wait_for_url(f"{base}/consultations/1/changes")
    assert staff.locator("p.meta").inner_text().startswith("2 chỉ tiêu thay đổi · 29 chỉ tiêu giữ nguyên")
    rows = staff.locator("tbody > tr")
    assert rows.count() == 2
    assert staff.locator("tbody span.target-label").all_inner_texts() == [GROWTH, FOREST]
    cells = [[" ".join(c.split()) for c in rows.nth(n).locator("> td").all_inner_texts()] for n in range(2)]
    assert [c[0] for c in cells] == ["Thay đổi giá trị"] * 2
    assert [(c[2], c[3]) for c in cells] == [("≥ 8%/năm", "≥ 7,5%/năm"), ("≥ 46%", "≥ 47%")]
    assert "đề xuất 7,5 ✓" in cells[0][4] and "đề xuất 47 ✓" in cells[1][4]
    staff.context.close()
