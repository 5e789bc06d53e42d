"""A conversion in its own process (``chitieu.intake.sandbox``): time and memory held to the budget, chitieu's errors
brought back as raised, anything else one line; the server process itself never grows or waits past the budget."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from chitieu.errors import InputError, LimitError
from chitieu.intake import Budget, read_document, run_bounded
from chitieu.intake.budget import current
from tests.intake.hostile_files import scanned_pdf

SMALL = Budget(seconds=30, memory_bytes=768 * 1024 * 1024)


def pid_and_budget() -> tuple[int, Budget | None]:
    return os.getpid(), current()


def sleep_forever() -> None:
    threading.Event().wait()


def hoard_memory() -> int:
    blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB, over any limit below
    return len(blocks)


def refuse(path: str) -> None:
    raise InputError(path, "tệp hỏng")


def fail_as_a_bug() -> None:
    raise TypeError("not chitieu's own error")


def run_a_busy_loop() -> None:
    while True:
        time.monotonic()


def test_runs_in_another_process_under_the_budget() -> None:
    pid, budget = run_bounded(pid_and_budget, path="a.txt", budget=SMALL)
    assert pid != os.getpid() and budget == SMALL
    assert run_bounded(pid_and_budget, path="a.txt", budget=Budget(isolated=False)) == (os.getpid(),
                                                                                         Budget(isolated=False))
    assert run_bounded(pid_and_budget, path="a.txt", budget=None) == (os.getpid(), None)


@pytest.mark.parametrize("work", [sleep_forever, run_a_busy_loop], ids=["waits", "spins"])
def test_a_conversion_over_its_time_is_ended(work) -> None:
    with pytest.raises(LimitError) as info:
        run_bounded(work, path="cham.pdf", budget=Budget(seconds=1))
    assert info.value.limit == "seconds"
    assert str(info.value) == "Tệp 'cham.pdf' cần hơn 1 giây để chuyển đổi, vượt giới hạn thời gian 1 giây."


def test_a_conversion_over_its_memory_fails_in_the_child() -> None:
    with pytest.raises(LimitError) as info:
        run_bounded(hoard_memory, path="to.docx", budget=SMALL)
    assert info.value.limit == "memory_bytes"
    assert str(info.value) == "Tệp 'to.docx' cần quá nhiều bộ nhớ để chuyển đổi, vượt giới hạn bộ nhớ 768 MB."


def test_errors_come_back_as_raised() -> None:
    with pytest.raises(InputError) as info:
        run_bounded(refuse, "x.docx", path="x.docx", budget=SMALL)
    assert type(info.value) is InputError and info.value.path == "x.docx" and info.value.reason == "tệp hỏng"
    with pytest.raises(InputError, match="lỗi khi chuyển đổi"):
        run_bounded(fail_as_a_bug, path="y.pdf", budget=SMALL)


def test_a_limit_hit_in_the_child_keeps_its_name(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "quet.pdf", 60)
    with pytest.raises(LimitError) as info:
        run_bounded(read_document, path, path=path, budget=SMALL)
    assert info.value.limit == "ocr_pages" and "60 trang cần nhận dạng chữ" in str(info.value)
