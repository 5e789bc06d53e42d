"""The appendix row model: groups from the catalogue field, rows and values from the register."""

from __future__ import annotations

from datetime import date

import pytest

from chitieu.errors import ChitieuError, NotFoundError
from chitieu.register import Register
from chitieu.report import build_appendix
from chitieu.report.wording import excel_format, format_span, format_target, format_value, group_of_field, groups

from .conftest import PROVINCE, REPORT
from .tables import differences, match, original_rows


@pytest.mark.parametrize(("low", "high", "expected"), [
    (1100.0, None, "1.100"), (6.5, None, "6,5"), (6.5, 7.0, "6,5 - 7,0"), (12.8, 13.0, "12,8 - 13,0"),
    (178521.0, None, "178.521"), (97.29, None, "97,29"), (2.0, 2.5, "2,0 - 2,5"), (40.0, None, "40"),
], ids=lambda v: str(v))
def test_vietnamese_numbers(low, high, expected):
    assert format_span(low, high) == expected


def test_targets_and_formats():
    assert format_target("min", 17.0, None) == "≥ 17"
    assert format_target("gt", 98.0, None) == "> 98"
    assert format_target("range", 6.5, 7.0) == "6,5 - 7,0"
    assert format_target("exact", None, None) == ""
    assert format_value(None) == ""
    assert excel_format(6.5) == "[$-42A]#,##0.0"
    assert excel_format(1100.0) == "[$-42A]#,##0"


def test_six_groups_come_from_data():
    assert [g.roman for g in groups()][:6] == ["I", "II", "III", "IV", "V", "VI"]
    assert group_of_field("quoc_phong_an_ninh") == "noi_chinh"
    assert group_of_field("moi_truong") == "moi_truong"
    assert group_of_field(None) is None


def test_term_appendix_reproduces_the_documents_table(filled: Register):
    appendix = build_appendix(filled, PROVINCE, "2015-2020")
    assert [g.roman for g in appendix.groups] == ["I", "II", "III", "IV", "V", "VI"]
    assert appendix.block_label() == "Nhiệm kỳ 2015 - 2020"
    assert appendix.next_label() == "Mục tiêu nhiệm kỳ 2020 - 2025"
    originals = original_rows(REPORT.read_text(encoding="utf-8"))
    assert len(originals) == 16
    pairs = match(originals, appendix.rows)
    assert [(o.line, differences(o, ours) if ours else ["missing"]) for o, ours in pairs
            if ours is None or differences(o, ours)] == []
    assert len([r for r in appendix.rows if not r.heading]) == len(originals)


def test_rows_sit_in_the_group_of_their_field(filled: Register):
    appendix = build_appendix(filled, PROVINCE, "2015-2020")
    fields = {g.code: set(g.fields) for g in groups()}
    for group in appendix.groups:
        for row in group.rows:
            if row.field is not None:
                assert row.field in fields[group.code], (row.indicator, group.code)
    economy = appendix.groups[0].rows
    assert economy[0].number == "1" and economy[0].indicator == "Tốc độ tăng trưởng GRDP bình quân"
    assert economy[1].number == "" and economy[1].label == "- Nông, lâm nghiệp và thủy sản"
    assert economy[0].comparison == "Không đạt" and economy[0].comparison_stated


def test_year_appendix_values_come_from_the_register(filled: Register):
    appendix = build_appendix(filled, PROVINCE, year=2024)
    assert appendix.next_label() == "Kế hoạch năm 2025"
    by_id = {r["id"]: r for r in filled.targets(province=PROVINCE)}
    rows = [r for r in appendix.rows if not r.heading]
    assert len(rows) == 6
    for row in rows:
        source = by_id[row.target_id]
        assert source["period"] == "2024"
        assert row.result == source["actual"]
        assert row.comparison_code == source["status"]
    growth = next(r for r in rows if r.indicator.startswith("Tốc độ tăng trưởng"))
    assert (growth.target, growth.result, growth.comparison, growth.next_target) == ("7", 6.5, "Không đạt", "8")
    assert by_id[growth.next_target_id]["period"] == "2025"
    party = next(r for r in rows if r.unit == "đảng viên")
    assert (party.comparison, party.next_target) == ("Vượt (105,6%)", "")


def test_current_term_appendix_assesses_targets(filled: Register):
    appendix = build_appendix(filled, PROVINCE, "2020-2025", today=date(2025, 6, 1))
    rows = {r.indicator: r for r in appendix.rows if not r.heading}
    assert rows["GRDP bình quân đầu người"].result == 47
    assert rows["GRDP bình quân đầu người"].comparison == "Có nguy cơ"  # acceleration needed: the overview's word
    assert all(r.target_id is not None for r in rows.values())


def test_bad_requests_say_so_in_vietnamese(filled: Register):
    with pytest.raises(ChitieuError, match="Nhiệm kỳ '2020' không hợp lệ"):
        build_appendix(filled, PROVINCE, "2020")
    with pytest.raises(NotFoundError, match="Không có tỉnh"):
        build_appendix(filled, "Atlantis", "2015-2020")
