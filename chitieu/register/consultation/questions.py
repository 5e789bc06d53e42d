"""A consultation's guiding questions: those staff type ("Phần::câu hỏi" ties a question to a part of the draft)
and, when asked, those the draft itself carries (``chitieu.extract.questions``). One parser for the CLI and the
pages."""

from __future__ import annotations

from collections.abc import Iterable

from chitieu.extract.questions import QuestionSpec, draft_questions
from chitieu.intake import Document

PART_MARK = "::"  # "Chỉ tiêu chủ yếu::Các chỉ tiêu có khả thi?"


def parse_question(text: str) -> QuestionSpec:
    """A typed question: "part::question" is about that part of the draft, anything else about the whole."""
    part, separator, question = text.partition(PART_MARK)
    return QuestionSpec(question.strip(), part.strip()) if separator else QuestionSpec(text.strip())


def guiding_questions(typed: Iterable[str], draft: Document | None = None) -> list[QuestionSpec]:
    """The questions typed (blank ones left out), then those the draft carries when ``draft`` is given."""
    questions = [parse_question(text) for text in typed if text.strip()]
    if draft is not None:
        questions += draft_questions(draft)
    return questions
