"""Feasibility evidence from the register (bundled samples, in-memory SQLite): the province's own yearly figures
entered after the base year give the pace achieved of a level target."""

from __future__ import annotations

import pytest

from chitieu.register import Register
from chitieu.register.figures import target_feasibility
from chitieu.samples import sample_paths

REPORT = "lang-son-bao-cao-chinh-tri-2020.md"


@pytest.fixture
def imported(register: Register) -> Register:
    register.import_documents([p for p in sample_paths() if p.name == REPORT])
    return register


def _trained(register: Register) -> dict:
    rows = register.feasibility("Lạng Sơn", "2020-2025")
    return next(r for r in rows if r["indicator"] == "Tỷ lệ lao động qua đào tạo" and r["baseline"])


def test_the_provinces_years_give_the_pace_achieved(imported: Register) -> None:
    before = _trained(imported)
    assert (before["target"], before["baseline"]["value"], before["baseline"]["year"]) == ("70%", 58, 2020)
    assert (before["level"], before["required"], before["measure"]) == ("not_available", 2.4, "points")
    imported.set_actual(before["id"], 61, "2022", entered_by="Nguyễn Văn A")
    slow = target_feasibility(imported, before["id"])
    assert (slow.level, slow.feasibility.achieved) == ("challenging", 1.5)  # R = 1,5 / 2,4 = 0,63
    assert "số liệu các năm của tỉnh (2020-2022) cho thấy tăng 1,5 điểm % mỗi năm" in slow.note
    imported.set_actual(before["id"], 68, "2023", entered_by="Nguyễn Văn A")
    fast = target_feasibility(imported, before["id"])
    assert fast.level == "feasible" and fast.feasibility.achieved == pytest.approx(10 / 3)


def test_every_number_target_has_evidence_and_the_unread_ones_say_why(imported: Register) -> None:
    rows = imported.feasibility("Lạng Sơn", "2020-2025")
    assert rows and all(r["note"] and r["label"] for r in rows)
    unread = [r for r in rows if r["kind"] is None]
    assert unread and all(r["level"] == "not_available" and "không tính được tốc độ yêu cầu" in r["note"]
                          for r in unread)


def test_a_later_vintage_of_a_year_counts_not_the_plan(imported: Register) -> None:
    target = _trained(imported)["id"]
    imported.set_actual(target, 70, "2022", vintage="plan", entered_by="Nguyễn Văn A")
    assert target_feasibility(imported, target).level == "not_available"  # a plan is not a pace achieved
    imported.set_actual(target, 60, "2022", vintage="estimate", entered_by="Nguyễn Văn A")
    imported.set_actual(target, 61, "2022", vintage="final", entered_by="Nguyễn Văn A")
    assert target_feasibility(imported, target).feasibility.achieved == 1.5  # (61 - 58) / 2, the final figure


def test_a_drafts_shares_are_checked_with_its_targets(register: Register) -> None:
    """A draft (not in the register) whose sector shares for 2025 sum to 110%: the plan check's finding is added to
    each share target's evidence, and not to the others."""
    from types import SimpleNamespace

    from chitieu.register.figures.feasibility import items_feasibility

    def item(kind: str, indicator: str, value: float, unit: str, period: str) -> SimpleNamespace:
        return SimpleNamespace(kind=kind, indicator=indicator, breakdown=None, value=value, value_max=None,
                               bound="exact", direction=None, unit=unit, period=period)

    items = [item("target", "Tỷ trọng nông, lâm nghiệp, thủy sản trong GRDP", 20, "%", "2025"),
             item("target", "Tỷ trọng công nghiệp - xây dựng trong GRDP", 40, "%", "2025"),
             item("target", "Tỷ trọng dịch vụ trong GRDP", 50, "%", "2025"),
             item("target", "Tốc độ tăng trưởng GRDP bình quân", 7, "%/năm", "2020-2025"),
             item("result", "Tốc độ tăng trưởng GRDP bình quân", 6, "%/năm", "2015-2020")]
    with register.factory() as session:
        evidence = items_feasibility(session, None, items, "2020-2025")
    shares, growth = evidence[:3], evidence[3]
    assert all("Cơ cấu kinh tế cuối kỳ cộng lại được 110%" in e.note for e in shares)
    assert "Cơ cấu kinh tế" not in growth.note and growth.level == "challenging"
    assert growth.note.startswith(
        "Mục tiêu bình quân 7%/năm giai đoạn 2020-2025; nhiệm kỳ trước (2015-2020) đạt 6%/năm")
