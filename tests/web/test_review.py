"""Upload, review (accept, correct, reject, add from a selection) and commit: only reviewed items reach the register."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from chitieu.register.documents import review
from chitieu.register.figures import target_record
from chitieu.samples import sample_paths
from tests.web.conftest import Site, build_site, csrf_of, login, upload_sample


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("review"))


def _items(page: str) -> dict[str, int]:
    """Indicator wording -> item id, from the review page's cards."""
    out = {}
    for item_id, body in re.findall(r'<article class="card item[^"]*" id="item-(\d+)">(.*?)</article>', page, re.S):
        name = re.search(r"<h3>([^<]+)", body)
        assert name
        out[name.group(1).strip()] = int(item_id)
    return out


def _upload(site: Site, client, skip: bool = False):
    page = client.get("/upload").text
    sample = upload_sample()
    data = {"csrf_token": csrf_of(page)}
    if skip:
        data["skip_review"] = "true"
    return client.post("/upload", data=data, files=[("files", (sample.name, sample.read_bytes(), "text/markdown"))])


def _targets_of_2024(site: Site) -> int:
    return site.register.query_targets(province="Lạng Sơn", term="2024-2024", limit=0)[0]


def test_upload_review_and_commit(fresh: Site) -> None:
    client = fresh.client("bientap_ls")
    before = _targets_of_2024(fresh)
    response = _upload(fresh, client)
    assert response.url.path.startswith("/review/")
    staged = int(response.url.path.rsplit("/", 1)[1])
    page = response.text
    assert _targets_of_2024(fresh) == before  # nothing reaches the register unreviewed
    assert '<mark id="q-' in page and "8.500 ha" in page
    items = _items(page)
    assert len(items) == 13
    token = csrf_of(page)
    url = f"/review/{staged}/items"
    corrected = client.post(f"{url}/{items['Trồng rừng mới']}", headers={"HX-Request": "true", "X-CSRF-Token": token},
                            data={"action": "correct", "indicator": "Diện tích trồng rừng mới", "value": "8.600",
                                  "bound": "min", "unit": "ha", "period": "2024"})
    assert corrected.status_code == 200 and "<html" not in corrected.text
    assert "Diện tích trồng rừng mới" in corrected.text and "Đã sửa" in corrected.text and "8.600" in corrected.text
    rejected = items["Số xã đạt chuẩn nông thôn mới nâng cao"]
    client.post(f"{url}/{rejected}", data={"action": "reject", "csrf_token": token})
    added = client.post(url, data={"quote": "5 xã đạt chuẩn nông thôn mới nâng cao", "line": "31",
                                   "indicator": "Xã đạt chuẩn nông thôn mới nâng cao", "value": "5", "unit": "xã",
                                   "bound": "exact", "period": "2024", "direction": "up", "main": "true",
                                   "csrf_token": token})
    assert "Thêm mới" in added.text
    refused = client.post(f"/review/{staged}/commit", data={"csrf_token": token})
    assert refused.status_code == 400 and "chưa duyệt" in refused.text
    for name, item_id in _items(client.get(f"/review/{staged}").text).items():
        if name not in ("Diện tích trồng rừng mới", "Số xã đạt chuẩn nông thôn mới nâng cao",
                        "Xã đạt chuẩn nông thôn mới nâng cao"):
            client.post(f"{url}/{item_id}", data={"action": "accept", "csrf_token": token})
    done = client.post(f"/review/{staged}/commit", data={"csrf_token": token})
    assert done.status_code == 200 and "Đã ghi" in done.text
    assert _targets_of_2024(fresh) == before + 13  # 13 extracted - 1 rejected + 1 added
    _, forest = fresh.register.query_targets(search="dien tich trong rung moi", province="Lạng Sơn")
    assert [r["target"] for r in forest] == ["≥ 8.600 ha"]
    _, added_rows = fresh.register.query_targets(search="xa dat chuan nong thon moi nang cao", province="Lạng Sơn",
                                                 term="2024-2024")
    assert [r["target"] for r in added_rows] == ["5 xã"]
    added_record = target_record(fresh.register, added_rows[0]["id"])
    assert (added_record["direction"], added_record["main"]) == ("up", True)  # judged, in the appendix
    rejected = fresh.register.query_targets(search="dat chuan nong thon moi va", province="Lạng Sơn", term="2024-2024")
    assert rejected[0] == 0


def test_agency_editor_and_viewer_cannot_upload(fresh: Site) -> None:
    assert _upload(fresh, fresh.client("nguoixem")).status_code == 403
    assert _upload(fresh, fresh.client("soyte_ls")).status_code == 403


def test_editor_of_another_province_cannot_review(fresh: Site) -> None:
    response = _upload(fresh, fresh.client("bientap_ht"))
    assert response.status_code == 403
    assert "chỉ được nạp văn kiện của Hà Tĩnh" in response.text


def test_skip_review_commits_at_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_site(tmp_path_factory.mktemp("skip"))
    before = _targets_of_2024(site)
    response = _upload(site, site.client("admin"), skip=True)
    assert response.status_code == 200 and "đã ghi vào sổ (13 chỉ tiêu)" in response.text
    assert _targets_of_2024(site) == before + 13
    again = _upload(site, site.client("admin"))
    assert "đã có trong sổ" in again.text


def test_discarded_upload_leaves_nothing(fresh: Site) -> None:
    client = fresh.client("bientap_ls")
    response = _upload(fresh, client)
    staged = int(response.url.path.rsplit("/", 1)[1])
    done = client.post(f"/review/{staged}/discard", data={"csrf_token": csrf_of(response.text)})
    assert "không có gì được ghi vào sổ" in done.text
    assert f'href="/review/{staged}"' not in done.text
    again = client.post(f"/review/{staged}/commit", data={"csrf_token": csrf_of(done.text), "force": "true"})
    assert again.status_code == 409 and "đã bị bỏ" in again.text


def test_a_document_being_staged_does_not_hold_up_other_pages(fresh: Site, monkeypatch):
    """Staging reads the document (OCR for a scan: minutes); other requests of the same server go on meanwhile."""
    started, release = threading.Event(), threading.Event()
    stage = review.stage_document

    def slow_stage(*args, **kwargs):
        started.set()
        assert release.wait(10), "the other page was not served while a document was being staged"
        return stage(*args, **kwargs)

    monkeypatch.setattr(review, "stage_document", slow_stage)
    with fresh.client() as client, ThreadPoolExecutor(1) as pool:  # one event loop for both requests
        login(client, "admin")
        uploading = pool.submit(_upload, fresh, client)
        assert started.wait(10)
        page = client.get("/targets")
        assert page.status_code == 200 and not uploading.done()
        release.set()
        staged = uploading.result()
    assert staged.status_code == 200 and staged.url.path.startswith("/review/")
    review.discard(fresh.register, int(staged.url.path.rsplit("/", 1)[1]), "admin")


def test_review_shows_the_feasibility_of_each_target(fresh: Site) -> None:
    """A political report under review: each target shows what it requires against the results the same report
    gives for the last term (the Lạng Sơn sample reports GRDP growth of 6,8%/năm in 2015-2020)."""
    client = fresh.client("bientap_ls")
    sample = next(p for p in sample_paths() if p.name == "lang-son-bao-cao-chinh-tri-2020.md")
    page = client.get("/upload").text
    response = client.post("/upload", data={"csrf_token": csrf_of(page)},
                           files=[("files", (sample.name, sample.read_bytes(), "text/markdown"))])
    assert response.url.path.startswith("/review/")
    cards = re.findall(r'<div class="feasibility feasibility-(\w+)" data-level="\w+">\s*<b>([^<]+)</b> <small>([^<]+)',
                       response.text)
    assert ("feasible", "Tính khả thi: Khả thi", "Mục tiêu bình quân 6,5 - 7%/năm giai đoạn 2020-2025; nhiệm kỳ trước "
            "(2015-2020) đạt 6,8%/năm. Mức yêu cầu không vượt mức đã đạt.") in cards
    assert any(level == "not_available" and note.startswith("Từ 44,2 triệu đồng năm 2020 lên ≥ 65 triệu đồng năm 2025 "
                                                            "cần tăng 8,02% mỗi năm") for level, _, note in cards)


def test_a_corrected_target_is_judged_again(fresh: Site) -> None:
    client = fresh.client("bientap_ls")
    sample = next(p for p in sample_paths() if p.name == "lang-son-bao-cao-chinh-tri-2020.md")
    page = client.get("/upload").text
    response = client.post("/upload", data={"csrf_token": csrf_of(page)},
                           files=[("files", (sample.name, sample.read_bytes(), "text/markdown"))])
    staged = int(response.url.path.rsplit("/", 1)[1])
    items = review.staged_document(fresh.register, staged)["item_list"]
    item = next(i for i in items if i["kind"] == "target" and i["value"] == 6.5
                and i["indicator"] == "Tốc độ tăng trưởng GRDP bình quân")
    assert item["evidence"]["level"] == "feasible"
    corrected = client.post(f"/review/{staged}/items/{item['id']}",
                            headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(response.text)},
                            data={"action": "correct", "indicator": item["indicator"], "value": "12",
                                  "bound": "min", "unit": "%/năm", "period": "2020-2025"})
    assert corrected.status_code == 200
    assert 'data-level="out_of_reach"' in corrected.text and "Tính khả thi: Ngoài tầm" in corrected.text
