"""Feasibility evidence in a consultation, through the pages in Debian's Chromium (Playwright) against the real
server: an organisation opening its link on the Thái Nguyên draft sees, beside each target, the evidence from the
draft's own 2015-2020 results before choosing feasible / adjust / infeasible; after it answers, the consolidation
page shows the same evidence beside the counts. The server (an empty register, an admin, the clock) is the one of
test_consultation_browser.py.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider -m browser tests/web/test_feasibility_browser.py
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from chitieu.register import Register
from chitieu.register.consultation import create_consultation
from tests.web import test_consultation_browser as journey

server = journey.server  # the same fixture: an empty register with an admin, served, with the clock at 1 April
DRAFT = journey.DRAFT

pytestmark = [pytest.mark.browser, pytest.mark.corpus]

ORG = "Sở Kế hoạch và Đầu tư"
GROWTH = "Tốc độ tăng trưởng kinh tế (GRDP) bình quân"
INCOME = "GRDP bình quân đầu người"


@pytest.fixture(scope="module")
def consultation(server: tuple[str, Any, Register]) -> dict[str, Any]:
    """A consultation on the draft, opened at the server's clock, with one organisation invited."""
    _base, app, register = server
    opened = app.state.clock.moment
    created = create_consultation(register, "Báo cáo chính trị nhiệm kỳ 2020-2025", DRAFT.name, DRAFT.read_bytes(),
                                  deadline=opened + timedelta(days=14), invitees=[ORG], now=opened)
    return {"id": created.consultation_id, "token": created.tokens[ORG]}


def _page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.set_default_timeout(20_000)
    return context.new_page()


def _row(page: Any, label: str) -> Any:
    row = page.locator("tr", has=page.locator("span.target-label", has_text=re.compile(f"^{re.escape(label)}$")))
    assert row.count() == 1, label
    return row


def test_respondents_see_the_evidence_before_they_judge(server, consultation, browser) -> None:
    base, _app, _register = server
    made = consultation
    page = _page(browser)
    page.goto(f"{base}/y-kien/{made['token']}")
    growth = _row(page, GROWTH).locator(".feasibility")
    assert growth.get_attribute("data-level") == "feasible"
    assert " ".join(growth.inner_text().split()) == (
        "Tính khả thi: Khả thi Mục tiêu bình quân ≥ 8%/năm giai đoạn 2020-2025; nhiệm kỳ trước (2015-2020) đạt "
        "11,1%/năm. Mức yêu cầu không vượt mức đã đạt.")
    income = _row(page, INCOME).locator(".feasibility")
    assert income.get_attribute("data-level") == "not_available"
    assert "Từ 90 triệu đồng năm 2020 lên 150 triệu đồng năm 2025 cần tăng 10,76% mỗi năm" in income.inner_text()
    # the evidence sits in the same row as the choice it informs
    growth_row = _row(page, GROWTH)
    growth_row.evaluate("row => row.scrollIntoView()")
    page.screenshot(path=str(journey.SHOTS / "consultation-feasibility.png"))
    assert growth_row.locator("input[type=radio]").count() == 3
    growth_row.locator("input[type=radio][value=adjust]").check()
    growth_row.locator("input[name^='v-']").fill("9")
    page.click(f"text={journey.SUBMIT}")
    page.click(journey.CONFIRM)
    page.wait_for_selector(f".flash.ok:has-text('Đã gửi ý kiến. Cảm ơn {ORG}.')")
    page.context.close()

    staff = journey._staff(browser, base)
    staff.goto(f"{base}/consultations/{made['id']}")
    row = staff.locator("tr", has=staff.locator("td", has_text=re.compile(f"^{re.escape(GROWTH)}$")))
    assert row.count() == 1
    assert [" ".join(t.split()) for t in row.locator("td").all_inner_texts()][2:5] == ["≥ 8%/năm", "1", "0"]
    details = row.locator("xpath=following-sibling::tr[1]")
    assert "Tính khả thi: Khả thi" in details.inner_text() and "11,1%/năm" in details.inner_text()
    assert "Sở Kế hoạch và Đầu tư: Cần điều chỉnh, đề xuất 9" in " ".join(details.inner_text().split())
    staff.context.close()
