"""A seeded site for the security tests: one account per role, an API token each, and one of every resource a
route can name (a target of each province, a staged document, a pending value, a consultation of province A and
its link)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chitieu.register.accounts import create_token, list_accounts, list_pending, submit_actual
from chitieu.register.consultation_service import create_consultation
from chitieu.register.review import stage_document, staged_document
from tests.web.conftest import Site, build_site, find_target, upload_sample

# role -> username (None: nobody signed in); province A is Lạng Sơn, B is Hà Tĩnh
ROLES = {"anonymous": None, "viewer": "nguoixem", "editor_a": "bientap_ls", "editor_b": "bientap_ht",
         "admin": "admin"}
DRAFT = "# Dự thảo\n\n## I. Mục tiêu\n\n1. Tốc độ tăng trưởng kinh tế (GRDP) bình quân đạt 8%/năm.\n"


@dataclass
class Resources:
    target_a: int
    target_b: int
    staged: int
    item: int
    pending: int
    consultation: int
    link: str
    tokens: dict[str, str] = field(default_factory=dict)


@dataclass
class SecuredSite:
    site: Site
    ids: Resources


def make_resources(site: Site) -> Resources:
    register = site.register
    target_a = find_target(register, "lao dong qua dao tao", "Lạng Sơn")["id"]
    target_b = find_target(register, "ty le ho ngheo", "Hà Tĩnh")["id"]
    sample = upload_sample()
    staged = stage_document(register, sample.name, sample.read_bytes(), "admin")
    item = staged_document(register, staged)["item_list"][0]["id"]
    editor = next(a for a in list_accounts(register) if a.username == "bientap_ls")
    submit_actual(register, editor, target_a, 7.1, "2023")
    pending = list_pending(register, editor)[0]["id"]
    created = create_consultation(register, "Dự thảo báo cáo chính trị", "du-thao.md", DRAFT.encode(),
                                  deadline=datetime.now(UTC) + timedelta(days=30), invitees=["Sở Tài chính"],
                                  actor="admin", province_id=editor.province_id)  # a consultation of province A
    tokens = {role: create_token(register, name, "kiểm thử", "admin") for role, name in ROLES.items() if name}
    return Resources(target_a, target_b, staged, item, pending, created.consultation_id,
                     next(iter(created.tokens.values())), tokens)


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredSite]:
    site = build_site(Path(tmp_path_factory.mktemp("security")))
    yield SecuredSite(site, make_resources(site))
    site.register.engine.dispose()
