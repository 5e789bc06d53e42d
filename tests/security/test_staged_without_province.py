"""An upload whose province was not detected belongs to no province: only national staff and its uploader may
open, review, commit or discard it."""

from __future__ import annotations

from chitieu.register.accounts import create_token
from chitieu.register.documents.review import stage_document, staged_document
from tests.web.conftest import csrf_of

from .conftest import SecuredSite

NO_PROVINCE = "# Kế hoạch phát triển\n\n## I. Mục tiêu\n\n1. Tốc độ tăng trưởng kinh tế bình quân đạt 8%/năm.\n"


def test_only_national_staff_and_the_uploader_open_it(secured: SecuredSite) -> None:
    register = secured.site.register
    staged = stage_document(register, "khong-ro-tinh.md", NO_PROVINCE.encode(), "bientap_ls")
    assert staged_document(register, staged)["province"] is None
    allowed = {"admin": True, "bientap_ls": True, "bientap_ht": False, "quantri_ht": False, "quantri_ls": False}
    for username, may in allowed.items():
        page = secured.site.client(username).get(f"/review/{staged}")
        assert page.status_code == (200 if may else 403), username
        token = create_token(register, username, "thử", "admin")
        api = secured.site.client().get(f"/api/staged/{staged}", headers={"Authorization": f"Bearer {token}"})
        assert api.status_code == (200 if may else 403), username
        listed = secured.site.client().get("/api/staged", headers={"Authorization": f"Bearer {token}"}).json()
        assert (staged in [row["id"] for row in listed]) is may, username
    client = secured.site.client("bientap_ht")
    discard = client.post(f"/review/{staged}/discard", data={"csrf_token": csrf_of(client.get("/upload").text)})
    assert discard.status_code == 403
    assert staged_document(register, staged)["state"] == "review"
