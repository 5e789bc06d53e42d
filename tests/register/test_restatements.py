"""One target, one row: a restated target is a source of the target it restates; sources that disagree are a
conflict a person decides; importing in any order gives the same register."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from chitieu.errors import AccessDeniedError, ConflictError, InvalidValueError
from chitieu.register import Register, open_register
from chitieu.register.accounts import create_user, get_account
from chitieu.register.corrections import decide_conflict
from chitieu.register.db import Target, TargetSource
from chitieu.register.documents import list_conflicts, sources_of
from chitieu.register.documents.restatements import Statement, agree, gather

SAMPLES = sorted((Path(__file__).parents[2] / "chitieu" / "samples").glob("*.md"))
REPORT = next(p for p in SAMPLES if p.name == "lang-son-bao-cao-chinh-tri-2020.md")
PER_HEAD = "- GRDP bình quân đầu người đến năm 2025 đạt từ 65 triệu đồng trở lên."


def _register(tmp_path: Path, name: str) -> Register:
    return open_register(url=f"sqlite:///{tmp_path / name}.sqlite")


def _snapshot(register: Register) -> list[tuple]:
    """Every target as people see it, with its sources: the same whatever the order of import."""
    with register.factory() as session:
        rows = []
        for t in session.scalars(select(Target)):
            sources = sorted((s.document.name if s.document else "", s.line or 0, s.value or 0) for s in t.sources)
            rows.append((t.province.name if t.province else "", t.period or "", t.indicator_text, t.breakdown or "",
                         t.value or 0, t.value_max or 0, t.bound, t.unit or "", t.quote or "", t.main,
                         len(t.actuals), tuple(sources)))
        return sorted(rows)


def _edition(tmp_path: Path, name: str, per_head: str) -> Path:
    """Another edition of the Lạng Sơn report whose list states GRDP per head differently."""
    path = tmp_path / name
    text = REPORT.read_text("utf-8")
    assert PER_HEAD in text
    path.write_text(text.replace(PER_HEAD, per_head), "utf-8")
    return path


def test_a_restated_target_is_one_target_with_every_statement_its_source(tmp_path: Path) -> None:
    forward = _register(tmp_path, "forward")
    forward.import_documents(SAMPLES)
    backward = _register(tmp_path, "backward")
    backward.import_documents(list(reversed(SAMPLES)))
    backward.import_documents(SAMPLES)  # again: nothing changes
    assert _snapshot(forward) == _snapshot(backward)
    lang_son = [r for r in _snapshot(forward) if r[0] == "Lạng Sơn"]
    assert len(lang_son) == 46  # 55 statements: the report's list and its appendix state 9 targets twice
    [per_head] = [r for r in lang_son if r[2] == "GRDP bình quân đầu người" and r[1] == "2025"]
    # the list says "từ 65 triệu đồng trở lên", the appendix's cell "65": one figure, the comparator from the list
    assert per_head[4:8] == (65, 0, "min", "triệu đồng")
    report = "lang-son-bao-cao-chinh-tri-2020.md"
    assert per_head[-1] == ((report, 64, 65), (report, 117, 65))
    assert forward.status_counts("Lạng Sơn") == backward.status_counts("Lạng Sơn")
    assert sum(sum(v.values()) for v in forward.status_counts("Lạng Sơn").values()) == 46


def _per_head(register: Register) -> Target:
    with register.factory() as session:
        return session.scalars(select(Target).where(Target.indicator_text == "GRDP bình quân đầu người",
                                                    Target.period == "2025")).one()


def test_statements_that_disagree_are_a_conflict_a_person_decides_and_it_stays(tmp_path: Path) -> None:
    register = _register(tmp_path, "conflict")
    register.import_documents([REPORT, _edition(tmp_path, "ban-2.md", PER_HEAD.replace("65", "70"))])
    [conflict] = list_conflicts(register, "Lạng Sơn", "2020-2025")
    assert sorted(s["figure"] for s in conflict["sources"]) == ["65 triệu đồng", "65 triệu đồng", "≥ 65 triệu đồng",
                                                                 "≥ 70 triệu đồng"]
    disputed = {i for pair in conflict["conflict"] for i in pair}
    quotes = {s["quote"] for s in conflict["sources"] if s["id"] in disputed}
    assert any("65 triệu đồng trở lên" in q for q in quotes) and any("70 triệu đồng trở lên" in q for q in quotes)
    [finding] = [f for f in register.check("Lạng Sơn", "2020-2025") if f["code"] == "conflict"]
    assert "65 triệu đồng trở lên" in finding["message"] and "70 triệu đồng trở lên" in finding["message"]

    target = _per_head(register)
    held = target.value  # the leading statement's, until someone decides (the editions differ only by their hash)
    chosen_value = 65.0 if held == 70 else 70.0
    seventy = next(s["id"] for s in conflict["sources"] if s["value"] == chosen_value)
    outsider = get_account(register, create_user(register, "bientap_hatinh", "mat-khau-dai-1", "editor",
                                                 province="Hà Tĩnh").id)
    with pytest.raises(AccessDeniedError):
        decide_conflict(register, outsider, target.id, seventy)
    with pytest.raises(ConflictError):
        decide_conflict(register, "qt", target.id, seventy, expected_version=target.version + 1)
    with pytest.raises(InvalidValueError, match="không có nguồn số 999999"):
        decide_conflict(register, "qt", target.id, 999999)
    done = decide_conflict(register, "Nguyễn Văn A", target.id, seventy, expected_version=target.version)
    assert done["changes"] == {"value": [held, chosen_value]}
    assert register.assess(target.id)["target"].startswith(f"≥ {chosen_value:.0f}")
    assert list_conflicts(register, "Lạng Sơn") == []
    described = sources_of(register, target.id)
    assert described["decision"]["by"] == "Nguyễn Văn A" and described["decision"]["source_id"] == seventy
    assert register.history(1)[0]["action"] == "decide"

    # a restatement that agrees with the chosen figure adds a source and changes nothing else
    agreeing = PER_HEAD.replace("65", "70") if chosen_value == 70 else PER_HEAD + " "
    register.import_documents([_edition(tmp_path, "ban-3.md", agreeing)])
    assert _per_head(register).value == chosen_value and list_conflicts(register, "Lạng Sơn") == []
    assert len(sources_of(register, target.id)["sources"]) == 6  # each edition: its list and its appendix
    # one that states a third figure opens the conflict again
    register.import_documents([_edition(tmp_path, "ban-4.md", PER_HEAD.replace("65", "72"))])
    assert _per_head(register).value == chosen_value
    [again] = list_conflicts(register, "Lạng Sơn")
    assert again["target_id"] == target.id and again["decision"]["source_id"] == seventy


def _statement(ref: int, line: int, text: str, value: float, unit: str = "%", bound: str = "exact",
               section: str = "list") -> Statement:
    return Statement(ref=ref, province_id=1, document_id=ref // 100, congress_id=None, period="2025",
                     indicator_id=7, indicator_text=text, breakdown=None, unit=unit, value=value, value_max=None,
                     bound=bound, line=line, section=section, main=True, order=("2020-10-01", str(ref // 100), line))


@pytest.mark.parametrize(("other", "same"), [
    pytest.param(_statement(201, 5, "Tỷ lệ hộ nghèo giảm", 2.0, "%/năm"), True, id="same-figure-other-unit-spelling"),
    pytest.param(_statement(201, 5, "Hộ nghèo giảm bình quân", 2.0, bound="min"), True, id="comparator-written-once"),
    pytest.param(_statement(201, 5, "Tỷ lệ hộ nghèo giảm bình quân", 3.0), True, id="same-words-other-figure"),
    pytest.param(_statement(201, 5, "Huyện nghèo giảm", 3.5), False, id="other-words-other-figure"),
    pytest.param(_statement(201, 5, "Giảm nghèo", 2.0, bound="lt"), True, id="other-words-same-number"),
    pytest.param(_statement(101, 9, "Tỷ lệ hộ nghèo giảm bình quân", 2.0), False, id="same-list-of-one-document"),
])
def test_which_statements_are_one_target(other: Statement, same: bool) -> None:
    first = _statement(101, 3, "Tỷ lệ hộ nghèo giảm bình quân", 2.0)
    groups = gather([other, first])
    assert (len(groups) == 1) is same
    assert gather([first, other]) == groups or len(groups) == 2


def test_agreement() -> None:
    one = _statement(101, 3, "x", 62.0, "triệu đồng", "gt")
    assert agree(one, _statement(201, 3, "x", 62.0, "triệu đồng"))
    assert not agree(one, _statement(201, 3, "x", 62.0, "triệu đồng", "lt"))
    assert not agree(one, _statement(201, 3, "x", 62.0, "tỷ đồng", "gt"))
    assert not agree(one, _statement(201, 3, "x", 60.0, "triệu đồng", "gt"))


def test_deleting_a_target_deletes_its_sources(tmp_path: Path) -> None:
    from chitieu.register.corrections import delete_target
    register = _register(tmp_path, "delete")
    register.import_documents([REPORT])
    target = _per_head(register)
    delete_target(register, "qt", target.id)
    with register.factory() as session:
        assert session.scalar(select(TargetSource.id).where(TargetSource.target_id == target.id)) is None
