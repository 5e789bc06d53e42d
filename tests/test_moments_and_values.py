"""Times shown in Vietnam's time (``chitieu.moments``) and values read the Vietnamese way (``numbers.read_value``):
the one helper of each that every page, export, API answer and command uses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chitieu.errors import InvalidValueError
from chitieu.moments import local, shown_time
from chitieu.numbers import read_value


@pytest.mark.parametrize(("stored", "shown"), [
    (datetime(2026, 12, 3, 16, 5), "23:05 ngày 03/12/2026"),  # stored UTC without a zone
    (datetime(2026, 12, 31, 17, 30, tzinfo=UTC), "00:30 ngày 01/01/2027"),  # the next day in Vietnam
    ("2026-12-03T16:05:00+00:00", "23:05 ngày 03/12/2026"),  # as list_pending and the history give it
    ("2026-12-03T16:05:00", "23:05 ngày 03/12/2026"),
    (None, ""),
], ids=["naive-utc", "next-day", "iso-utc", "iso-naive", "none"])
def test_a_stored_time_is_shown_in_vietnam_time(stored: object, shown: str) -> None:
    assert shown_time(stored) == shown  # type: ignore[arg-type]


def test_a_spreadsheet_cell_gets_vietnam_time_without_a_zone() -> None:
    assert local(datetime(2026, 12, 3, 16, 5)) == datetime(2026, 12, 3, 23, 5)
    assert local(None) is None


@pytest.mark.parametrize(("typed", "value"), [
    ("7,1", 7.1), ("1.250,5", 1250.5), ("1.250", 1250.0), ("-2", -2.0), ("6.5", 6.5), (" 72,5 ", 72.5),
    ("1 250,5", 1250.5), (7.1, 7.1), (3, 3.0),
], ids=["decimal-comma", "thousands-and-decimals", "thousands", "negative", "decimal-point", "spaces",
        "space-in-thousands", "json-float", "json-int"])
def test_a_typed_value_is_read_the_vietnamese_way(typed: object, value: float) -> None:
    assert read_value(typed) == value


@pytest.mark.parametrize(("typed", "line"), [
    ("7,1x", "Giá trị '7,1x' không phải là số; viết như 6,5 hoặc 1.250,5."),
    ("", "Giá trị: chưa nhập số."),
    ("1.2.3", "Giá trị '1.2.3' không phải là số; viết như 6,5 hoặc 1.250,5."),
    (True, "Giá trị phải là một số."),
    (float("nan"), "Giá trị phải là một số hữu hạn, không quá một triệu tỷ (10^15)."),
], ids=["letters", "empty", "two-points", "bool", "nan"])
def test_a_bad_value_is_one_vietnamese_line(typed: object, line: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        read_value(typed)
    assert str(refused.value) == line
