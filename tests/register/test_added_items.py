"""An item a person adds under review takes the period of the document: the year a yearly resolution plans for
(so it reaches that year's appendix), else the document's term."""

from __future__ import annotations

from chitieu.register import Register
from chitieu.register.documents import review
from chitieu.register.figures import target_record
from chitieu.report import build_appendix

from .conftest import SAMPLE


def _added_period(register: Register, text: str) -> str | None:
    staged = review.stage_document(register, "nghi-quyet.txt", text.encode("utf-8"), "admin")
    line = review.staged_document(register, staged)["item_list"][0]["line"]
    review.add_item(register, staged, "admin", quote="Tốc độ", line=line, indicator="Số xã đạt chuẩn nông thôn mới",
                    value=12.0, unit="xã")
    added = [i for i in review.staged_document(register, staged)["item_list"] if i["state"] == "added"]
    review.commit(register, staged, "admin", force=True)
    return added[0]["period"]


def test_an_added_item_of_a_yearly_resolution_is_that_years(register: Register):
    assert _added_period(register, SAMPLE.format(year=2024, growth="8", budget="1.010")) == "2024"
    appendix = build_appendix(register, "Bắc Kạn", year=2024)
    assert "Số xã đạt chuẩn nông thôn mới" in [r.indicator for r in appendix.rows]


def _add(register: Register, indicator: str, unit: str, year: int = 2024, **fields: object) -> dict:
    staged = review.stage_document(register, "nghi-quyet.txt",
                                   SAMPLE.format(year=year, growth="8", budget="1.010").encode("utf-8"), "admin")
    line = review.staged_document(register, staged)["item_list"][0]["line"]
    review.add_item(register, staged, "admin", quote="Tốc độ", line=line, indicator=indicator, value=12.0, unit=unit,
                    **fields)
    review.commit(register, staged, "admin", force=True)
    return next(t for t in register.targets() if t["indicator"] == indicator)


def test_an_added_target_takes_the_catalogues_direction_and_may_be_main(register: Register):
    target = _add(register, "Tỷ lệ che phủ rừng", "%", main=True)
    assert register.assess(target["id"])["status"] != "no_direction"
    record = target_record(register, target["id"])
    assert (record["direction"], record["main"]) == ("up", True)


def test_an_added_target_the_catalogue_does_not_know_keeps_the_direction_given(register: Register):
    target = _add(register, "Số câu lạc bộ dưỡng sinh", "câu lạc bộ", direction="up")
    assert target_record(register, target["id"])["direction"] == "up"
    unknown = _add(register, "Số hội thi dân vũ", "hội thi", year=2023)
    assert target_record(register, unknown["id"])["direction"] is None
