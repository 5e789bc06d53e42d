"""The term or year a page without a title plans for or reports on (``context.infer_terms``)."""

from __future__ import annotations

from chitieu.extract.context import infer_terms
from chitieu.intake.document import Document

CONGRESS_LIST = """Các chỉ tiêu chủ yếu
Về kinh tế: Tổng sản phẩm trong tỉnh tăng bình quân trên 8%/năm. GRDP bình quân đầu người đạt 4.000 USD.
Về xã hội: Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm.
"""

REPORT = """Kỳ họp cuối năm của HĐND tỉnh Sơn Đông khai mạc sáng nay.
Tổng thu ngân sách trên địa bàn năm 2026 ước đạt 17.422 tỷ đồng, đạt 92% dự toán.
Các cấp quyết tâm thực hiện thắng lợi các nhiệm vụ trong năm 2027.
"""


def _terms(text: str, published: str | None):
    return infer_terms(Document.from_text(text, "page"), published=published)


def test_a_term_list_on_a_page_of_a_congress_year_is_for_the_new_term() -> None:
    terms = _terms(CONGRESS_LIST, "2025-10-24")
    assert (terms.start, terms.end, terms.plan_year) == (2025, 2030, None)


def test_the_same_list_in_another_year_plans_for_the_next_year() -> None:
    terms = _terms(CONGRESS_LIST, "2023-10-24")
    assert terms.plan_year == 2024


def test_the_year_a_judging_sentence_names_wins_over_a_later_one_in_a_report_sentence() -> None:
    terms = _terms(REPORT, None)
    assert terms.result_year == 2026


def test_a_mid_year_review_reports_on_its_own_year() -> None:
    terms = _terms("Tình hình kinh tế - xã hội 9 tháng năm 2026\nThu ngân sách đạt 70% dự toán.\n", None)
    assert (terms.plan_year, terms.result_year, terms.partial) == (2026, 2026, True)


def test_a_page_of_december_that_names_its_term_plans_the_year_to_come() -> None:
    page = (
        "Năm 2027 là năm tỉnh về đích kế hoạch phát triển kinh tế - xã hội 5 năm 2023-2027.\n"
        "Năm 2027, tỉnh đặt mục tiêu tăng trưởng GRDP đạt 8,5%; kế hoạch 5 năm 2023-2027 được thực hiện.\n"
    )
    assert _terms(page, "2026-12-26").plan_year == 2027


def test_a_page_of_january_reports_on_the_year_before_whatever_it_plans() -> None:
    page = (
        "Năm 2026, thu ngân sách nhà nước đạt 27.594 tỷ đồng, đạt gần 117% dự toán.\n"
        "Nhiều kết quả nổi bật được thông tin tại buổi họp báo về công tác trọng tâm năm 2027.\n"
    )
    assert _terms(page, "2027-01-10").result_year == 2026


def test_targets_set_after_a_year_looked_back_on_are_for_the_next() -> None:
    page = (
        "Tình hình sản xuất của tỉnh trong năm 2026 tương đối thuận lợi, kết quả tăng trưởng đạt 2,47%.\n"
        "Trước những kết quả này, tỉnh đề ra 21 chỉ tiêu để phấn đấu thực hiện.\n"
    )
    assert _terms(page, None).plan_year == 2027
