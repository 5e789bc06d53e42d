"""Owner agencies: only an administrator of the target's province may assign one."""

from __future__ import annotations

import re

import pytest

from chitieu.errors import AccessDeniedError
from chitieu.register.accounts import assign_default_owners, authenticate, list_agencies, owners, set_owner

from .conftest import PASSWORD, Site, find_target


def test_province_admin_assigns_only_own_province(site: Site) -> None:
    target = find_target(site.register, "trong rung moi", "Lạng Sơn")
    current = owners(site.register, [target["id"]]).get(target["id"], {}).get("id")
    agency = next(a for a in list_agencies(site.register) if a["province"] == "Lạng Sơn" and a["id"] != current)
    other_admin = authenticate(site.register, "quantri_ht", PASSWORD)
    with pytest.raises(AccessDeniedError):
        set_owner(site.register, target["id"], agency["id"], other_admin)
    assert owners(site.register, [target["id"]]).get(target["id"], {}).get("id") == current
    admin = authenticate(site.register, "admin", PASSWORD)
    set_owner(site.register, target["id"], agency["id"], admin)
    assert owners(site.register, [target["id"]])[target["id"]]["id"] == agency["id"]


@pytest.mark.parametrize(("search", "province", "agency"), [
    ("gia dinh van hoa", "Lạng Sơn", "Sở Văn hóa, Thể thao và Du lịch"),
    ("xa dat chuan nong thon moi", "Lạng Sơn", "Sở Nông nghiệp và Môi trường"),
    ("nong thon moi kieu mau", "Hà Tĩnh", "Sở Nông nghiệp và Môi trường"),
    ("bao hiem y te", "Hà Tĩnh", "Sở Y tế"),
    ("lao dong qua dao tao", "Lạng Sơn", "Sở Giáo dục và Đào tạo"),
], ids=["cultural-families", "new-rural-communes", "model-communes", "health-insurance", "trained-labour"])
def test_default_owners_come_from_the_catalogue(site: Site, search: str, province: str, agency: str) -> None:
    target = find_target(site.register, search, province)
    owner = owners(site.register, [target["id"]])[target["id"]]
    assert owner["name"] == agency
    assert next(a for a in list_agencies(site.register) if a["id"] == owner["id"])["province"] == province


def test_every_owner_is_an_agency_of_the_targets_province(site: Site) -> None:
    province_of = {a["id"]: a["province"] for a in list_agencies(site.register)}
    owner = owners(site.register)
    rows = site.register.targets()
    assert owner and all(province_of[owner[r["id"]]["id"]] == r["province"] for r in rows if r["id"] in owner)
    linked = [r for r in rows if r["catalogue"]]
    assert all(r["id"] in owner for r in linked)  # every target linked to the catalogue has its agency


def test_assigning_again_keeps_a_chosen_owner_and_adds_none(site: Site) -> None:
    admin = authenticate(site.register, "admin", PASSWORD)
    target = find_target(site.register, "ty le ho ngheo", "Hà Tĩnh")
    health = next(a for a in list_agencies(site.register) if a["name"] == "Sở Y tế" and a["province"] == "Hà Tĩnh")
    set_owner(site.register, target["id"], health["id"], admin)
    assert assign_default_owners(site.register, "Hà Tĩnh", admin) == 0
    assert owners(site.register, [target["id"]])[target["id"]]["id"] == health["id"]
    with pytest.raises(AccessDeniedError):
        assign_default_owners(site.register, "Lạng Sơn", authenticate(site.register, "quantri_ht", PASSWORD))


def test_a_target_is_offered_and_given_only_its_provinces_agencies(site: Site) -> None:
    target = find_target(site.register, "bao hiem y te", "Hà Tĩnh")
    page = site.client("admin").get(f"/targets/{target['id']}").text
    select = page.split('name="agency_id"')[1].split("</select>")[0]
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)
    assert options and all(o.endswith("(Hà Tĩnh)") for o in options)
    lang_son = next(a for a in list_agencies(site.register) if a["province"] == "Lạng Sơn")
    response = site.client().put(f"/api/targets/{target['id']}/owner", json={"agency_id": lang_son["id"]},
                                 headers={"Authorization": f"Bearer {site.token}"})
    assert response.status_code == 400
    assert response.json()["detail"] == (f"{lang_son['name']} không thuộc tỉnh của chỉ tiêu số {target['id']}; "
                                         "hãy chọn một cơ quan của tỉnh đó.")
