"""Links on the shared corpus: the 2024 resolution's targets to the 2020-2025 term targets (precision/recall)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import aliased

from chitieu.register.db import Document, Indicator, Target
from chitieu.register.documents import period_years

from .conftest import CORPUS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linking"


def test_period_years():
    assert period_years("2020-2025") == (2020, 2025)
    assert period_years("2024") == (2024, 2024)
    assert period_years("annual") == (None, None)


# Our own term resolution and annual resolution of one province (no corpus text).
TERM = """TỈNH ỦY BẮC KẠN

NGHỊ QUYẾT
Đại hội đại biểu Đảng bộ tỉnh lần thứ XII, nhiệm kỳ 2020 - 2025

I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2025
1. Tốc độ tăng trưởng kinh tế bình quân giai đoạn 2021 - 2025 đạt 6,5%/năm.
2. Đến năm 2025, tỷ lệ hộ dân được sử dụng điện lưới quốc gia đạt 99%.
3. Trong nhiệm kỳ kết nạp 5.000 đảng viên mới; mỗi năm kết nạp từ 1.000 đảng viên trở lên.
4. Đến năm 2025 có 150 sản phẩm OCOP.
5. Tỷ lệ thôn có nhà văn hóa đạt 95%.
"""
YEAR = """TỈNH ỦY BẮC KẠN

NGHỊ QUYẾT
về nhiệm vụ năm 2024

I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng kinh tế đạt 7%.
2. Tỷ lệ hộ dân nông thôn được sử dụng nước sạch đạt 90%, hộ dân được sử dụng điện lưới quốc gia đạt 98%.
3. Kết nạp mới 1.100 đảng viên.
4. Phát triển mới 25 sản phẩm OCOP.
5. Tỷ lệ thôn có nhà văn hóa đạt 92%.
6. Tỷ lệ trẻ em được tiêm chủng đầy đủ đạt 97%.
"""


def test_annual_targets_find_their_term_targets(register, tmp_path):
    paths = []
    for name, text in (("nhiem-ky.txt", TERM), ("nam-2024.txt", YEAR)):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, "utf-8")
    register.import_documents(paths)
    parent = aliased(Target)
    with register.factory() as session:
        rows = session.execute(
            select(Target.value, Indicator.code, parent.period, parent.value)
            .join(Document, Target.document_id == Document.id).outerjoin(Indicator, Target.indicator_id == Indicator.id)
            .outerjoin(parent, Target.parent_id == parent.id).where(Document.plan_year == 2024)).all()
    links = {value: (code, period, term_value) for value, code, period, term_value in rows}
    assert links == {
        7.0: ("grdp_growth", "2020-2025", 6.5),  # the term average containing the year
        90.0: ("rural_clean_water", None, None),  # the term states no such target
        98.0: ("electricity_access", "2025", 99.0),  # a sub-row that is an indicator of its own: the level
        1100.0: ("party_admissions", "annual", 1000.0),  # a verb read with its unit; the yearly target first
        25.0: ("ocop_products", "2025", 150.0),  # "Phát triển" + "sản phẩm" and "OCOP" + "sản phẩm"
        92.0: (None, "2025", 95.0),  # not in the catalogue: the same wording and unit
        97.0: (None, None, None),
    }


@pytest.mark.corpus
def test_annual_targets_link_to_term_targets(register):
    spec = yaml.safe_load((FIXTURES / "pairs.yaml").read_text("utf-8"))
    paths = [CORPUS / f"{stem}.txt" for stem in [*spec["term_docs"], spec["annual_doc"]]]
    if not all(p.exists() for p in paths):
        pytest.skip("../shared/corpus is not here")
    register.import_documents(paths)
    parent = aliased(Target)
    with register.factory() as session:
        rows = session.execute(
            select(Target.line, Target.value, parent.period, parent.value)
            .join(Document, Target.document_id == Document.id)
            .outerjoin(parent, Target.parent_id == parent.id)
            .where(Document.name == f"{spec['annual_doc']}.txt")).all()
    made = correct = expected = 0
    wrong = []
    for pair in spec["pairs"]:
        found = [r for r in rows if r[0] == pair["line"] and r[1] == pair["value"]]
        for _, _, period, value in found:
            made += period is not None
            expected += pair["term"] is not None
            term = pair["term"]
            ok = term is not None and period == term["period"] and value == term["value"]
            correct += ok
            if not ok and (period is not None or term is not None):
                wrong.append((pair, period, value))
    precision, recall = correct / made, correct / expected
    print(f"annual-to-term links: precision {precision:.3f} recall {recall:.3f} ({correct}/{made} made, "
          f"{expected} expected)")
    assert precision >= 0.95 and recall >= 0.95, wrong
