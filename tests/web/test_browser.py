"""Playwright journeys in Debian's Chromium against the real server (uvicorn in a thread), with screenshots.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider tests/web -m browser
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chitieu.register.documents.review import stage_document
from tests.conftest import free_port, wait_until
from tests.web.conftest import PASSWORD, SHOTS, SIZES, browser_page, find_target, login_in_browser, upload_sample

pytestmark = pytest.mark.browser


def _select_text(page, line: int, text: str) -> None:
    """Select ``text`` on a document line as a person would with the mouse, then release the button."""
    page.evaluate(
        """([line, text]) => {
            const p = document.querySelector(`#doc [data-line="${line}"]`);
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(text);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at); range.setEnd(node, at + text.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges(); selection.addRange(range);
                    p.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                    return;
                }
            }
            throw new Error("text not on line");
        }""",
        [line, text],
    )


def test_journey_upload_review_enter_values_export(server, browser, tmp_path: Path) -> None:
    base, site = server
    page = browser_page(browser)
    login_in_browser(page, base, "admin")
    assert page.locator(".tile").count() == 6
    page.click("text=Nạp văn kiện")
    assert page.locator(".file-pick").inner_text().split() == ["Chọn", "tệp…", "Chưa", "chọn", "tệp", "nào"]
    page.set_input_files("input[name=files]", str(upload_sample()))
    assert page.locator(".file-names").inner_text() == upload_sample().name  # what was chosen, in the page's words
    page.click("text=Tải lên và trích xuất")
    page.wait_for_selector("#upload-results a:has-text('Rà soát')")
    assert page.locator("#upload-progress").get_attribute("hidden") is None  # the progress bar was shown
    page.click("#upload-results a:has-text('Rà soát')")
    page.wait_for_selector("#doc mark")
    assert page.locator("#doc mark").count() >= 12
    # correct one extracted target
    card = page.locator("article.item", has=page.locator("h3", has_text="Trồng rừng")).first
    card.locator("summary:has-text('Sửa')").click()
    card.locator("input[name=indicator]").fill("Diện tích trồng rừng mới")
    card.locator("input[name=value]").fill("8.600")
    card.locator("button:has-text('Lưu sửa')").click()
    page.wait_for_selector("article.item.st-corrected h3:has-text('Diện tích trồng rừng mới')")
    # add a missed one by selecting its text in the document
    _select_text(page, 31, "5 xã đạt chuẩn nông thôn mới nâng cao")
    assert page.locator("#add-quote").input_value() == "5 xã đạt chuẩn nông thôn mới nâng cao"
    assert page.locator("#add-value").input_value() == "5"
    page.fill("#add-indicator", "Xã đạt chuẩn nông thôn mới nâng cao")
    page.fill("#add-unit", "xã")
    page.click("#add-form button[type=submit]")
    page.wait_for_selector("article.item.st-added")
    page.screenshot(path=str(SHOTS / "review-journey-desktop.png"))
    page.check("input[name=force]")
    page.click("text=Ghi vào sổ")
    page.wait_for_selector(".flash.ok:has-text('Đã ghi')")
    # enter actual values and watch the verdict and the chart change
    target = find_target(site.register, "dien tich trong rung moi", "Lạng Sơn")
    page.goto(f"{base}/targets/{target['id']}")
    assert page.locator("#status-badge").inner_text() == "Chưa đủ số liệu"
    assert page.locator("#chart circle.point").count() == 0
    page.fill("#actual-form input[name=value]", "9.100")
    page.fill("#actual-form input[name=period]", "2024")
    page.click("#actual-form button[type=submit]")
    page.wait_for_selector(".flash.ok")
    assert page.locator("#status-badge").inner_text() == "Vượt"
    assert page.locator("#chart circle.point").count() == 1
    assert "9.100" in page.locator("#actuals").inner_text()
    page.screenshot(path=str(SHOTS / "target-after-entry-desktop.png"), full_page=True)
    # export
    page.goto(f"{base}/targets?province=L%E1%BA%A1ng%20S%C6%A1n")
    with page.expect_download() as download:
        page.click("a:has-text('Excel')")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx" and saved.stat().st_size > 1000
    # log out
    page.click("text=Đăng xuất")
    page.wait_for_url(re.compile(r".*/login$"))
    page.goto(f"{base}/targets")
    assert "/login" in page.url
    page.context.close()


def test_editor_value_waits_for_the_administrator(server, browser) -> None:
    base, site = server
    target = find_target(site.register, "ty le gia dinh van hoa", "Lạng Sơn")  # ≥ 85%, 2025
    page = browser_page(browser, "mobile")
    login_in_browser(page, base, "bientap_ls")
    page.goto(f"{base}/targets/{target['id']}")
    page.fill("#actual-form input[name=value]", "87,5")
    page.fill("#actual-form input[name=period]", "2025")
    page.click("#actual-form button[type=submit]")
    page.wait_for_selector(".flash.ok:has-text('chờ quản trị viên duyệt')")
    assert page.locator("#status-badge").inner_text() == "Chưa đủ số liệu"
    page.click("text=Đăng xuất")
    login_in_browser(page, base, "admin")
    page.goto(f"{base}/approvals")
    card = page.locator("article.approval", has=page.locator(f"a[href='/targets/{target['id']}']"))
    assert "87,5" in card.inner_text() and "bientap_ls" in card.inner_text()
    page.screenshot(path=str(SHOTS / "approvals-pending-mobile.png"))
    card.locator("button:has-text('Duyệt')").click()
    page.wait_for_selector(".flash.ok:has-text('Đã duyệt')")
    page.goto(f"{base}/targets/{target['id']}")
    assert page.locator("#status-badge").inner_text() == "Vượt"
    assert page.locator("#chart circle.point").count() == 1
    page.context.close()


def _post_from_page(page, url: str) -> int:
    return page.evaluate(
        """async (url) => {
            const token = document.querySelector("input[name=csrf_token]").value;
            const body = new URLSearchParams({value: "50", period: "2025", csrf_token: token});
            const response = await fetch(url, {method: "POST", body});
            return response.status;
        }""",
        url,
    )


def test_viewer_is_refused_an_edit(server, browser) -> None:
    base, site = server
    page = browser_page(browser)
    login_in_browser(page, base, "nguoixem")
    target = find_target(site.register, "bao hiem y te", "Lạng Sơn")
    page.goto(f"{base}/targets/{target['id']}")
    assert page.locator("#actual-form").count() == 0
    assert _post_from_page(page, f"/targets/{target['id']}/actuals") == 403
    page.goto(f"{base}/upload")
    assert "Không được phép" in page.inner_text("h1")
    page.context.close()


def test_editor_of_one_province_is_refused_another(server, browser) -> None:
    base, site = server
    page = browser_page(browser)
    login_in_browser(page, base, "bientap_ht")
    other = find_target(site.register, "bao hiem y te", "Lạng Sơn")
    page.goto(f"{base}/targets/{other['id']}")
    assert page.locator("#actual-form").count() == 0
    assert _post_from_page(page, f"/targets/{other['id']}/actuals") == 403
    own = find_target(site.register, "bao hiem y te", "Hà Tĩnh")
    page.goto(f"{base}/targets/{own['id']}")
    assert page.locator("#actual-form").count() == 1
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_screenshots(server, browser, size: str) -> None:
    base, site = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page(browser, size)
    page.goto(f"{base}/login")
    page.screenshot(path=str(SHOTS / f"login-{size}.png"))
    login_in_browser(page, base, "admin")
    target = find_target(site.register, "ho ngheo", "Hà Tĩnh")
    sample = upload_sample()
    staged = stage_document(site.register, sample.name, sample.read_bytes(), "admin")
    pages = {"review": f"/review/{staged}", "overview": "/", "register": "/targets?q=ty+le",
             "target": f"/targets/{target['id']}", "compare": "/compare?indicator=health_insurance",
             "upload": "/upload", "approvals": "/approvals", "admin": "/admin"}
    for name, url in pages.items():
        page.goto(base + url)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, f"{name} scrolls sideways at {size}"
    page.context.close()


def test_chitieu_serve_starts_prints_and_answers(tmp_path: Path) -> None:
    port = free_port()
    script = ("import typer; from chitieu.cli.serve import mount_serve_command; app = typer.Typer(); "
              "mount_serve_command(app); app.command('noop')(lambda: None); app()")
    env = {**os.environ, "CHITIEU_ADMIN_PASSWORD": PASSWORD}
    process = subprocess.Popen([sys.executable, "-c", script, "serve", "--port", str(port)], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        assert process.stdout is not None
        while not any("Đăng nhập lần đầu" in line for line in lines):
            line = process.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        output = "".join(lines)
        assert f"http://localhost:{port}/" in output and "Đăng nhập lần đầu: admin" in output
        assert "Mã truy cập API" not in output and "ct_" not in output  # no national token in terminal logs
        assert (tmp_path / "var" / "chitieu.sqlite").exists()
        import httpx

        def login_page() -> httpx.Response | None:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/login", timeout=10)
            except httpx.TransportError:
                return None

        wait_until(lambda: login_page() is not None, what="the login page's answer")
        response = login_page()
        assert response is not None and response.status_code == 200 and "Đăng nhập" in response.text
    finally:
        process.terminate()
        process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()
