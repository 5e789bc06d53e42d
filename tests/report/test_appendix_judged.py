"""The appendix judges a finished term or year (Vượt / Đạt / Không đạt, share of the plan), words a running one by
progress, numbers its groups without gaps, carries its "Phụ lục … Kèm theo Báo cáo số …" line, takes a growth-rate
target's result as the average of its years, and says why it is empty."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from chitieu.labels import GROUPS
from chitieu.register import Register, open_register
from chitieu.register.db import Document, Target
from chitieu.report import build_appendix
from chitieu.report.periods import next_term
from chitieu.report.wording import groups
from tests.conftest import copy_sqlite

from .conftest import PROVINCE

FINISHED = date(2026, 12, 3)
RUNNING = date(2025, 6, 1)
VERDICT_WORDS = ("Vượt", "Đạt", "Không đạt")


@pytest.fixture(scope="module")
def writable(filled: Register, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    """A copy of the filled register that a test may write to."""
    folder = tmp_path_factory.mktemp("appendix-judged")
    copy_sqlite(Path(str(filled.engine.url.database)), folder / "copy.sqlite")
    register = open_register(url=f"sqlite:///{folder / 'copy.sqlite'}")
    yield register
    register.engine.dispose()


@pytest.mark.parametrize(("term", "following"), [((2020, 2025), (2025, 2030)), ((2021, 2025), (2026, 2030)),
                                                 ((2015, 2020), (2020, 2025)), ((2026, 2030), (2031, 2035))],
                         ids=str)
def test_the_next_term_follows_the_way_the_term_is_written(term, following):
    assert next_term(*term) == following


def test_a_plan_term_is_followed_by_the_right_term(filled: Register):
    appendix = build_appendix(filled, PROVINCE, "2021-2025", today=FINISHED)
    assert appendix.next_label() == "Mục tiêu nhiệm kỳ 2026 - 2030"


@pytest.mark.parametrize("period", [{"term": "2015-2020"}, {"term": "2020-2025"}, {"year": 2024}], ids=str)
def test_a_finished_period_says_exceeded_met_or_not_met(filled: Register, period):
    appendix = build_appendix(filled, PROVINCE, today=FINISHED, **period)
    assert appendix.finished and appendix.comparison_label() == "So sánh"
    assert "ĐANG THỰC HIỆN" not in appendix.title
    judged = [r for r in appendix.rows if r.comparison]
    assert judged
    for row in judged:
        assert row.comparison.startswith(VERDICT_WORDS), row.comparison
        assert row.comparison.partition(" (")[0] in VERDICT_WORDS


def test_the_share_of_the_plan_is_shown_for_a_level_not_for_a_rate(filled: Register):
    rows = [r for r in build_appendix(filled, PROVINCE, year=2024, today=FINISHED).rows if not r.heading]
    revenue = next(r for r in rows if r.unit and "tỷ" in r.unit and r.target_value)
    assert revenue.share == round(revenue.result / revenue.target_value * 100, 1)
    assert revenue.comparison.endswith(f"({revenue.share:.1f}%)".replace(".", ","))
    growth = next(r for r in rows if r.indicator.startswith("Tốc độ tăng trưởng"))
    assert (growth.share, growth.comparison) == (None, "Không đạt")


def test_a_running_term_says_so_and_uses_the_states_of_the_overview(filled: Register):
    appendix = build_appendix(filled, PROVINCE, "2020-2025", today=RUNNING)
    assert not appendix.finished
    assert appendix.title.endswith("(ĐANG THỰC HIỆN, ĐÁNH GIÁ TIẾN ĐỘ ĐẾN NĂM 2025)")
    assert appendix.comparison_label() == "Tiến độ"
    shown = {r.comparison for r in appendix.rows if r.comparison}
    assert shown and shown <= set(GROUPS.values())


@pytest.mark.parametrize("period", [{"term": "2015-2020"}, {"term": "2020-2025"}, {"year": 2024}, {"year": 2025}],
                         ids=str)
def test_groups_are_numbered_without_a_gap(filled: Register, period):
    appendix = build_appendix(filled, PROVINCE, today=FINISHED, **period)
    romans = [g.roman for g in groups()]
    assert [g.roman for g in appendix.groups] == romans[:len(appendix.groups)]


def test_groups_skip_none_when_one_is_empty(writable: Register):
    with writable.factory.begin() as session:  # the appendix of 2024 without its "xây dựng Đảng" row (group VI)
        session.execute(update(Target).where(Target.unit == "đảng viên", Target.period == "2024")
                        .values(period="2023"))
    appendix = build_appendix(writable, PROVINCE, year=2024, today=FINISHED)
    assert "xay_dung_dang" not in [g.code for g in appendix.groups]
    assert [g.roman for g in appendix.groups] == [g.roman for g in groups()][:len(appendix.groups)]
    with writable.factory.begin() as session:
        session.execute(update(Target).where(Target.unit == "đảng viên", Target.period == "2023")
                        .values(period="2024"))


def test_the_header_line_names_the_report_blank_or_given(filled: Register):
    blank = build_appendix(filled, PROVINCE, year=2024, today=FINISHED)
    assert blank.label() == "Phụ lục"
    assert blank.attached == "(Kèm theo Báo cáo số ……/BC-…… ngày …… tháng …… năm ……)"
    given = build_appendix(filled, PROVINCE, year=2024, today=FINISHED, report_number="125/BC-UBND")
    assert given.attached.startswith("(Kèm theo Báo cáo số 125/BC-UBND ngày ")


def test_a_growth_target_reports_the_average_of_its_years(writable: Register):
    target = next(r for r in writable.targets(province="Lạng Sơn")
                  if r["period"] == "2020-2025" and r["target"] == "6,5 - 7%/năm")
    for year, rate in ((2021, 6.5), (2022, 6.8)):
        writable.set_actual(target["id"], rate, str(year), entered_by="Kiểm thử")
    running = build_appendix(writable, "Lạng Sơn", "2020-2025", today=RUNNING)
    row = next(r for r in running.rows if r.target_id == target["id"])
    assert row.result == 6.65  # the compound mean of 6,5 and 6,8, not the last year's 6,8
    assert row.comparison == "Đúng tiến độ"
    finished = build_appendix(writable, "Lạng Sơn", "2020-2025", today=FINISHED)
    row = next(r for r in finished.rows if r.target_id == target["id"])
    assert (row.result, row.comparison) == (6.65, "Đạt")


def test_an_empty_appendix_says_why_and_what_to_do(writable: Register):
    nothing = build_appendix(writable, "Gia Lai", year=2024, today=FINISHED)
    assert nothing.empty and "chưa có chỉ tiêu nào của Gia Lai" in nothing.empty_reason
    assert "Nạp văn kiện" in nothing.empty_reason
    other = build_appendix(writable, PROVINCE, year=2019, today=FINISHED)
    assert other.empty and "năm 2019" in other.empty_reason and "2024" in other.empty_reason
    with writable.factory.begin() as session:  # targets added by hand take the document's term as their period
        session.execute(update(Target).where(Target.period == "2024", Target.province.has(name=PROVINCE))
                        .values(period="2020-2025"))
    misfiled = build_appendix(writable, PROVINCE, year=2024, today=FINISHED)
    assert misfiled.empty and "mang kỳ khác năm 2024 (2020-2025)" in misfiled.empty_reason
    assert "sửa kỳ của các chỉ tiêu đó thành 2024" in misfiled.empty_reason
    assert not build_appendix(writable, PROVINCE, year=2025, today=FINISHED).empty


def test_an_appendix_without_any_result_says_so(filled: Register):
    appendix = build_appendix(filled, PROVINCE, year=2025, today=FINISHED)
    assert not appendix.empty
    assert appendix.notice.startswith("Biểu chưa có kết quả thực hiện nào")
    assert not build_appendix(filled, PROVINCE, year=2024, today=FINISHED).notice


def test_a_years_target_from_a_document_without_a_plan_year_counts(writable: Register):
    """A web page whose year was not found still gives its year's targets; a term's end-year level never does."""
    title = "NGHỊ QUYẾT về nhiệm vụ năm 2025"
    before = build_appendix(writable, PROVINCE, year=2025, today=FINISHED)
    with writable.factory.begin() as session:
        session.execute(update(Document).where(Document.title == title).values(plan_year=None))
    try:
        after = build_appendix(writable, PROVINCE, year=2025, today=FINISHED)
        assert [(r.indicator, r.target) for r in after.rows] == [(r.indicator, r.target) for r in before.rows]
        assert any(r.target == "8" and r.indicator.startswith("Tốc độ tăng trưởng") for r in after.rows)
        assert all(r.document_id != 1 for r in after.rows)  # the political report's 2025 levels stay out
    finally:
        with writable.factory.begin() as session:
            session.execute(update(Document).where(Document.title == title).values(plan_year=2025))


def test_targets_without_a_period_are_named(writable: Register):
    with writable.factory.begin() as session:
        held = list(session.execute(select(Target.id, Target.period).where(Target.province.has(name="Hà Tĩnh"))))
        session.execute(update(Target).where(Target.id.in_([i for i, _ in held])).values(period=None))
    try:
        appendix = build_appendix(writable, "Hà Tĩnh", year=2019, today=FINISHED)
        assert appendix.empty and appendix.empty_reason.startswith(f"{len(held)} chỉ tiêu của Hà Tĩnh chưa ghi kỳ")
        assert "hãy ghi kỳ 2019" in appendix.empty_reason
    finally:
        with writable.factory.begin() as session:
            for target_id, period in held:
                session.execute(update(Target).where(Target.id == target_id).values(period=period))
