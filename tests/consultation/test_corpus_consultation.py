"""A consultation on the Thái Nguyên draft political report in the shared corpus (skipped when it is absent)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from docx import Document as read_docx
from sqlalchemy import select

from chitieu.register.consultation import (
    CommentInput,
    JudgementInput,
    QuestionSpec,
    add_version,
    consolidate,
    create_consultation,
    diff_versions,
    invitee_for_token,
    submit_response,
)
from chitieu.register.consultation.service import DeadlinePassedError
from chitieu.register.db.consultation import ConsultationSection, ConsultationTarget
from chitieu.report.consultation import consolidation_docx
from tests.conftest import CORPUS
from tests.consultation.conftest import DEADLINE, OPENED

DRAFT = CORPUS / "002_585e858f2a5dc860.txt"
ORGS = ["Sở Kế hoạch và Đầu tư", "Ủy ban Mặt trận Tổ quốc tỉnh", "Tỉnh đoàn", "Đảng ủy Khối doanh nghiệp",
        "Báo Thái Nguyên"]
GROWTH = "Tốc độ tăng trưởng kinh tế (GRDP) bình quân"
FOREST = "Ổn định tỷ lệ che phủ rừng"
INCOME = "GRDP bình quân đầu người"

pytestmark = pytest.mark.corpus


@pytest.fixture
def draft() -> bytes:
    if not DRAFT.is_file():
        pytest.skip("../shared/corpus is not here")
    return DRAFT.read_bytes()


def _edit_number(text: str, target: ConsultationTarget, old: str, new: str) -> str:
    """The draft with one number of a target's quote changed on the target's line."""
    lines = text.split("\n")
    line = lines[target.line - 1]
    edited_quote = re.sub(rf"(?<![\d,.]){re.escape(old)}(?![\d,])", new, target.quote, count=1)
    assert edited_quote != target.quote and line.count(target.quote) == 1
    lines[target.line - 1] = line.replace(target.quote, edited_quote)
    return "\n".join(lines)


def test_thai_nguyen_draft(register, draft):
    created = create_consultation(
        register, "Báo cáo chính trị nhiệm kỳ 2020-2025", DRAFT.name, draft, deadline=DEADLINE, invitees=ORGS,
        issuer="Tiểu ban Văn kiện Tỉnh ủy", now=OPENED,
        questions=[QuestionSpec("Các chỉ tiêu có khả thi, sát thực tế của tỉnh không?", part="Chỉ tiêu chủ yếu"),
                   QuestionSpec("Đánh giá nhiệm kỳ trước đã đầy đủ chưa?", part="Phần thứ nhất")])
    with register.factory() as session:
        rows = list(session.scalars(select(ConsultationTarget)
                                    .where(ConsultationTarget.version_id == created.version_id)))
        targets = {t.indicator: t for t in rows}
        sections = {s.title: s for s in session.scalars(
            select(ConsultationSection).where(ConsultationSection.version_id == created.version_id))}
    assert len(rows) == 31 and all(t.main for t in rows)  # the main list only, not the footnote's figures
    growth, forest, income = targets[GROWTH], targets[FOREST], targets[INCOME]
    assert (growth.value, growth.bound, forest.value, forest.bound, income.value) == (8, "min", 46, "min", 150)
    assert growth.section_id == forest.section_id == sections["Chỉ tiêu chủ yếu"].id
    general = sections["Mục tiêu tổng quát"]
    ids = [invitee_for_token(register, created.tokens[name]).id for name in ORGS]

    day = OPENED + timedelta(days=2)
    submit_response(register, ids[0], [CommentInput("Nên làm rõ nguồn vốn cho mức tăng trưởng.",
                                                    section_id=general.id, line=general.line + 2)],
                    [JudgementInput(growth.id, "adjust", 7.5, "Vốn đầu tư nước ngoài đang chững lại."),
                     JudgementInput(forest.id, "adjust", 48)], now=day)
    submit_response(register, ids[1], [], [JudgementInput(growth.id, "feasible"),
                                           JudgementInput(forest.id, "adjust", 47),
                                           JudgementInput(income.id, "infeasible", 140, "Giá cả tăng chậm.")],
                    now=day)
    submit_response(register, ids[2], [CommentInput("Cần thêm chỉ tiêu về việc làm cho thanh niên.",
                                                    section_id=sections["Chỉ tiêu chủ yếu"].id)],
                    [JudgementInput(growth.id, "infeasible", 6.5), JudgementInput(forest.id, "feasible")], now=day)
    submit_response(register, ids[3], [CommentInput("Dự thảo còn dài, nên rút gọn phần đánh giá.")],
                    [JudgementInput(growth.id, "adjust", 9, "Các dự án lớn sắp vận hành."),
                     JudgementInput(income.id, "feasible")], now=DEADLINE)
    with pytest.raises(DeadlinePassedError, match="Đã hết hạn góp ý"):
        submit_response(register, ids[4], [CommentInput("Đồng tình với dự thảo.")], now=DEADLINE + timedelta(seconds=1))

    report = consolidate(register, created.consultation_id, now=DEADLINE + timedelta(days=1))
    assert report.submitted == ORGS[:4] and report.missing == [ORGS[4]]
    summary = {t.indicator: t for t in report.targets}
    g, f, i = summary[GROWTH], summary[FOREST], summary[INCOME]
    assert (g.responded, g.counts) == (4, {"feasible": 1, "adjust": 2, "infeasible": 1})
    assert (g.proposed_min, g.proposed_median, g.proposed_max) == (6.5, 7.5, 9)
    assert (f.responded, f.counts) == (3, {"feasible": 1, "adjust": 2, "infeasible": 0})
    assert (f.proposed_min, f.proposed_median, f.proposed_max) == (47, 47.5, 48)
    assert (i.responded, i.counts, i.proposed_median) == (2, {"feasible": 1, "adjust": 0, "infeasible": 1}, 140)
    by_title = {s.title: s for s in report.sections}
    assert by_title["Chỉ tiêu chủ yếu"].responded == 4
    assert by_title["Chỉ tiêu chủ yếu"].questions == ["Các chỉ tiêu có khả thi, sát thực tế của tỉnh không?"]
    assert [(c.organisation, c.line) for c in by_title["Mục tiêu tổng quát"].comments] == [(ORGS[0], general.line + 2)]
    assert [c.organisation for c in report.general] == [ORGS[3]]

    document = read_docx(io.BytesIO(consolidation_docx(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN ĐÓNG GÓP VÀO DỰ THẢO BÁO CÁO CHÍNH TRỊ NHIỆM KỲ 2020-2025" in paragraphs
    assert "Các cơ quan, tổ chức chưa gửi ý kiến: Báo Thái Nguyên." in paragraphs
    table = {row.cells[1].text: [c.text for c in row.cells] for row in document.tables[1].rows}
    assert len(document.tables[1].rows) == 1 + 31
    assert table[GROWTH][2:] == ["≥ 8%/năm", "4", "1", "2", "1", "6,5 - 9,0", "7,5"]
    assert table[FOREST][2:] == ["≥ 46%", "3", "1", "2", "0", "47 - 48", "47,5"]
    assert table[INCOME][2:] == ["150 triệu đồng", "2", "1", "0", "1", "140", "140"]

    text = draft.decode("utf-8")
    second = _edit_number(_edit_number(text, growth, "8", "7,5"), forest, "46", "47")
    add_version(register, created.consultation_id, "du-thao-lan-2.txt", second.encode(), now=DEADLINE)
    diff = diff_versions(register, created.consultation_id)
    assert [(c.kind, c.old.indicator, c.old.value, c.new.value) for c in diff.changes] == [
        ("changed", GROWTH, 8, 7.5), ("changed", FOREST, 46, 47)]
    assert diff.unchanged == len(rows) - 2
    growth_change, forest_change = diff.changes
    assert [p.organisation for p in growth_change.proposals] == [ORGS[0], ORGS[2], ORGS[3]]
    assert growth_change.as_proposed == [ORGS[0]] and forest_change.as_proposed == [ORGS[1]]
