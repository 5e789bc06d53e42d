"""Optimistic concurrency in the write itself: ``UPDATE ... WHERE version = <read>`` and a conditional claim of a
pending value, so a save or an approval that lost a race is a 409 however the requests interleave."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from chitieu.errors import ConflictError
from chitieu.register.accounts import Account, list_accounts
from chitieu.register.db.session import transaction
from chitieu.register.db.workflow import PendingActual
from chitieu.register.figures import approve_actual, submit_actual, target_record
from chitieu.register.figures.actuals import _approve, conflicts_as_409, write_actual
from tests.web.conftest import find_target

from .conftest import SecuredSite


def _account(secured: SecuredSite, username: str) -> Account:
    return next(a for a in list_accounts(secured.site.register) if a.username == username)


def _entries(secured: SecuredSite, target: int, period: str) -> list[tuple[float, str]]:
    return [(a["value"], a["entered_by"]) for a in target_record(secured.site.register, target)["actuals"]
            if a["period"] == period and a["source_kind"] == "person"]


def test_a_save_that_lost_the_race_between_its_read_and_its_write_is_a_conflict(secured: SecuredSite) -> None:
    register = secured.site.register
    target = find_target(register, "nong thon moi nang cao", "Hà Tĩnh")["id"]
    register.set_actual(target, 1.0, "2024", entered_by="mot")
    with pytest.raises(ConflictError), conflicts_as_409(target), transaction(register.factory) as session:
        # the other save commits after this one read version 1 and before it writes
        event.listen(session, "before_flush", lambda *_: register.set_actual(target, 2.0, "2024", entered_by="hai"),
                     once=True)
        write_actual(session, target, 3.0, "2024", vintage="final", entered_by="ba", expected_version=1)
    assert _entries(secured, target, "2024") == [(2.0, "hai")]


def test_two_saves_carrying_the_same_version_through_the_service(secured: SecuredSite) -> None:
    admin = _account(secured, "quantri_ht")
    target = find_target(secured.site.register, "nong thon moi kieu mau", "Hà Tĩnh")["id"]
    submit_actual(secured.site.register, admin, target, 5.0, "2024", expected_version=0)
    with pytest.raises(ConflictError):
        submit_actual(secured.site.register, admin, target, 6.0, "2024", expected_version=0)
    assert _entries(secured, target, "2024") == [(5.0, "quantri_ht")]
    with secured.site.register.factory() as session:  # the losing save left nothing waiting
        assert session.scalar(select(PendingActual.id).where(PendingActual.target_id == target,
                                                             PendingActual.state == "pending")) is None


def test_approving_over_an_entry_changed_since_sending_is_a_conflict(secured: SecuredSite) -> None:
    register = secured.site.register
    target = find_target(register, "lao dong qua dao tao", "Hà Tĩnh")["id"]
    editor, admin = _account(secured, "bientap_ht"), _account(secured, "quantri_ht")
    first = submit_actual(register, editor, target, 7.0, "2024")
    second = submit_actual(register, editor, target, 8.0, "2024")  # both sent over "no entry yet"
    approve_actual(register, admin, first)
    with pytest.raises(ConflictError):
        approve_actual(register, admin, second)
    assert _entries(secured, target, "2024") == [(7.0, "bientap_ht")]


def test_two_approvals_of_one_value_read_before_either_wrote(secured: SecuredSite) -> None:
    register = secured.site.register
    target = find_target(register, "bao hiem y te", "Hà Tĩnh")["id"]
    editor, admin = _account(secured, "bientap_ht"), _account(secured, "quantri_ht")
    pending = submit_actual(register, editor, target, 9.0, "2024")
    with pytest.raises(ConflictError), transaction(register.factory) as session:
        row = session.get(PendingActual, pending)
        assert row is not None and row.state == "pending"  # read as waiting ...
        approve_actual(register, admin, pending)  # ... then another approval commits
        _approve(session, admin, row, None)
    with register.factory() as session:
        assert session.scalar(select(PendingActual.state).where(PendingActual.id == pending)) == "approved"
