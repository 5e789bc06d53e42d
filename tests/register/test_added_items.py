"""An item a person adds under review takes the period of the document: the year a yearly resolution plans for
(so it reaches that year's appendix), else the document's term."""

from __future__ import annotations

from chitieu.register import Register
from chitieu.register.documents import review
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
