"""The one parser of typed guiding questions, shared by ``chitieu consult create`` and the creation page."""

from __future__ import annotations

import pytest

from chitieu.extract.questions import QuestionSpec
from chitieu.intake import Document
from chitieu.register.consultation import guiding_questions, heading_text, parse_question


def test_a_part_before_two_colons_ties_the_question_to_it() -> None:
    assert parse_question(" Chỉ tiêu chủ yếu :: Các chỉ tiêu có khả thi? ") == QuestionSpec(
        "Các chỉ tiêu có khả thi?", "Chỉ tiêu chủ yếu")
    assert parse_question("  Còn nội dung nào cần bổ sung? ") == QuestionSpec("Còn nội dung nào cần bổ sung?")


def test_typed_questions_come_first_then_those_of_the_draft() -> None:
    draft = Document.from_text("I. MỤC TIÊU\nTăng trưởng 8%.\n\nGỢI Ý MỘT SỐ NỘI DUNG THẢO LUẬN\n\n\n"
                               "VỀ MỤC TIÊU\n- Các chỉ tiêu đã sát thực tế chưa?\n")
    found = guiding_questions(["Câu hỏi gõ vào?", "  "], draft)
    assert found[0] == QuestionSpec("Câu hỏi gõ vào?")
    assert [q.text for q in found[1:]] == ["Các chỉ tiêu đã sát thực tế chưa?"]
    assert guiding_questions(["Câu hỏi gõ vào?"]) == [QuestionSpec("Câu hỏi gõ vào?")]


@pytest.mark.parametrize(("marker", "title", "shown"), [
    ("a)", "Về kinh tế", "a) Về kinh tế"),
    ("I", "KẾT QUẢ NỔI BẬT", "I. KẾT QUẢ NỔI BẬT"),
    ("1.", "Về xã hội", "1. Về xã hội"),
    ("Phần thứ nhất", "Phần thứ nhất KẾT QUẢ", "Phần thứ nhất KẾT QUẢ"),
    (None, "HUYỆN ỦY SÔNG XANH", "HUYỆN ỦY SÔNG XANH"),
], ids=["letter-bracket", "roman", "number-dot", "title-has-marker", "no-marker"])
def test_a_heading_is_written_as_the_draft_writes_it(marker: str | None, title: str, shown: str) -> None:
    assert heading_text(marker, title) == shown
