"""A seeded register and logged-in clients for the web tests (TestClient on a temporary SQLite file).

Seeding reads and extracts the bundled samples, so each test process seeds one register and every site is a copy of
its file."""

from __future__ import annotations

import copy
import re
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; the client works with httpx
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from chitieu.config import get_settings
from chitieu.register import Register, open_register
from chitieu.register.accounts import create_token, create_user, list_agencies
from chitieu.samples import sample_paths
from chitieu.web.app import create_app
from chitieu.web.seed import seed
from tests.conftest import copy_sqlite, free_port, made_once, template_folder, wait_until

PASSWORD = "mat-khau-thu"
DATABASE = "chitieu.sqlite"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
UPLOAD_SAMPLE = "lang-son-nghi-quyet-nhiem-vu-2024.md"


def upload_sample() -> Path:
    return next(p for p in sample_paths() if p.name == UPLOAD_SAMPLE)


@dataclass
class Site:
    register: Register
    app: Any
    token: str
    folder: Path

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if username is not None:
            login(client, username)
        return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 200 and response.url.path == "/", response.text[:500]


def open_site(folder: Path, token: str = "") -> Site:
    """The site on the register file in ``folder``."""
    settings = get_settings(database_url=f"sqlite:///{folder / DATABASE}", secret_key="test-secret")
    register = open_register(settings)
    return Site(register, create_app(settings, register), token, folder)


def seed_site(site: Site) -> str:
    """The samples except the upload sample, an admin and one user of each kind; the admin's API token."""
    register = site.register
    seed(register, PASSWORD, samples=[p for p in sample_paths() if p.name != UPLOAD_SAMPLE])
    agency = next(a for a in list_agencies(register) if a["name"] == "Sở Y tế" and a["province"] == "Lạng Sơn")
    create_user(register, "bientap_ls", PASSWORD, "editor", province="Lạng Sơn")
    create_user(register, "bientap_ht", PASSWORD, "editor", province="Hà Tĩnh")
    create_user(register, "soyte_ls", PASSWORD, "editor", agency_id=agency["id"])
    create_user(register, "nguoixem", PASSWORD, "viewer")
    create_user(register, "quantri_ht", PASSWORD, "admin", province="Hà Tĩnh")
    return create_token(register, "admin", "kiểm thử", "admin")


Made = TypeVar("Made")


def copy_of_template(folder: Path, name: str, fill: Callable[[Site], Made]) -> tuple[Site, Made]:
    """A site in ``folder`` on a copy of a register that ``fill`` wrote once in this test run (in the folder ``name``,
    see ``made_once``), and a copy of what ``fill`` returned then."""

    def make(template: Path) -> Made:
        site = open_site(template)
        made = fill(site)
        site.register.engine.dispose()
        return made

    made = made_once(name, make)
    copy_sqlite(template_folder(name) / DATABASE, folder / DATABASE)
    return open_site(folder), copy.deepcopy(made)


def build_site(folder: Path) -> Site:
    """The samples except the upload sample, an admin and one user of each kind (see ``seed_site``)."""
    site, token = copy_of_template(folder, "seeded-site", seed_site)
    site.token = token
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    site = build_site(tmp_path_factory.mktemp("web"))
    yield site
    site.register.engine.dispose()


@pytest.fixture
def client_as(site: Site) -> Callable[[str], TestClient]:
    return site.client


def find_target(register: Register, search: str, province: str) -> dict[str, Any]:
    _, rows = register.query_targets(search=search, province=province)
    assert rows, f"no target '{search}' in {province}"
    return rows[0]


SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
SIZES = {"desktop": (1366, 768), "mobile": (390, 844)}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Site]]:
    """The seeded site served by uvicorn in a thread (one per test module), for the browser tests."""
    with live_site(tmp_path_factory.mktemp("browser")) as served:
        yield served


def browser_page(browser: Any, size: str = "desktop") -> Any:
    """A new page at one of ``SIZES`` (1366×768 or 390×844), in Vietnamese."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True, locale="vi-VN")
    return context.new_page()


def login_in_browser(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (one per test module)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free port of 127.0.0.1, for a browser; its base URL."""
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    wait_until(lambda: running.started, what="the server's start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=60)


@contextmanager
def live_site(folder: Path) -> Iterator[tuple[str, Site]]:
    """A seeded site (``build_site``) served by uvicorn in a thread, for the browser tests: its address and itself."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed")
    site = build_site(folder)
    try:
        with serving(site.app) as base:
            yield base, site
    finally:
        site.register.engine.dispose()
