"""The indicator catalogue: its data file is sound, and linking finds the right indicator (precision/recall)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chitieu.register.documents import fold, link_indicator, load_catalogue

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linking"


def test_catalogue_is_sound():
    fields, indicators = load_catalogue()
    assert set(fields) == {"kinh_te", "van_hoa_xa_hoi", "moi_truong", "quoc_phong_an_ninh", "cai_cach_hanh_chinh",
                           "xay_dung_dang"}
    assert len(indicators) >= 60
    assert {i.field for i in indicators} == set(fields)


def test_fold_drops_accents_and_case():
    assert fold("Tỷ lệ ĐẢNG viên, (%)") == "ty le dang vien %"


@pytest.mark.parametrize(("text", "breakdown", "unit", "code"), [
    ("ty le che phu rung", None, "%", "forest_cover"),  # no accents at all
    ("Tỷ lệ che phủ rùng", None, "%", "forest_cover"),  # a typo
    ("Cơ cấu kinh tế", "Dịch vụ", "%", "share_services"),
    ("Tốc độ tăng trưởng GRDP bình quân", "Dịch vụ", "%/năm", "services_growth"),
    ("Hoàn thành tuyến đường tránh thành phố", None, None, None),
    ("Kết nạp", None, "đảng viên", "party_admissions"),  # a verb: its unit names what it counts
    ("Thành lập", None, "hợp tác xã", "new_cooperatives"),
    ("Thành lập", None, "%", None),  # a measure names nothing
    ("Xã", None, "xã", None),  # the unit alone is no indicator
    ("Tỷ lệ hộ dân nông thôn được sử dụng nước sạch", "Hộ dân được sử dụng điện lưới quốc gia", "%",
     "electricity_access"),  # a breakdown worded as an indicator of its own
    ("Tỷ lệ hộ dân nông thôn được sử dụng nước sạch", "nước sạch", "%", "rural_clean_water"),
], ids=["unaccented", "typo", "breakdown-share", "breakdown-growth", "nothing", "verb-with-unit",
        "verb-with-unit-2", "verb-with-measure", "unit-alone", "breakdown-alone", "short-breakdown"])
def test_link_cases(text, breakdown, unit, code):
    link = link_indicator(text, breakdown, unit)
    assert (link.code if link else None) == code


def test_opposite_words_exclude_an_indicator():
    # everything but "đô thị" is the wording of the rural indicator's name
    link = link_indicator("Tỷ lệ dân số đô thị được sử dụng nước sinh hoạt hợp vệ sinh", None, "%")
    assert link is not None and link.code == "urban_clean_water"
    assert link_indicator("Tỷ lệ dân số nông thôn được sử dụng nước sạch", None, "%").code == "rural_clean_water"


def link_scores() -> tuple[float, float, list[tuple[str, str | None, str | None, str | None]]]:
    cases = yaml.safe_load((FIXTURES / "indicators.yaml").read_text("utf-8"))
    made = correct = expected = 0
    wrong = []
    for case in cases:
        link = link_indicator(case["text"], case["breakdown"], case["unit"])
        got = link.code if link else None
        made += got is not None
        expected += case["expected"] is not None
        correct += got is not None and got == case["expected"]
        if got != case["expected"]:
            wrong.append((case["text"], case["breakdown"], case["expected"], got))
    return correct / made, correct / expected, wrong


def test_linking_precision_and_recall():
    precision, recall, wrong = link_scores()
    print(f"linking precision {precision:.3f} recall {recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9, wrong
