"""The approval card and the resend of a returned value, in Chromium at 1366×768 and 390×844: the card shows the
province, the plan and the target's period and warns when the value's period is another; several values are approved
at once; the sender corrects a returned value and sends it again. Screenshots go to docs/img.

Run with: .venv/bin/pytest -o addopts="" -p no:cacheprovider tests/web/test_approvals_browser.py -m browser
"""

from __future__ import annotations

import pytest

from chitieu.register.accounts import Account, list_accounts
from chitieu.register.figures import list_pending, return_actual, submit_actual
from tests.web.conftest import SHOTS, SIZES, Site, browser_page, find_target, login_in_browser

pytestmark = pytest.mark.browser

# Lạng Sơn targets for 2025, a pair per screen size (one value for 2024: the card warns) and one to return
BULK = {"desktop": ("ty le do thi hoa", "giuong benh"), "mobile": ("bac si", "ty le gia dinh van hoa")}
RETURNED = {"desktop": "thu ngan sach", "mobile": "ty le ho ngheo giam"}


def _account(site: Site, username: str) -> Account:
    return next(a for a in list_accounts(site.register) if a.username == username)


def _no_sideways_scroll(page) -> None:
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_card_warns_on_another_period_and_several_are_approved_at_once(server, browser, size: str) -> None:
    base, site = server
    editor = _account(site, "bientap_ls")
    first, second = (find_target(site.register, words, "Lạng Sơn") for words in BULK[size])
    assert first["period"] == second["period"] == "2025"
    warned = submit_actual(site.register, editor, first["id"], "26,5", "2024")  # a 2024 value for a 2025 target
    plain = submit_actual(site.register, editor, second["id"], "30", "2025")
    page = browser_page(browser, size)
    login_in_browser(page, base, "admin")
    page.goto(f"{base}/approvals")
    card = page.locator(f"#pending-{warned}")
    text = card.inner_text()
    assert "Lạng Sơn" in text and f"Mục tiêu {first['target']}" in text and "kỳ của chỉ tiêu 2025" in text
    assert card.locator(".flash.warn").inner_text() == ("Kỳ của số liệu (2024) khác kỳ của chỉ tiêu (2025); "
                                                        "hãy kiểm tra trước khi duyệt.")
    assert card.locator(".flash.warn").is_visible()
    assert page.locator(f"#pending-{plain} .flash.warn").count() == 0
    _no_sideways_scroll(page)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"approvals-warning-{size}.png"))
    for pending in (warned, plain):
        page.check(f"#pending-{pending} input[name=ids]")
    page.click("#bulk-form button[value=approve]")
    page.wait_for_selector(".flash.ok:has-text('Đã duyệt 2 số liệu và ghi vào sổ.')")
    assert page.locator(f"#pending-{warned}").count() == 0 and page.locator(f"#pending-{plain}").count() == 0
    page.screenshot(path=str(SHOTS / f"approvals-bulk-done-{size}.png"))
    approved = {p["id"] for p in list_pending(site.register, states=("approved",))}
    assert {warned, plain} <= approved
    assert site.register.assess(second["id"])["actual"] == 30
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_sender_corrects_and_resends_a_returned_value(server, browser, size: str) -> None:
    base, site = server
    target = find_target(site.register, RETURNED[size], "Lạng Sơn")
    sent = submit_actual(site.register, _account(site, "bientap_ls"), target["id"], "1.250", "2025")
    return_actual(site.register, _account(site, "admin"), sent, "Số tạm tính; hãy gửi số chính thức")
    page = browser_page(browser, size)
    login_in_browser(page, base, "bientap_ls")
    page.goto(f"{base}/approvals")
    card = page.locator(f"#pending-{sent}")
    assert "Bị trả lại bởi admin: Số tạm tính; hãy gửi số chính thức" in card.inner_text()
    form = card.locator("form.resend-form")
    assert form.locator("input[name=value]").input_value() == "1.250"
    form.locator("input[name=value]").fill("1.312,5")
    form.locator("input[name=note]").fill("Số chính thức của Thống kê tỉnh")
    _no_sideways_scroll(page)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"approvals-resend-{size}.png"))
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash.ok:has-text('Đã gửi lại số liệu đã sửa')")
    assert page.locator(f"#pending-{sent}").count() == 0
    [waiting] = [p for p in list_pending(site.register, states=("pending",)) if p["target_id"] == target["id"]]
    assert (waiting["value"], waiting["note"]) == (1312.5, "Số chính thức của Thống kê tỉnh")
    assert "1.312,5" in page.locator(f"#pending-{waiting['id']}").inner_text()
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_an_unknown_address_the_icon_and_the_api_description(server, browser, size: str) -> None:
    base, _site = server
    page = browser_page(browser, size)
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    login_in_browser(page, base, "nguoixem")
    answer = page.goto(f"{base}/khong-co-trang-nay")
    assert answer is not None and answer.status == 404
    assert page.inner_text("h1") == "Không tìm thấy"
    assert "Không có trang hoặc địa chỉ này" in page.inner_text("main")
    assert page.locator("nav.nav a:has-text('Tổng quan')").count() == 1  # in the site's layout, menu and all
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"not-found-{size}.png"))
    icon = page.request.get(f"{base}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    page.goto(f"{base}/api/docs")
    assert page.inner_text("h1") == "API của Sổ theo dõi chỉ tiêu"
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"api-docs-{size}.png"))
    assert missing == [f"{base}/khong-co-trang-nay"]  # nothing else the pages ask for is missing
    page.context.close()
