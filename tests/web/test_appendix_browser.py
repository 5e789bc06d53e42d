"""The appendix page and a target's explanation in Chromium at 1366×768 and 390×844 (Playwright, real server).

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider tests/web/test_appendix_browser.py -m browser
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chitieu.labels import GROUPS
from tests.web.conftest import SHOTS, SIZES, browser_page, find_target, login_in_browser

pytestmark = pytest.mark.browser

BROKEN = re.compile(r"\bNone\b|là\s*[,.:;/%]|(?<![\d])%|\(\s*\)")


def _signed_in(browser, base: str, size: str):
    page = browser_page(browser, size)
    login_in_browser(page, base, "nguoixem")
    return page.context, page


def _fits(page) -> bool:
    """Nothing but a table's own scrolling box is wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", list(SIZES))
def test_an_office_chooses_sees_and_downloads_the_appendix(browser, server, size):
    base, _ = server
    context, page = _signed_in(browser, base, size)
    try:
        if size == "mobile" and not page.is_visible("nav a[href='/appendix']"):
            page.goto(f"{base}/appendix")
        else:
            page.click("nav a[href='/appendix']")
        page.select_option("select[name=province]", "Lạng Sơn")
        page.select_option("select[name=period]", "2015-2020")
        page.click("#appendix-form button[type=submit]")
        page.wait_for_selector("#appendix table")
        title = page.inner_text(".appendix-title")
        assert title.endswith("NHIỆM KỲ 2015 - 2020")
        header = page.inner_text("#appendix thead")
        assert "So sánh" in header and "Mục tiêu nhiệm kỳ 2020 - 2025" in header
        romans = page.eval_on_selector_all("tr.group th:first-child", "cells => cells.map(c => c.textContent)")
        assert romans == ["I", "II", "III", "IV", "V", "VI", "VII"][:len(romans)]
        row = page.locator("#appendix tbody tr", has_text="Tốc độ tăng trưởng GRDP bình quân").first
        assert row.inner_text().split("\t")[3:6] == ["8,0 - 8,5", "6,8", "Không đạt"]
        assert _fits(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"appendix-{size}.png"))
        with page.expect_download() as info:
            page.click("#appendix a[href^='/appendix.xlsx']")
        sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
        assert sheet["A1"].value.endswith("NHIỆM KỲ 2015 - 2020")
        page.goto(f"{base}/appendix?province=Gia%20Lai&period=2024")
        assert "chưa có chỉ tiêu nào của Gia Lai" in page.inner_text("#appendix-empty")
        assert page.locator("#appendix").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_explanation_under_a_status_is_a_finished_sentence(browser, server, size):
    base, site = server
    target = find_target(site.register, "GRDP", "Lạng Sơn")
    context, page = _signed_in(browser, base, size)
    try:
        page.goto(f"{base}/targets/{target['id']}")
        badge = page.inner_text("#status-badge").strip()
        reason = page.inner_text("p.reason").strip()
        assert badge in GROUPS.values()
        assert reason[0].isupper() and reason.endswith(".") and not BROKEN.search(reason), reason
        assert _fits(page)
    finally:
        context.close()
