"""Feasibility evidence in a consultation, through the pages in Debian's Chromium (Playwright) against the real
server: an organisation opening its link on the Thái Nguyên draft sees, beside each target, the evidence from the
draft's own 2015-2020 results before choosing feasible / adjust / infeasible; after it answers, the consolidation
page shows the same evidence beside the counts.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider -m browser tests/web/test_feasibility_browser.py
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from chitieu.config import get_settings
from chitieu.register import Register, open_register
from chitieu.register.accounts import create_user
from chitieu.register.consultation import create_consultation
from chitieu.web.app import create_app
from tests.conftest import Clock, free_port, wait_until
from tests.web.conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.corpus]

DRAFT = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "002_585e858f2a5dc860.txt"
PASSWORD = "mat-khau-thu"
VN = timezone(timedelta(hours=7))
ORG = "Sở Kế hoạch và Đầu tư"
GROWTH = "Tốc độ tăng trưởng kinh tế (GRDP) bình quân"
INCOME = "GRDP bình quân đầu người"
SUBMIT = "Gửi ý kiến (gửi rồi không sửa được)"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Register, dict[str, Any]]]:
    if not DRAFT.is_file():
        pytest.skip("../shared/corpus is not here")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed")
    folder = tmp_path_factory.mktemp("feasibility")
    settings = get_settings(database_url=f"sqlite:///{folder}/chitieu.sqlite", secret_key="test-secret")
    register = open_register(settings)
    create_user(register, "quantri", PASSWORD, "admin")
    opened = datetime(2026, 4, 1, 8, 0, tzinfo=VN)
    created = create_consultation(register, "Báo cáo chính trị nhiệm kỳ 2020-2025", DRAFT.name, DRAFT.read_bytes(),
                                  deadline=opened + timedelta(days=14), invitees=[ORG], now=opened)
    app = create_app(settings, register)
    app.state.clock = Clock(opened + timedelta(days=1))
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    wait_until(lambda: running.started, what="the server's start")
    yield (f"http://127.0.0.1:{port}", app, register,
           {"id": created.consultation_id, "token": created.tokens[ORG]})
    running.should_exit = True
    thread.join(timeout=60)
    register.engine.dispose()


def _page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.set_default_timeout(20_000)
    return context.new_page()


def _row(page: Any, label: str) -> Any:
    row = page.locator("tr", has=page.locator("span.target-label", has_text=re.compile(f"^{re.escape(label)}$")))
    assert row.count() == 1, label
    return row


def test_respondents_see_the_evidence_before_they_judge(server, browser) -> None:
    base, _app, _register, made = server
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
    assert growth_row.locator("input[type=radio]").count() == 3
    growth_row.locator("input[type=radio][value=adjust]").check()
    growth_row.locator("input[name^='v-']").fill("9")
    page.click(f"text={SUBMIT}")
    page.wait_for_selector(f".flash.ok:has-text('Đã gửi ý kiến. Cảm ơn {ORG}.')")
    page.context.close()

    staff = _page(browser)
    staff.goto(f"{base}/login")
    staff.fill("input[name=username]", "quantri")
    staff.fill("input[name=password]", PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url(f"{base}/")
    staff.goto(f"{base}/consultations/{made['id']}")
    row = staff.locator("tr", has=staff.locator("td", has_text=re.compile(f"^{re.escape(GROWTH)}$")))
    assert row.count() == 1
    assert [" ".join(t.split()) for t in row.locator("td").all_inner_texts()][2:5] == ["≥ 8%/năm", "1", "0"]
    details = row.locator("xpath=following-sibling::tr[1]")
    assert "Tính khả thi: Khả thi" in details.inner_text() and "11,1%/năm" in details.inner_text()
    assert "Sở Kế hoạch và Đầu tư: Cần điều chỉnh, đề xuất 9" in " ".join(details.inner_text().split())
    staff.context.close()
