"""The response form of a consultation in Chromium at both sizes (``SIZES``): every field of a target, its "Lý do"
included, is on screen without scrolling sideways, and "Gửi ý kiến…" asks for confirmation before the final send.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider -m browser tests/web/test_consultation_respond_browser.py
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from chitieu.config import get_settings
from chitieu.register import Register, open_register
from chitieu.register.consultation import create_consultation
from chitieu.register.db.consultation import Invitee, Response
from chitieu.web.app import create_app
from tests.conftest import Clock
from tests.consultation.conftest import DRAFT
from tests.web.conftest import CHROMIUM, SIZES, browser_page, serving

pytestmark = pytest.mark.browser

VN = timezone(timedelta(hours=7))
OPENED = datetime(2026, 4, 1, 8, 0, tzinfo=VN)
ORGS = {"desktop": "Huyện đoàn", "mobile": "Hội Nông dân huyện"}


@pytest.fixture(scope="module")
def answering(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Register, dict[str, str]]]:
    """A served site with one consultation on our small draft; the private link of each size's organisation."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed")
    folder = tmp_path_factory.mktemp("respond")
    settings = get_settings(database_url=f"sqlite:///{folder}/chitieu.sqlite", secret_key="test-secret")
    register = open_register(settings)
    created = create_consultation(register, "Báo cáo chính trị huyện Sông Xanh", "du-thao.txt", DRAFT.encode(),
                                  deadline=datetime(2026, 4, 15, 17, 0, tzinfo=VN), invitees=list(ORGS.values()),
                                  now=OPENED)
    app = create_app(settings, register)
    app.state.clock = Clock(OPENED + timedelta(days=1))
    with serving(app) as base:
        yield base, register, {size: f"{base}/y-kien/{created.tokens[name]}" for size, name in ORGS.items()}
    register.engine.dispose()


def _state(register: Register, organisation: str) -> str | None:
    with register.factory() as session:
        return session.scalar(select(Response.state).join(Invitee).where(Invitee.name == organisation))


@pytest.mark.parametrize("size", list(SIZES))
def test_every_field_is_on_screen_and_sending_asks_first(answering, browser, size: str, tmp_path) -> None:
    _, register, links = answering
    width = SIZES[size][0]
    page = browser_page(browser, size)
    page.goto(links[size])
    rows = page.locator("table.judge-table tbody tr")
    assert rows.count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wrap = page.locator(".table-wrap", has=page.locator("table.judge-table"))
    assert wrap.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth"), "the table scrolls sideways"
    for index in range(rows.count()):  # across the page, with nothing scrolled sideways
        reason = rows.nth(index).locator("input[name^='r-']")
        left, right = reason.evaluate("field => [field.getBoundingClientRect().left, "
                                      "field.getBoundingClientRect().right]")
        assert left >= 0 and right <= width, (size, index, left, right)
        assert reason.is_visible()
    first = rows.first
    first.locator("input[type=radio][value=adjust]").check()
    first.locator("input[name^='v-']").fill("8,5")
    first.locator("input[name^='r-']").fill("Vốn đầu tư chậm.")
    if size == "mobile":  # the field names itself where the table's header is hidden
        label = first.locator("td[data-label='Lý do, ý kiến']")
        assert label.evaluate("td => getComputedStyle(td, '::before').content") == '"Lý do, ý kiến"'

    page.click("button:has-text('Gửi ý kiến…')")
    confirm = page.locator("#confirm")
    confirm.wait_for()
    assert "đánh giá 1/4 chỉ tiêu, 0 ý kiến" in confirm.inner_text()
    assert _state(register, ORGS[size]) == "draft"
    assert page.locator("table.judge-table input[name^='r-']").first.input_value() == "Vốn đầu tư chậm."
    page.screenshot(path=str(tmp_path / f"confirm-{size}.png"), full_page=True)
    page.click("#confirm button:has-text('Xác nhận gửi ý kiến')")
    page.wait_for_selector(f".flash.ok:has-text('Đã gửi ý kiến. Cảm ơn {ORGS[size]}.')")
    assert _state(register, ORGS[size]) == "submitted"
    assert page.locator("#confirm").count() == 0 and page.locator("button:has-text('Gửi ý kiến…')").count() == 0
    page.context.close()
