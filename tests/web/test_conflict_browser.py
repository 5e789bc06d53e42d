"""Deciding a conflict on a target's page in Chromium: a second edition of the Lạng Sơn report states GRDP per head
differently, the page lists every source with the two that disagree, a person chooses one, and the page, the
target's figure and its history change.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider tests/web/test_conflict_browser.py -m browser
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.register.documents import list_conflicts
from tests.web.conftest import SHOTS, browser_page, login_in_browser

pytestmark = pytest.mark.browser

REPORT = Path(__file__).parents[2] / "chitieu" / "samples" / "lang-son-bao-cao-chinh-tri-2020.md"
PER_HEAD = "- GRDP bình quân đầu người đến năm 2025 đạt từ 65 triệu đồng trở lên."


def test_a_conflict_is_decided_on_the_target_page(server, browser, tmp_path: Path) -> None:
    base, site = server
    edition = tmp_path / "lang-son-bao-cao-chinh-tri-2020-ban-sua.md"
    edition.write_text(REPORT.read_text("utf-8").replace(PER_HEAD, PER_HEAD.replace("65", "70")), "utf-8")
    [outcome] = site.register.import_documents([edition])
    assert outcome.status == "imported" and outcome.restated == outcome.targets  # every target restated
    [conflict] = [c for c in list_conflicts(site.register, "Lạng Sơn") if c["indicator"] == "GRDP bình quân đầu người"]
    target_id = conflict["target_id"]
    disputed = {i for pair in conflict["conflict"] for i in pair}
    held = site.register.assess(target_id)["target"]  # the leading statement's until someone decides
    value = 65 if "70" in held else 70
    other = next(s for s in conflict["sources"] if s["id"] in disputed and s["value"] == value)

    page = browser_page(browser)
    login_in_browser(page, base, "admin")
    page.goto(f"{base}/targets/{target_id}")
    assert "số liệu khác nhau" in page.locator("#conflict").inner_text()
    sources = page.locator("#sources").inner_text()
    assert "dòng 64" in sources and "dòng 117" in sources and "lang-son-bao-cao-chinh-tri-2020-ban-sua.md" in sources
    assert "70 triệu đồng trở lên" in sources and "65 triệu đồng trở lên" in sources
    before = page.locator(".meta").inner_text()
    page.locator("#sources").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "target-conflict-desktop.png"))
    page.locator(f"#source-{other['id']} button").click()
    page.wait_for_selector(f".flash.ok:has-text('Đã chọn số liệu của nguồn số {other['id']}.')")
    assert page.locator("#conflict").count() == 0
    assert "admin chọn" in page.locator("#decision").inner_text()
    assert "Đã chọn" in page.locator(f"#source-{other['id']}").inner_text()
    after = page.locator(".meta").inner_text()
    assert f"Mục tiêu ≥ {value} triệu đồng" in after and after != before
    assert "chọn số liệu đúng cho chỉ tiêu" in page.locator(".history").inner_text()
    assert not [c for c in list_conflicts(site.register, "Lạng Sơn") if c["target_id"] == target_id]
