"""A seeded site for the security tests: one account per role, an API token each, and one of every resource a
route can name (a target of each province, a staged document, a pending value, a consultation of province A and
its link)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from chitieu.register import Register
from chitieu.register.accounts import create_token, create_user, list_accounts, list_agencies
from chitieu.register.consultation import create_consultation
from chitieu.register.db.workflow import ApiToken
from chitieu.register.documents.review import stage_document, staged_document
from chitieu.register.figures import list_pending, submit_actual, target_record
from tests.web.conftest import PASSWORD, Site, copy_of_template, find_target, seed_site, upload_sample

# role -> username (None: nobody signed in); province A is Lạng Sơn, B is Hà Tĩnh
ROLES = {"anonymous": None, "viewer": "nguoixem", "viewer_a": "xem_ls", "agency_a": "soyte_ls",
         "editor_b": "bientap_ht", "editor_a": "bientap_ls", "admin_b": "quantri_ht", "admin_a": "quantri_ls",
         "admin": "admin"}
# the ten accounts: the national administrator and viewer, and for each province an administrator, a province
# editor, an agency's editor and a viewer
ACCOUNTS = {"admin": None, "nguoixem": None,
            "quantri_ls": "Lạng Sơn", "bientap_ls": "Lạng Sơn", "soyte_ls": "Lạng Sơn", "xem_ls": "Lạng Sơn",
            "quantri_ht": "Hà Tĩnh", "bientap_ht": "Hà Tĩnh", "soyte_ht": "Hà Tĩnh", "xem_ht": "Hà Tĩnh"}
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
    revocable: int = 0  # the id of a token of xem_ls that no request uses
    doomed: tuple[int, int] = (0, 0)  # two targets of province A that the page and the API delete
    values: tuple[int, int, int] = (0, 0, 0)  # actual values of target_a: corrected, deleted by a page, by the API
    document_a: int = 0  # the document of target_a


@dataclass
class SecuredSite:
    site: Site
    ids: Resources


def add_accounts(register: Register) -> None:
    """The accounts ``build_site`` does not make: province A's administrator, province B's agency editor, a
    viewer of each province."""
    create_user(register, "quantri_ls", PASSWORD, "admin", province="Lạng Sơn")
    create_user(register, "xem_ls", PASSWORD, "viewer", province="Lạng Sơn")
    create_user(register, "xem_ht", PASSWORD, "viewer", province="Hà Tĩnh")
    agency = next(a for a in list_agencies(register) if a["name"] == "Sở Y tế" and a["province"] == "Hà Tĩnh")
    create_user(register, "soyte_ht", PASSWORD, "editor", agency_id=agency["id"])


def make_tokens(register: Register) -> dict[str, str]:
    """An API token per role (signing out everywhere ends them)."""
    return {role: create_token(register, name, "kiểm thử", "admin") for role, name in ROLES.items() if name}


def make_resources(site: Site) -> Resources:
    register = site.register
    add_accounts(register)
    target_a = find_target(register, "lao dong qua dao tao", "Lạng Sơn")["id"]
    target_b = find_target(register, "ty le ho ngheo", "Hà Tĩnh")["id"]
    sample = upload_sample()
    staged = stage_document(register, sample.name, sample.read_bytes(), "admin")
    item = staged_document(register, staged)["item_list"][0]["id"]
    editor = next(a for a in list_accounts(register) if a.username == "bientap_ls")
    submit_actual(register, editor, target_a, 7.1, "2025", vintage="estimate")  # its 2025 target's estimate
    pending = list_pending(register, editor)[0]["id"]
    created = create_consultation(register, "Dự thảo báo cáo chính trị", "du-thao.md", DRAFT.encode(),
                                  deadline=datetime.now(UTC) + timedelta(days=30), invitees=["Sở Tài chính"],
                                  actor="admin", province_id=editor.province_id)  # a consultation of province A
    tokens = make_tokens(register)
    create_token(register, "xem_ls", "thu hồi", "admin")
    with register.factory() as session:
        revocable = session.scalar(select(func.max(ApiToken.id)))
    doomed = (find_target(register, "che phu rung", "Lạng Sơn")["id"],
              find_target(register, "trong rung moi", "Lạng Sơn")["id"])
    values = tuple(register.set_actual(target_a, "60", year, entered_by="admin")["id"]
                   for year in ("2021", "2022", "2023"))
    document_a = target_record(register, target_a)["document"]["id"]
    return Resources(target_a, target_b, staged, item, pending, created.consultation_id,
                     next(iter(created.tokens.values())), tokens, revocable, doomed, values, document_a)


def _fill(site: Site) -> tuple[str, Resources]:
    return seed_site(site), make_resources(site)


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredSite]:
    """A copy of one secured register per test process (see ``copy_of_template``)."""
    site, (token, resources) = copy_of_template(tmp_path_factory.mktemp("security"), "secured-site", _fill)
    site.token = token
    yield SecuredSite(site, resources)
    site.register.engine.dispose()
