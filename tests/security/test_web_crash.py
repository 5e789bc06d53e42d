"""The real server (uvicorn in a subprocess) killed with SIGKILL while people enter and approve values and commit
reviewed documents: afterwards the register is consistent and every change the server acknowledged is there.

"Acknowledged" means the client got the page's answer (303) before the kill: the change was committed then.
"""

from __future__ import annotations

import gc
import os
import random
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text

from chitieu.judge.vintage import VINTAGES
from chitieu.register import Register, open_register
from chitieu.register.accounts import create_token, create_user
from chitieu.register.db import make_engine
from chitieu.register.documents.review import stage_document
from chitieu.web.seed import seed
from tests.conftest import free_port
from tests.reliability.conftest import database_url, sample_documents  # noqa: F401  (database_url: a fixture)
from tests.reliability.test_crash import _writing, assert_consistent

from .server import signed_in, start_server

PASSWORD = "mat-khau-thu"
KILLS = 3


Slot = tuple[int, str, str]  # a person's entry: target, period, vintage


@dataclass
class Acknowledged:
    values: list[tuple[int, str, str, float]] = field(default_factory=list)  # target, period, vintage, value
    committed: list[int] = field(default_factory=list)  # staged ids
    approved: list[int] = field(default_factory=list)  # pending ids
    errors: list[str] = field(default_factory=list)
    token: str = ""  # the administrator's API token, to list what waits for approval
    conflicts: list[str] = field(default_factory=list)  # 409s: refused, so not acknowledged (see the report)


def _message(html: str) -> str:
    found = re.search(r"<main[^>]*>(.*?)</main>", html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[1] if found else html[:300])).strip()


def _running(work: Callable[[Acknowledged, threading.Event], None], done: Acknowledged,
             stop: threading.Event) -> threading.Thread:
    """A client thread: a connection cut by the kill ends it; anything else is recorded as an error."""

    def run() -> None:
        try:
            work(done, stop)
        except httpx.TransportError:
            pass
        except Exception as exc:  # an assertion or a bad answer: reported by the test
            done.errors.append(repr(exc))

    return threading.Thread(target=run)


def _slots(register: Register) -> list[Slot]:
    """Every entry the targets take, each a first entry once: a period within a target's own years (the register
    refuses any other) and each vintage. A worker that comes round to a slot again gets a 409, counted as such."""
    out = []
    for row in register.targets():
        first, _, last = (row["period"] or "").partition("-")
        if not first.isdigit():
            continue
        years = range(int(first) - 1, int(last or first) + 1)
        out += [(row["id"], str(year), vintage) for year in years for vintage in VINTAGES]
    return out


def _enter_values(base: str, slots: list[Slot], start: int) -> Callable[[Acknowledged, threading.Event], None]:
    def work(done: Acknowledged, stop: threading.Event) -> None:
        client, token = signed_in(base, "admin", PASSWORD)
        with closing(client):
            number = start
            while not stop.is_set():
                target, period, vintage = slots[number % len(slots)]
                response = client.post(f"/targets/{target}/actuals", data={
                    "csrf_token": token, "value": str(number), "period": period, "vintage": vintage, "seen": "*"})
                number += 1
                if response.status_code == 409:
                    done.conflicts.append(_message(response.text))
                    continue
                if response.status_code != 303:
                    done.errors.append(f"{response.status_code} {_message(response.text)}")
                    return
                done.values.append((target, period, vintage, float(number - 1)))

    return work


def _commit_documents(base: str, staged: list[int]) -> Callable[[Acknowledged, threading.Event], None]:
    def work(done: Acknowledged, stop: threading.Event) -> None:
        client, token = signed_in(base, "admin", PASSWORD)
        with closing(client):
            for staged_id in staged:
                if stop.is_set():
                    return
                response = client.post(f"/review/{staged_id}/commit", data={"csrf_token": token, "force": "true"})
                if response.status_code == 409:
                    done.conflicts.append(_message(response.text))
                    continue
                if response.status_code != 303:
                    done.errors.append(f"{response.status_code} {_message(response.text)}")
                    return
                done.committed.append(staged_id)

    return work


def _send_and_approve(base: str, slots: list[Slot], start: int) -> Callable[[Acknowledged, threading.Event], None]:
    def work(done: Acknowledged, stop: threading.Event) -> None:
        editor, editor_token = signed_in(base, "bientap", PASSWORD)
        admin, admin_token = signed_in(base, "admin", PASSWORD)
        with closing(editor), closing(admin):
            number = start
            while not stop.is_set():
                target, period, vintage = slots[number % len(slots)]
                sent = editor.post(f"/targets/{target}/actuals", data={
                    "csrf_token": editor_token, "value": str(number), "period": period, "vintage": vintage,
                    "seen": "*"})
                if sent.status_code == 409:
                    done.conflicts.append(_message(sent.text))
                elif sent.status_code != 303:
                    done.errors.append(f"{sent.status_code} {_message(sent.text)}")
                waiting = admin.get("/api/pending", headers={"Authorization": f"Bearer {done.token}"}).json()
                for row in waiting:
                    if admin.post(f"/approvals/{row['id']}/approve", data={"csrf_token": admin_token}
                                  ).status_code == 303:
                        done.approved.append(row["id"])
                number += 1

    return work


def _check(engine: Engine, done: Acknowledged) -> None:
    assert_consistent(engine)
    with engine.connect() as connection:
        run = connection.execute
        actuals = {(t, p, k): v for t, p, k, v in run(text(
            "SELECT target_id, period, vintage, value FROM actuals WHERE source_kind = 'person'")).all()}
        for target, period, vintage, value in done.values:
            assert actuals.get((target, period, vintage)) == value, "an acknowledged value is missing"
        history = {row_id for (row_id,) in run(text("SELECT row_id FROM changes WHERE table_name = 'actuals'"))}
        ids = set(run(text("SELECT id FROM actuals WHERE source_kind = 'person'")).scalars())
        assert ids <= history, "a value without its history row"
        states = dict(run(text("SELECT id, state FROM staged_documents")).all())
        documents = dict(run(text("SELECT id, document_id FROM staged_documents")).all())
        for staged_id in done.committed:
            assert states[staged_id] == "committed" and documents[staged_id] is not None
        approved = {i: a for i, a in run(text("SELECT id, actual_id FROM pending_actuals WHERE state = 'approved'"))}
        for pending_id in done.approved:
            assert approved.get(pending_id) is not None, "an acknowledged approval is missing"
        orphans = run(text("SELECT count(*) FROM pending_actuals p WHERE p.actual_id IS NOT NULL AND NOT EXISTS"
                           " (SELECT 1 FROM actuals a WHERE a.id = p.actual_id)")).scalar_one()
        assert orphans == 0
        statuses = run(text("SELECT count(*) FROM targets t WHERE NOT EXISTS"
                            " (SELECT 1 FROM target_status s WHERE s.target_id = t.id)")).scalar_one()
        assert statuses == 0, "a target without its precomputed status"


@pytest.fixture
def dropped_connections() -> Iterator[None]:
    """Collects the connections a killed server left behind while this test's warning filters hold."""
    yield
    gc.collect()


@pytest.mark.slow
# A server killed in the middle of a request leaves its clients' connections open on purpose: a socket collected
# later is that, not a leak of chitieu's (it made this test fail at random under load, whichever test came next).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_killed_server_keeps_every_acknowledged_edit(
    database_url, tmp_path: Path, dropped_connections: None  # noqa: F811
) -> None:
    register = open_register(url=database_url)
    seed(register, PASSWORD, samples=sample_documents(tmp_path, 3))
    create_user(register, "bientap", PASSWORD, "editor")
    done = Acknowledged(token=create_token(register, "admin", "crash", "admin"))
    slots = _slots(register)
    half = len(slots) // 2  # the administrator's entries and the editor's, apart
    staged = [stage_document(register, path.name, path.read_bytes(), "admin")
              for path in sample_documents(tmp_path, 24)[3:]]
    register.engine.dispose()
    engine = make_engine(database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    for round_number in range(KILLS):
        server = start_server(database_url, tmp_path, port)
        stop = threading.Event()
        with engine.connect() as connection:  # a commit can land and the kill come before its answer
            closed = set(connection.execute(text("SELECT id FROM staged_documents WHERE state = 'committed'"))
                         .scalars())
        left = [s for s in staged if s not in closed]
        workers = [_running(_enter_values(base, slots[:half], 1000 * round_number), done, stop),
                   _running(_commit_documents(base, left), done, stop),
                   _running(_send_and_approve(base, slots[half:], 1000 * round_number + 500), done, stop)]
        for worker in workers:
            worker.start()
        time.sleep(random.uniform(2.5, 5.0))
        deadline = time.monotonic() + 10
        while not _writing(engine) and time.monotonic() < deadline:  # land inside a write transaction if we can
            time.sleep(0.001)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
        engine.dispose()
        assert not done.errors, done.errors[:3]
        _check(engine, done)
    assert len(done.values) >= 3 and done.committed and done.approved, done
    print(f"acknowledged before {KILLS} kills: {len(done.values)} values, {len(done.committed)} commits, "
          f"{len(done.approved)} approvals; {len(done.conflicts)} refused with 409")
    server = start_server(database_url, tmp_path, port)  # and it serves again
    try:
        client, token = signed_in(base, "admin", PASSWORD)
        with engine.connect() as connection:
            taken = set(connection.execute(text("SELECT target_id, period, vintage FROM actuals UNION "
                                                "SELECT target_id, period, vintage FROM pending_actuals")).all())
        target, period, vintage = next(slot for slot in slots if slot not in taken)
        with closing(client):
            after = client.post(f"/targets/{target}/actuals", data={
                "csrf_token": token, "value": "1", "period": period, "vintage": vintage, "seen": "*"})
        assert after.status_code == 303, _message(after.text)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    _check(engine, done)
    engine.dispose()
