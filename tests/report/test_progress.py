"""The yearly progress report: counts, targets at risk with reason and forecast, charts, the .docx, the PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter

import pytest
from docx import Document
from sqlalchemy import select

from chitieu.labels import needs_attention
from chitieu.register import Register
from chitieu.register.db import Document as DocumentRow
from chitieu.register.db import Target
from chitieu.report import build_progress, charts_png, progress_docx, to_pdf
from chitieu.report.wording import status_label

from .conftest import PROVINCE, REPORT, TERM_FIGURES


@pytest.fixture(scope="module")
def report(filled: Register):
    return build_progress(filled, PROVINCE, 2024)


def test_counts_and_risks_follow_the_register(report, filled: Register):
    assert report.term == "2020-2025"
    with filled.factory() as session:  # the term's targets are the political report's
        ids = set(session.scalars(select(Target.id).join(DocumentRow).where(DocumentRow.name == REPORT.name)))
    term_rows = [r for r in filled.targets(province=PROVINCE) if r["id"] in ids]
    assert sum(report.counts.values()) == len(term_rows) == 16
    assert report.counts == dict(Counter(status_label(r["status"]) for r in term_rows))
    risky = {r["id"] for r in term_rows if needs_attention(r["status"])}
    assert {item.target_id for item in report.at_risk} == risky
    per_capita = next(i for i in report.at_risk if i.indicator == "GRDP bình quân đầu người")
    assert per_capita.status == "Có nguy cơ" and per_capita.latest == "47 (2024)"
    assert per_capita.target == "55 triệu đồng"
    assert per_capita.forecast.startswith("dự báo đến năm 2025 đạt 50,1 triệu đồng; cần tăng bình quân 17%/năm")
    assert per_capita.reason
    assert report.year_counts == {"Không đạt": 4, "Đạt": 1, "Vượt": 1}


def test_charts_show_the_yearly_figures(report):
    assert {s.indicator for s in report.series} == {"GRDP bình quân đầu người", "Thu ngân sách nhà nước trên địa bàn",
                                                    "Tỷ lệ dân số tham gia bảo hiểm y tế", "Tỷ lệ che phủ rừng"}
    budget = next(s for s in report.series if s.unit == "tỷ đồng")
    assert budget.years == [2020, 2021, 2022, 2023, 2024]
    assert budget.values == [2150.0, *TERM_FIGURES["budget_revenue"]] and budget.target_low == 3200
    assert charts_png(report.series).startswith(b"\x89PNG")


def test_docx_holds_summary_risks_charts_and_appendix(report):
    document = Document(io.BytesIO(progress_docx(report)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "BÁO CÁO TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024"
    assert "II. Các chỉ tiêu có nguy cơ không đạt" in texts
    summary, risks, appendix = document.tables
    assert summary.rows[-1].cells[0].text == "Tổng số"
    assert [summary.rows[-1].cells[1].text, summary.rows[-1].cells[2].text] == ["16", "6"]
    assert [r.cells[0].text for r in risks.rows[1:]] == [i.indicator for i in report.at_risk]
    assert [r.cells[5].text for r in risks.rows[1:]] == [i.forecast for i in report.at_risk]
    assert len(document.inline_shapes) == 1
    assert appendix.rows[0].cells[3].text == "Năm 2024"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_through_libreoffice(report, tmp_path):
    pdf = to_pdf(progress_docx(report), ".docx")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "tien-do.pdf"
    path.write_bytes(pdf)
    words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024" in words
    assert "2.750" in words and "95,3" in words and "Có nguy cơ" in words
