"""The first start: the sample documents, the first administrator, and each target's owner agency as the indicator
catalogue names it, within the target's province (``accounts.assign_default_owners``).

No API token is made: a national token printed at start would sit in terminal logs; the administrator makes one on
the administration page (or with ``chitieu user token``) when he needs it.

Nothing happens to a register that already holds targets or accounts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from chitieu.register import Register
from chitieu.register.accounts import assign_default_owners, create_user, list_accounts
from chitieu.samples import sample_paths

ADMIN = "admin"


@dataclass(slots=True)
class FirstStart:
    imported: int = 0
    admin_created: bool = False  # the first administrator was created by this start
    admin_password: str | None = None  # shown once, when the administrator was created now with a generated one


def seed(register: Register, admin_password: str | None = None, samples: list[Path] | None = None) -> FirstStart:
    """Fill an empty register with the samples and create the administrator and demo agencies if no one exists."""
    out = FirstStart()
    total, _ = register.query_targets(limit=0)
    if total == 0:
        outcomes = register.import_documents(sample_paths() if samples is None else samples)
        out.imported = sum(1 for o in outcomes if o.status == "imported")
    if list_accounts(register):
        return out
    password = admin_password or secrets.token_urlsafe(12)
    admin = create_user(register, ADMIN, password, "admin")
    out.admin_created = True
    out.admin_password = None if admin_password else password
    for province in sorted({r["province"] for r in register.targets() if r["province"]}):
        assign_default_owners(register, province, admin)
    return out
