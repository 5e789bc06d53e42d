"""The overview is read again as soon as a figure changes a status, in this process or another."""

from __future__ import annotations

import re

from chitieu.register import open_register
from tests.web.conftest import Site, csrf_of, find_target


def _not_met(page: str) -> int:
    found = re.search(r'tile-n">([\d.]+)</span><span class="tile-l">Không đạt<', page)
    assert found, "no 'Không đạt' tile"
    return int(found.group(1).replace(".", ""))


def test_overview_follows_an_entered_figure(site: Site) -> None:
    client = site.client("admin")
    target = find_target(site.register, "che phu rung", "Lạng Sơn")  # 63%, 2025
    before = client.get("/", params={"province": "Lạng Sơn"}).text
    assert client.get("/", params={"province": "Lạng Sơn"}).text == before  # read once, shown twice
    page = client.get(f"/targets/{target['id']}").text
    response = client.post(f"/targets/{target['id']}/actuals",
                           data={"value": "50", "period": "2025", "vintage": "final", "csrf_token": csrf_of(page)})
    assert response.status_code == 200, response.text[:300]
    after = client.get("/", params={"province": "Lạng Sơn"}).text
    assert _not_met(after) == _not_met(before) + 1
    assert f'href="/targets/{target["id"]}"' in after.split("Cần chú ý", 1)[1]


def test_overview_follows_a_write_from_another_process(site: Site) -> None:
    client = site.client("admin")
    target = find_target(site.register, "truong hoc dat chuan", "Lạng Sơn")  # 65%, 2025
    before = _not_met(client.get("/", params={"province": "Lạng Sơn"}).text)
    other = open_register(url=str(site.register.engine.url))  # as the CLI would, beside the server
    try:
        other.set_actual(target["id"], 40.0, "2025", entered_by="Nguyễn Văn A")
        assert other.assess(target["id"])["status"] == "not_met"
    finally:
        other.engine.dispose()
    assert _not_met(client.get("/", params={"province": "Lạng Sơn"}).text) == before + 1
