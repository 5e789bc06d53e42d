"""A consultation on a small draft of our own: create, respond, consolidate, export, a second version."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timedelta

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from sqlalchemy import func, select

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError
from chitieu.register.accounts import create_user
from chitieu.register.consultation import (
    CommentInput,
    JudgementInput,
    QuestionSpec,
    add_version,
    consolidate,
    create_consultation,
    diff_versions,
    invitee_for_token,
    invitee_for_user,
    raw_responses,
    response_form,
    save_draft,
    submit_response,
)
from chitieu.register.consultation.service import DeadlinePassedError, invite
from chitieu.register.db.consultation import ConsultationSection, ConsultationTarget, Invitee
from chitieu.register.documents import review
from chitieu.report.consultation import consolidation_docx, responses_xlsx
from tests.consultation.conftest import DEADLINE, DRAFT, OPENED

ORGS = ["Ban Tuyên giáo Huyện ủy", "Ủy ban Mặt trận Tổ quốc huyện", "Huyện đoàn", "Hội Nông dân huyện",
        "Đảng ủy xã Bình Minh"]


def _targets(register, version_id):
    with register.factory() as session:
        rows = session.scalars(select(ConsultationTarget).where(ConsultationTarget.version_id == version_id)
                               .order_by(ConsultationTarget.position))
        return {t.indicator: t.id for t in rows}


def _section(register, version_id, title):
    with register.factory() as session:
        return session.scalar(select(ConsultationSection).where(ConsultationSection.version_id == version_id,
                                                                ConsultationSection.title == title))


@pytest.fixture
def consultation(register):
    created = create_consultation(
        register, "Báo cáo chính trị Đại hội Đảng bộ huyện Sông Xanh", "du-thao.txt", DRAFT.encode(),
        deadline=DEADLINE, invitees=ORGS, issuer="Tiểu ban Văn kiện Huyện ủy",
        questions=[QuestionSpec("Các chỉ tiêu có sát với điều kiện của huyện không?", part="chỉ tiêu chủ yếu"),
                   QuestionSpec("Còn nội dung nào cần bổ sung?")],
        actor="van.phong", now=OPENED)
    return created


def _respond(register, created):
    """Five organisations: four submit in time (conflicting proposals on two targets), one too late."""
    ids = {name: invitee_for_token(register, token).id for name, token in created.tokens.items()}
    t = _targets(register, created.version_id)
    growth, budget = t["Tốc độ tăng trưởng giá trị sản xuất bình quân"], t["Thu ngân sách nhà nước trên địa bàn"]
    forest, poverty = t["Tỷ lệ che phủ rừng"], t["Tỷ lệ hộ nghèo giảm bình quân"]
    results = _section(register, created.version_id, "KẾT QUẢ NỔI BẬT")
    day = OPENED + timedelta(days=3)
    submit_response(register, ids[ORGS[0]], [CommentInput("Nên nói rõ số chi bộ còn sinh hoạt hình thức.",
                                                           section_id=results.id, line=results.line + 2)],
                    [JudgementInput(growth, "feasible"),
                     JudgementInput(budget, "adjust", 1200, "Thu từ đất và phí còn dư địa."),
                     JudgementInput(forest, "feasible")], now=day)
    save_draft(register, ids[ORGS[1]], [CommentInput("Bản thảo cần ngắn gọn hơn.")],
               [JudgementInput(growth, "adjust", 8)], now=day)
    submit_response(register, ids[ORGS[1]], [CommentInput("Bản thảo cần ngắn gọn hơn.")],
                    [JudgementInput(growth, "adjust", 8, "Sản xuất công nghiệp chậm lại."),
                     JudgementInput(budget, "adjust", 1000, "Nguồn thu lớn nhất đã hết ưu đãi.")],
                    now=day + timedelta(days=1))
    submit_response(register, ids[ORGS[2]], [CommentInput("Cần nêu diện tích rừng trồng mới mỗi năm.",
                                                           target_id=forest)],
                    [JudgementInput(growth, "infeasible", 7, "Thiếu vốn đầu tư."),
                     JudgementInput(budget, "adjust", 1150), JudgementInput(poverty, "feasible")],
                    now=day + timedelta(days=2))
    save_draft(register, ids[ORGS[3]], (), [JudgementInput(growth, "adjust", 8.5)], now=day)
    submit_response(register, ids[ORGS[3]], now=DEADLINE - timedelta(minutes=1))
    with pytest.raises(DeadlinePassedError) as refused:
        submit_response(register, ids[ORGS[4]], [CommentInput("Đồng ý với dự thảo.")],
                        now=DEADLINE + timedelta(hours=16))
    return ids, (growth, budget, forest, poverty), str(refused.value)


def test_creation_keeps_sections_targets_questions_and_only_token_hashes(register, consultation):
    assert list(consultation.tokens) == ORGS
    assert len(set(consultation.tokens.values())) == 5
    with register.factory() as session:
        hashes = set(session.scalars(select(Invitee.token_hash)))
        titles = list(session.scalars(select(ConsultationSection.title).order_by(ConsultationSection.position)))
    assert hashes == {hashlib.sha256(token.encode()).hexdigest() for token in consultation.tokens.values()}
    assert not hashes & set(consultation.tokens.values())
    assert "KẾT QUẢ NỔI BẬT" in titles and "CHỈ TIÊU CHỦ YẾU" in titles
    assert list(_targets(register, consultation.version_id)) == [
        "Tốc độ tăng trưởng giá trị sản xuất bình quân", "Thu ngân sách nhà nước trên địa bàn", "Tỷ lệ che phủ rừng",
        "Tỷ lệ hộ nghèo giảm bình quân"]
    section = _section(register, consultation.version_id, "KẾT QUẢ NỔI BẬT")
    assert section.path == "Phần thứ nhất KẾT QUẢ NHIỆM KỲ TRƯỚC > KẾT QUẢ NỔI BẬT"
    assert section.text.startswith("Trong nhiệm kỳ qua") and section.text.endswith("còn hình thức.")
    with pytest.raises(AccessDeniedError):
        invitee_for_token(register, "khong-phai-token")


def test_responses_consolidation_and_exports(register, consultation):
    ids, (growth, budget, forest, poverty), refused = _respond(register, consultation)
    assert refused == ("Đã hết hạn góp ý vào dự thảo (hạn chót 17:00 ngày 15/04/2026); ý kiến của Đảng ủy xã "
                       "Bình Minh gửi lúc 09:00 ngày 16/04/2026 không được tiếp nhận.")
    with pytest.raises(ConflictError):
        save_draft(register, ids[ORGS[0]], [CommentInput("Sửa lại")], now=OPENED + timedelta(days=5))

    report = consolidate(register, consultation.consultation_id, now=DEADLINE + timedelta(days=1))
    assert report.submitted == ORGS[:4] and report.missing == [ORGS[4]] and not report.open
    by_id = {t.id: t for t in report.targets}
    g, b, f, p = by_id[growth], by_id[budget], by_id[forest], by_id[poverty]
    assert (g.responded, g.counts) == (4, {"feasible": 1, "adjust": 2, "infeasible": 1})
    assert (g.proposed_min, g.proposed_max, g.proposed_median) == (7, 8.5, 8)
    assert [x.organisation for x in g.proposals] == [ORGS[1], ORGS[2], ORGS[3]]
    assert (b.responded, b.counts) == (3, {"feasible": 0, "adjust": 3, "infeasible": 0})
    assert (b.proposed_min, b.proposed_max, b.proposed_median) == (1000, 1200, 1150)
    assert (f.responded, f.counts["feasible"], [c.organisation for c in f.comments]) == (2, 1, [ORGS[2]])
    assert (p.responded, p.proposed_median) == (1, None)
    sections = {s.title: s for s in report.sections}
    assert sections["CHỈ TIÊU CHỦ YẾU"].responded == 4
    assert sections["CHỈ TIÊU CHỦ YẾU"].questions == ["Các chỉ tiêu có sát với điều kiện của huyện không?"]
    assert sections["KẾT QUẢ NỔI BẬT"].responded == 1
    assert [(c.organisation, c.line) for c in sections["KẾT QUẢ NỔI BẬT"].comments] == [(ORGS[0], 11)]
    assert [(c.organisation, c.text) for c in report.general] == [(ORGS[1], "Bản thảo cần ngắn gọn hơn.")]
    assert report.general_questions == ["Còn nội dung nào cần bổ sung?"]

    document = read_docx(io.BytesIO(consolidation_docx(report)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert ("BÁO CÁO TỔNG HỢP Ý KIẾN ĐÓNG GÓP VÀO DỰ THẢO BÁO CÁO CHÍNH TRỊ ĐẠI HỘI ĐẢNG BỘ HUYỆN SÔNG XANH"
            in paragraphs)
    assert "Đến 17:00 ngày 16/04/2026, đã nhận được ý kiến của 4/5 cơ quan, tổ chức." in paragraphs
    assert f"Các cơ quan, tổ chức chưa gửi ý kiến: {ORGS[4]}." in paragraphs
    assert f"+ {ORGS[0]}: Cần điều chỉnh, đề xuất 1.200; Thu từ đất và phí còn dư địa." in paragraphs
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[0][4:7] == ["Khả thi", "Cần điều chỉnh", "Không khả thi"]
    assert rows[1] == ["1", "Tốc độ tăng trưởng giá trị sản xuất bình quân", "9%/năm", "4", "1", "2", "1",
                       "7,0 - 8,5", "8"]
    assert rows[2] == ["2", "Thu ngân sách nhà nước trên địa bàn", "1.100 tỷ đồng", "3", "0", "3", "0",
                       "1.000 - 1.200", "1.150"]
    assert rows[4][:4] == ["4", "Tỷ lệ hộ nghèo giảm bình quân", "1,5%/năm", "1"] and rows[4][7:] == ["", ""]

    workbook = load_workbook(io.BytesIO(responses_xlsx(report, raw_responses(register,
                                                                             consultation.consultation_id))))
    judged = [[c.value for c in row] for row in workbook["Đánh giá chỉ tiêu"].iter_rows(min_row=2)]
    assert len(judged) == 9
    assert [r[0] for r in judged if r[4] == "Tốc độ tăng trưởng giá trị sản xuất bình quân"] == ORGS[:4]
    assert [r[8] for r in judged if r[4] == "Thu ngân sách nhà nước trên địa bàn"] == [1200, 1000, 1150]
    assert judged[0][2] == datetime(2026, 4, 4, 8, 0)
    comments = [[c.value for c in row] for row in workbook["Ý kiến"].iter_rows(min_row=2)]
    assert [(r[0], r[4]) for r in comments] == [(ORGS[0], 11), (ORGS[1], None), (ORGS[2], None)]
    invited = [[c.value for c in row] for row in workbook["Cơ quan được mời"].iter_rows(min_row=2)]
    assert [r[1] for r in invited] == ["Đã gửi"] * 4 + ["Chưa góp ý"]


def test_drafts_do_not_count_until_submitted(register, consultation):
    token = consultation.tokens[ORGS[0]]
    invitee = invitee_for_token(register, token)
    growth = _targets(register, consultation.version_id)["Tốc độ tăng trưởng giá trị sản xuất bình quân"]
    save_draft(register, invitee.id, (), [JudgementInput(growth, "infeasible", 6)], now=OPENED)
    report = consolidate(register, consultation.consultation_id, now=OPENED)
    assert report.open and report.submitted == [] and report.targets[0].responded == 0
    assert [i.state for i in report.invitees] == ["draft", "none", "none", "none", "none"]
    assert raw_responses(register, consultation.consultation_id) == []
    assert len(raw_responses(register, consultation.consultation_id, include_drafts=True)) == 1


def test_bad_rows_are_named_together(register, consultation):
    invitee = invitee_for_token(register, consultation.tokens[ORGS[0]])
    section = _section(register, consultation.version_id, "KẾT QUẢ NỔI BẬT")
    with pytest.raises(ChitieuError) as error:
        save_draft(register, invitee.id, [CommentInput("  "), CommentInput("Xem lại", section_id=section.id, line=2)],
                   [JudgementInput(99999, "feasible"), JudgementInput(99998, "maybe")], now=OPENED)
    assert str(error.value) == (
        "Ý kiến chưa lưu được: ý kiến 1 để trống; ý kiến 2 chỉ dòng 2, không thuộc phần được chọn; chỉ tiêu số "
        "99999 không có trong dự thảo; chỉ tiêu số 99998 không có trong dự thảo; đánh giá 'maybe' của chỉ tiêu số "
        "99998 không hợp lệ.")
    with pytest.raises(ChitieuError, match="Chưa có ý kiến nào để gửi"):
        submit_response(register, invitee.id, now=OPENED)


def test_second_version_shows_the_changed_targets_and_who_asked(register, consultation):
    _respond(register, consultation)
    second = DRAFT.replace("đạt 9%/năm", "đạt 8%/năm").replace("1.100 tỷ đồng", "1.150 tỷ đồng")
    with pytest.raises(ConflictError):
        add_version(register, consultation.consultation_id, "du-thao.txt", DRAFT.encode(), now=DEADLINE)
    add_version(register, consultation.consultation_id, "du-thao-lan-2.txt", second.encode(),
                now=DEADLINE + timedelta(days=2), deadline=DEADLINE + timedelta(days=10))
    diff = diff_versions(register, consultation.consultation_id)
    assert (diff.old_number, diff.new_number, diff.unchanged) == (1, 2, 2)
    assert [(c.kind, c.old.value, c.new.value) for c in diff.changes] == [("changed", 9, 8), ("changed", 1100, 1150)]
    growth, budget = diff.changes
    assert [(p.organisation, p.value) for p in growth.proposals] == [(ORGS[1], 8), (ORGS[2], 7), (ORGS[3], 8.5)]
    assert growth.as_proposed == [ORGS[1]] and budget.as_proposed == [ORGS[2]]
    assert [p.organisation for p in budget.proposals] == ORGS[:3]

    first = consolidate(register, consultation.consultation_id, now=DEADLINE + timedelta(days=2), version=1)
    latest = consolidate(register, consultation.consultation_id, now=DEADLINE + timedelta(days=2))
    assert (first.version, len(first.submitted), latest.version, latest.submitted, latest.open) == (1, 4, 2, [], True)
    paragraphs = [p.text for p in read_docx(io.BytesIO(consolidation_docx(first, diff))).paragraphs]
    assert ("- Thay đổi giá trị: Tốc độ tăng trưởng giá trị sản xuất bình quân; lần 1: 9%/năm; lần 2: 8%/năm"
            in paragraphs)
    assert f"Theo ý kiến của: {', '.join(sorted(ORGS[1:4]))}." in paragraphs
    with register.factory() as session:
        assert session.scalar(select(func.count()).select_from(ConsultationTarget)) == 8


def test_an_organisation_may_answer_through_its_account(register, consultation):
    account = create_user(register, "huyen.doan", "mat-khau-dai", "viewer", full_name="Huyện đoàn")
    tokens = invite(register, consultation.consultation_id, ["Hội Cựu chiến binh huyện"],
                    user_ids={"Hội Cựu chiến binh huyện": account.id}, now=OPENED)
    assert list(tokens) == ["Hội Cựu chiến binh huyện"]
    invitee = invitee_for_user(register, consultation.consultation_id, account.id)
    assert invitee == invitee_for_token(register, tokens["Hội Cựu chiến binh huyện"])
    with pytest.raises(ConflictError):
        invite(register, consultation.consultation_id, ["hội cựu chiến binh  huyện"], now=OPENED)
    with pytest.raises(AccessDeniedError):
        invitee_for_user(register, consultation.consultation_id, account.id + 1)
    submit_response(register, invitee.id, [CommentInput("Đồng ý.")], now=OPENED, actor=account.username)
    report = consolidate(register, consultation.consultation_id, now=OPENED)
    assert report.submitted == ["Hội Cựu chiến binh huyện"] and len(report.missing) == 5


def test_the_responses_workbook_keeps_a_range_of_the_draft_whole(register):
    draft = DRAFT.replace("bình quân đạt 9%/năm", "bình quân đạt 9 - 10%/năm").replace("đạt 62%", "đạt trên 62%")
    created = create_consultation(register, "Báo cáo chính trị", "du-thao.txt", draft.encode(), deadline=DEADLINE,
                                  invitees=ORGS[:1], now=OPENED)
    t = _targets(register, created.version_id)
    growth, forest = t["Tốc độ tăng trưởng giá trị sản xuất bình quân"], t["Tỷ lệ che phủ rừng"]
    budget = t["Thu ngân sách nhà nước trên địa bàn"]
    submit_response(register, invitee_for_token(register, created.tokens[ORGS[0]]).id,
                    [CommentInput("Nên giữ mức 9%.", target_id=growth)],
                    [JudgementInput(growth, "adjust", 9.5, "Vốn đầu tư chậm."), JudgementInput(forest, "feasible"),
                     JudgementInput(budget, "feasible")], now=OPENED + timedelta(days=1))
    report = consolidate(register, created.consultation_id, now=DEADLINE + timedelta(days=1))
    workbook = load_workbook(io.BytesIO(responses_xlsx(report, raw_responses(register, created.consultation_id))))
    judged = {row[4].value: (row[5].value, row[6].value, row[8].value)
              for row in workbook["Đánh giá chỉ tiêu"].iter_rows(min_row=2)}
    assert judged["Tốc độ tăng trưởng giá trị sản xuất bình quân"] == ("9 - 10", "%/năm", 9.5)
    assert judged["Tỷ lệ che phủ rừng"][:2] == ("> 62", "%")
    assert judged["Thu ngân sách nhà nước trên địa bàn"][:2] == ("1.100", "tỷ đồng")
    comments = [(row[5].value, row[6].value) for row in workbook["Ý kiến"].iter_rows(min_row=2)]
    assert comments == [("Tốc độ tăng trưởng giá trị sản xuất bình quân", "Nên giữ mức 9%.")]


def test_the_targets_put_to_the_organisations_are_the_reviewed_ones(register):
    staged_id = review.stage_document(register, "du-thao.txt", DRAFT.encode(), "bien.tap")
    items = {i["indicator"]: i["id"] for i in review.staged_document(register, staged_id)["item_list"]
             if i["kind"] == "target"}
    review.review_item(register, staged_id, items["Tốc độ tăng trưởng giá trị sản xuất bình quân"], "correct",
                       "bien.tap", {"value": 8.5})
    review.review_item(register, staged_id, items["Tỷ lệ che phủ rừng"], "reject", "bien.tap")
    review.review_item(register, staged_id, items["Thu ngân sách nhà nước trên địa bàn"], "accept", "bien.tap")
    review.add_item(register, staged_id, "bien.tap", quote="mở rộng vùng chè sạch", line=23,
                    indicator="Diện tích chè sạch", value=500, unit="ha")  # added by hand, not marked main
    created = create_consultation(register, "Báo cáo chính trị", "du-thao.txt", DRAFT.encode(), deadline=DEADLINE,
                                  invitees=ORGS[:1], now=OPENED)
    assert created.reviewed
    with register.factory() as session:
        consulted = [(t.indicator, t.value) for t in session.scalars(
            select(ConsultationTarget).where(ConsultationTarget.version_id == created.version_id)
            .order_by(ConsultationTarget.position))]
    assert consulted == [("Tốc độ tăng trưởng giá trị sản xuất bình quân", 8.5),  # corrected
                         ("Thu ngân sách nhà nước trên địa bàn", 1100),  # accepted; the forest cover rejected
                         ("Tỷ lệ hộ nghèo giảm bình quân", 1.5),  # not reviewed yet: as extracted
                         ("Diện tích chè sạch", 500)]  # added by the reviewer
    form = response_form(register, invitee_for_token(register, created.tokens[ORGS[0]]).id, now=OPENED)
    assert [t.value for t in form.targets] == [8.5, 1100, 1.5, 500]

    other = create_consultation(register, "Bản khác", "khac.txt", DRAFT.replace("62%", "63%").encode(),
                                deadline=DEADLINE, now=OPENED)
    assert not other.reviewed and len(_targets(register, other.version_id)) == 4  # never reviewed: as extracted
