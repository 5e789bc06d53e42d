"""The feasibility method: a worked case for every level and edge rule (docs/methods.md, "Feasibility")."""

from __future__ import annotations

import pytest

from chitieu.judge import Baseline, Peers, Proposal, assess_feasibility, not_read
from chitieu.judge.feasibility import thresholds

LAST_TERM = "2015-2020"


def rate(low: float, high: float | None, achieved: float | None, *, peers: tuple[float, ...] = (),
         direction: str = "up") -> Proposal:
    base = Baseline(2020, None, achieved, LAST_TERM) if achieved is not None else None
    return Proposal("Tốc độ tăng trưởng GRDP bình quân", "rate", low, high, direction, "%/năm", 2020, 2025, base,
                    peers=Peers(LAST_TERM, peers) if peers else None)


CASES = [
    # id, proposal, level, required, achieved
    ("rate above the last term", rate(6.5, 7.0, 5.3), "challenging", 6.5, 5.3),
    ("rate below the last term", rate(8.0, None, 11.1), "feasible", 8.0, 11.1),
    ("rate equal to the last term", rate(5.3, None, 5.3), "feasible", 5.3, 5.3),
    ("rate far above everything", rate(12.0, None, 5.3), "out_of_reach", 12.0, 5.3),
    ("another province did it", rate(12.0, None, 5.3, peers=(11.1,)), "challenging", 12.0, 5.3),
    ("ratio low but gap small", rate(1.0, None, 0.4), "challenging", 1.0, 0.4),
    ("ratio low and gap over 2 points", rate(3.5, None, 0.4), "out_of_reach", 3.5, 0.4),
    ("no last-term rate", rate(6.5, 7.0, None), "not_available", 6.5, None),
    ("flow above the last term", Proposal("Tạo việc làm bình quân", "flow", 6400, None, "up", "lao động/năm", 2020,
                                          2025, Baseline(2020, None, 6252, LAST_TERM)), "challenging", 6400, 6252),
    ("flow below the last term", Proposal("Kết nạp đảng viên mới", "flow", 5000, None, "up", "đảng viên", 2020, 2025,
                                          Baseline(2020, None, 6938, LAST_TERM)), "feasible", 5000, 6938),
    ("flow far above", Proposal("Trồng rừng", "flow", 12000, None, "up", "ha", 2020, 2025,
                                Baseline(2020, None, 6501, LAST_TERM)), "out_of_reach", 12000, 6501),
    ("level already reached", Proposal("Tỷ lệ che phủ rừng", "level", 72.9, None, "up", "%", 2020, 2025,
                                       Baseline(2020, 72.9)), "feasible", 0.0, None),
    ("level down already reached", Proposal("Suy dinh dưỡng", "level", 17.0, None, "down", "%", 2020, 2025,
                                            Baseline(2020, 16.0)), "feasible", 0.2, None),
    ("level without a pace achieved", Proposal("GRDP bình quân đầu người", "level", 62, None, "up", "triệu đồng",
                                               2020, 2025, Baseline(2020, 40.0)), "not_available", 9.1607, None),
    ("level with the last term's growth", Proposal("Thu ngân sách", "level", 1100, None, "up", "tỷ đồng", 2020, 2025,
                                                   Baseline(2020, 670.0, 5.4, LAST_TERM)),
     "out_of_reach", 10.424, 5.4),
    ("level with the province's years", Proposal("Tỷ lệ lao động qua đào tạo", "level", 50, None, "up", "%", 2020,
                                                 2025, Baseline(2020, 45.0), yearly={2022: 47.0}),
     "feasible", 1.0, 1.0),
    ("level points far", Proposal("Tỷ lệ lao động qua đào tạo", "level", 60, None, "up", "%", 2020, 2025,
                                  Baseline(2020, 45.0), yearly={2023: 45.6}), "out_of_reach", 3.0, 0.2),
    ("level down as fast as needed", Proposal("Tỷ lệ hộ nghèo", "level", 5.0, None, "down", "%", 2020, 2025,
                                   Baseline(2020, 15.0), yearly={2022: 11.0}), "feasible", -2.0, -2.0),
    ("no baseline", Proposal("Số sản phẩm OCOP", "level", 200, None, "up", "sản phẩm", 2020, 2025),
     "not_available", None, None),
]


@pytest.mark.parametrize(("proposal", "level", "required", "achieved"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_levels(proposal: Proposal, level: str, required: float | None, achieved: float | None) -> None:
    result = assess_feasibility(proposal)
    assert result.level == level
    assert result.required == (None if required is None else pytest.approx(required, abs=1e-3))
    assert result.achieved == (None if achieved is None else pytest.approx(achieved, abs=1e-3))
    assert result.note.endswith(".") and result.note[0].isupper()


def test_level_down_needed_is_feasible_only_when_the_fall_is_fast_enough() -> None:
    slow = Proposal("Tỷ lệ hộ nghèo", "level", 5.0, None, "down", "%", 2020, 2025, Baseline(2020, 15.0),
                    yearly={2022: 14.0})
    result = assess_feasibility(slow)
    assert result.level == "out_of_reach"  # needs 2 points a year down, fell 0,5: R = 0,25, gap 1,5 > 1
    assert "cần giảm 2 điểm % mỗi năm" in result.note and "đã giảm 0,5 điểm %" not in result.note


def test_note_names_the_figures_the_vietnamese_way() -> None:
    note = assess_feasibility(rate(6.5, 7.0, 5.3, peers=(11.1, 4.0, 7.2))).note
    assert note == ("Mục tiêu bình quân 6,5 - 7%/năm giai đoạn 2020-2025; nhiệm kỳ trước (2015-2020) đạt 5,3%/năm; "
                    "các tỉnh khác (2015-2020, 3 tỉnh): trung vị 7,2%/năm, từ 4 đến 11,1%/năm. Mức yêu cầu cao hơn "
                    "mức đã đạt ở nhiệm kỳ trước; cần giải pháp và nguồn lực tương xứng.")
    level = assess_feasibility(Proposal("GRDP bình quân đầu người", "level", 62, None, "up", "triệu đồng", 2020, 2025,
                                        Baseline(2020, 40.0), shown="> 62 triệu đồng")).note
    assert level.startswith("Từ 40 triệu đồng năm 2020 lên > 62 triệu đồng năm 2025 cần tăng 9,16% mỗi năm")


def test_thresholds_come_from_the_data_file() -> None:
    assert thresholds() == {"challenge_ratio": 1.0, "far_ratio": 0.6, "rate_gap": 2.0, "points_gap": 1.0}


def test_not_read_and_unknown_kind() -> None:
    assert not_read().level == "not_available"
    with pytest.raises(ValueError, match="unknown kind"):
        assess_feasibility(Proposal("x", "share", 1, None, "up", None, 2020, 2025))


def test_level_from_zero_is_an_amount_a_year() -> None:
    result = assess_feasibility(Proposal("Số huyện đạt chuẩn nông thôn mới", "level", 1, None, "up", "huyện", 2020,
                                         2025, Baseline(2020, 0.0)))
    assert (result.level, result.measure, result.required) == ("not_available", "amount", 0.2)
    assert result.note.startswith("Từ 0 huyện năm 2020 lên 1 huyện năm 2025 cần tăng 0,2 huyện mỗi năm")


def test_a_level_to_fall_says_so() -> None:
    result = assess_feasibility(Proposal("Tỷ trọng nông, lâm nghiệp, thủy sản", "level", 8, None, "down", "%", 2020,
                                         2025, Baseline(2020, 10.0)))
    assert (result.level, result.required) == ("not_available", pytest.approx(-0.4))
    assert result.note.startswith("Từ 10% năm 2020 xuống 8% năm 2025 cần giảm 0,4 điểm % mỗi năm")
