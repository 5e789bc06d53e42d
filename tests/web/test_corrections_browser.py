"""Correcting a target on its page in Chromium at 1366×768 and 390×844: the edit form fits the screen, a direction
is set and the value corrected, the history shows old → new, a wrong actual value is deleted, and a stale edit
(someone saved first) is refused with one Vietnamese line. Screenshots go to docs/img.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider tests/web/test_corrections_browser.py -m browser
"""

from __future__ import annotations

import pytest

from chitieu.register.corrections import correct_target
from tests.web.conftest import SHOTS, SIZES, browser_page, find_target, login_in_browser

pytestmark = pytest.mark.browser

TARGETS = {"desktop": "bac si", "mobile": "giuong benh"}  # a Lạng Sơn target per screen size


def _no_sideways_scroll(page) -> None:
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.mark.parametrize("size", list(SIZES))
def test_a_target_is_corrected_on_its_page(server, browser, size: str) -> None:
    base, site = server
    target = find_target(site.register, TARGETS[size], "Lạng Sơn")
    correct_target(site.register, "admin", target["id"], {"direction": ""})  # as extraction left it: no direction
    written = site.register.set_actual(target["id"], "999", "2024", entered_by="admin")  # a wrong value
    page = browser_page(browser, size)
    login_in_browser(page, base, "admin")
    page.goto(f"{base}/targets/{target['id']}")
    form = page.locator("#target-form")
    assert form.is_visible()  # opened: the page asks for the direction
    assert "Chưa rõ chiều đánh giá" in page.locator("#correct").inner_text()
    _no_sideways_scroll(page)
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"target-correct-{size}.png"))
    form.locator("select[name=direction]").select_option("up")
    form.locator("input[name=value]").fill("3,5")
    form.locator("select[name=main]").select_option("1")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash.ok:has-text('Đã sửa chỉ tiêu.')")
    history = page.locator(".history").inner_text()
    assert "chiều đánh giá: (trống) → càng cao càng tốt" in history and "→ 3,5" in history
    assert "Chưa rõ chiều đánh giá" not in page.locator("body").inner_text()
    page.locator(f"form[action='/actuals/{written['id']}/delete'] button").click()
    page.wait_for_selector(".flash.ok:has-text('Đã xoá số liệu thực hiện.')")
    assert "999" not in page.locator("#actuals").inner_text()
    assert "xoá số liệu thực hiện của chỉ tiêu" in page.locator(".history").inner_text()
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"target-corrected-{size}.png"))
    correct_target(site.register, "someone", target["id"], {"unit": "bác sĩ"})  # saved by another meanwhile
    page.locator("#correct summary").click()  # the form is folded once the direction is known
    page.locator("#target-form input[name=value]").fill("4")
    page.locator("#target-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "đã được người khác sửa" in page.locator("body").inner_text()
