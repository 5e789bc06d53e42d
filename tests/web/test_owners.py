"""Owner agencies: only an administrator of the target's province may assign one."""

from __future__ import annotations

import pytest

from chitieu.errors import AccessDeniedError
from chitieu.register.accounts import authenticate, list_agencies, owners, set_owner

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
