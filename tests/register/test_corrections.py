"""Correcting committed documents, targets and actual values: versioned, permitted, audited, bad input refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.errors import AccessDeniedError, ConflictError, InvalidValueError, NotFoundError
from chitieu.register import Register
from chitieu.register.accounts import assign_default_owners, create_user, owners
from chitieu.register.corrections import (
    correct_actual,
    correct_document,
    correct_target,
    delete_actual,
    delete_target,
    document_record,
    province_names,
)
from chitieu.register.figures import target_record

PASSWORD = "mat-khau-dai-1"
NO_PROVINCE = """NGHỊ QUYẾT
về nhiệm vụ năm 2024

I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU
1. Tỷ lệ che phủ rừng đạt 73%.
2. Tỷ lệ hộ nghèo giảm 2%.
"""


@pytest.fixture
def imported(register: Register, sample_files: list[Path]) -> Register:
    register.import_documents(sample_files[:1])
    return register


def first(register: Register, words: str) -> dict:
    return next(t for t in register.targets() if words in t["indicator"])


def test_a_target_is_corrected_field_by_field_and_its_history_says_old_and_new(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    done = correct_target(imported, "chuyenvien", target["id"], {
        "value": "74,5", "unit": "%", "period": "2025", "direction": "up", "field": "moi_truong", "main": "có",
        "breakdown": "toàn tỉnh"}, expected_version=target["version"])
    assert done["version"] == target["version"] + 1
    assert done["changes"]["value"] == [73.0, 74.5]
    after = imported.assess(target["id"])
    assert (after["period"], after["field"], after["breakdown"]) == ("2025", "moi_truong", "toàn tỉnh")
    change = target_record(imported, target["id"])["history"][0]
    assert (change["actor"], change["action"], change["table"]) == ("chuyenvien", "correct", "targets")
    assert change["data"]["changes"]["period"] == ["2024", "2025"]


def test_a_stale_target_edit_is_a_conflict_and_changes_nothing(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    correct_target(imported, "a", target["id"], {"value": "74"}, expected_version=target["version"])
    with pytest.raises(ConflictError, match="đã được người khác sửa"):
        correct_target(imported, "b", target["id"], {"value": "80"}, expected_version=target["version"])
    assert imported.assess(target["id"])["target"].startswith("74")


@pytest.mark.parametrize(("changes", "words"), [
    ({"period": "20244"}, "Kỳ '20244' không hợp lệ"),
    ({"value": "bảy"}, "Giá trị"),
    ({"direction": "sideways"}, "Chiều đánh giá"),
    ({"bound": "about"}, "Kiểu mục tiêu"),
    ({"indicator": "khong_co"}, "trong danh mục"),
    ({"field": "khong_co"}, "Lĩnh vực"),
    ({"indicator_text": " "}, "Tên chỉ tiêu"),
    ({"value": "80", "value_max": "70"}, "Giá trị lớn nhất"),
    ({"colour": "đỏ"}, "colour"),
], ids=["period", "value", "direction", "bound", "indicator", "field", "empty-text", "range", "unknown-field"])
def test_bad_target_input_is_one_line_and_writes_nothing(imported: Register, changes: dict, words: str) -> None:
    target = first(imported, "che phủ rừng")
    with pytest.raises(InvalidValueError, match=words):
        correct_target(imported, "a", target["id"], {"unit": "ha", **changes})
    assert imported.assess(target["id"])["version"] == target["version"]
    assert imported.assess(target["id"])["unit"] == "%"


def test_linking_the_catalogue_brings_its_direction(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    correct_target(imported, "a", target["id"], {"indicator": "", "direction": ""})
    assert imported.assess(target["id"])["catalogue"] is None
    correct_target(imported, "a", target["id"], {"indicator": "forest_cover"})
    after = imported.assess(target["id"])
    assert after["catalogue"] == "forest_cover"
    assert target_record(imported, target["id"])["direction"] == "up"


def test_other_provinces_and_agencies_and_viewers_may_not_correct(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    other = create_user(imported, "bientap_ls", PASSWORD, "editor", province="Lạng Sơn")
    viewer = create_user(imported, "xem", PASSWORD, "viewer")
    editor = create_user(imported, "bientap_tn", PASSWORD, "editor", province="Thái Nguyên")
    with pytest.raises(AccessDeniedError, match="chỉ được sửa chỉ tiêu của Lạng Sơn"):
        correct_target(imported, other, target["id"], {"value": "1"})
    with pytest.raises(AccessDeniedError):
        correct_target(imported, viewer, target["id"], {"value": "1"})
    correct_target(imported, editor, target["id"], {"value": "75"})  # Bắc Kạn is part of Thái Nguyên now
    with pytest.raises(AccessDeniedError, match="quản trị viên"):
        delete_target(imported, editor, target["id"])


def test_deleting_a_target_takes_its_values_and_is_recorded(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    imported.set_actual(target["id"], "72,5", "2024")
    admin = create_user(imported, "qt_tn", PASSWORD, "admin", province="Thái Nguyên")
    with pytest.raises(ConflictError):
        delete_target(imported, admin, target["id"], expected_version=target["version"] + 5)
    assert delete_target(imported, admin, target["id"], expected_version=target["version"])["actuals"] == 1
    with pytest.raises(NotFoundError):
        imported.assess(target["id"])
    last = imported.history(1)[0]
    assert (last["action"], last["table"], last["row_id"]) == ("delete", "targets", target["id"])
    assert last["data"]["actuals"][0]["value"] == 72.5


def test_an_actual_value_is_corrected_or_deleted_by_an_administrator_only(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    written = imported.set_actual(target["id"], "72,5", "2024")
    editor = create_user(imported, "bientap_tn", PASSWORD, "editor", province="Thái Nguyên")
    other = create_user(imported, "qt_ls", PASSWORD, "admin", province="Lạng Sơn")
    for actor in (editor, other):
        with pytest.raises(AccessDeniedError):
            correct_actual(imported, actor, written["id"], {"value": "1"})
        with pytest.raises(AccessDeniedError):
            delete_actual(imported, actor, written["id"])
    done = correct_actual(imported, "qt", written["id"], {"value": "73,1", "note": "số chính thức"},
                          expected_version=written["version"])
    assert done["changes"]["value"] == [72.5, 73.1]
    with pytest.raises(ConflictError):
        correct_actual(imported, "qt", written["id"], {"value": "9"}, expected_version=written["version"])
    with pytest.raises(InvalidValueError, match="Kỳ 2031"):
        correct_actual(imported, "qt", written["id"], {"period": "2031"})
    delete_actual(imported, "qt", written["id"], expected_version=done["version"])
    record = target_record(imported, target["id"])
    assert record["actuals"] == []
    assert (record["history"][0]["action"], record["history"][0]["data"]["old"]) == ("delete_actual", 73.1)
    with pytest.raises(NotFoundError):
        delete_actual(imported, "qt", written["id"])


def test_a_documents_province_and_term_carry_to_its_targets(register: Register, tmp_path: Path) -> None:
    path = tmp_path / "khong-ro-tinh.txt"
    path.write_text(NO_PROVINCE, encoding="utf-8")
    register.import_documents([path])
    target = register.targets()[0]
    assert target["province"] is None
    document_id = target_record(register, target["id"])["document"]["id"]
    record = document_record(register, document_id)
    done = correct_document(register, "qt", document_id, {"province": "Lai Châu", "issuer": "Tỉnh ủy Lai Châu",
                                                          "doc_type": "Nghị quyết", "plan_year": "2024"},
                            expected_version=record["version"])
    assert done["changes"]["province"] == [None, "Lai Châu"]
    assert {t["province"] for t in register.targets(province="Lai Châu")} == {"Lai Châu"}
    assert len(register.targets(province="Lai Châu")) == len(record["targets"])
    with pytest.raises(ConflictError):
        correct_document(register, "qt", document_id, {"plan_year": "2025"}, expected_version=record["version"])
    history = target_record(register, target["id"])["history"]
    assert history[0]["table"] == "documents" and history[0]["data"]["changes"]["issuer"][1] == "Tỉnh ủy Lai Châu"


def test_a_documents_term_moves_its_term_targets(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    correct_target(imported, "a", target["id"], {"period": "2020-2025"})
    document_id = target_record(imported, target["id"])["document"]["id"]
    correct_document(imported, "a", document_id, {"term": "2020-2025"})
    correct_document(imported, "a", document_id, {"term": "2025-2030"})
    assert imported.assess(target["id"])["period"] == "2025-2030"


@pytest.mark.parametrize(("changes", "words"), [
    ({"province": "Atlantis"}, "không có 'Atlantis'"),
    ({"term": "2020-20255"}, "Nhiệm kỳ"),
    ({"plan_year": "20244"}, "Năm kế hoạch"),
    ({"doc_type": "thư tình"}, "Loại văn kiện"),
], ids=["province", "term", "year", "type"])
def test_bad_document_input_is_refused(imported: Register, changes: dict, words: str) -> None:
    document_id = target_record(imported, first(imported, "che phủ")["id"])["document"]["id"]
    version = document_record(imported, document_id)["version"]
    with pytest.raises(InvalidValueError, match=words):
        correct_document(imported, "a", document_id, {"issuer": "X", **changes})
    assert document_record(imported, document_id)["version"] == version


def test_a_province_editor_may_not_move_a_document_to_another_province(imported: Register) -> None:
    document_id = target_record(imported, first(imported, "che phủ")["id"])["document"]["id"]
    editor = create_user(imported, "bientap_tn", PASSWORD, "editor", province="Thái Nguyên")
    with pytest.raises(AccessDeniedError):
        correct_document(imported, editor, document_id, {"province": "Lạng Sơn"})
    correct_document(imported, editor, document_id, {"issuer": "Tỉnh ủy Bắc Kạn"})


def test_every_province_is_offered_the_34_and_the_former_63(register: Register) -> None:
    names = province_names(register)
    assert sum(p["current"] for p in names) == 34
    assert {"Lai Châu", "Đà Nẵng", "Hà Nội", "Bắc Kạn"} <= {p["name"] for p in names}


def test_a_target_moved_with_its_document_loses_the_old_provinces_owner(imported: Register) -> None:
    target = first(imported, "che phủ rừng")
    assign_default_owners(imported, "Bắc Kạn", "qt")
    assert owners(imported, [target["id"]]).get(target["id"])
    document_id = target_record(imported, target["id"])["document"]["id"]
    correct_document(imported, "qt", document_id, {"province": "Lạng Sơn"})
    assert imported.assess(target["id"])["province"] == "Lạng Sơn"
    assert owners(imported, [target["id"]]).get(target["id"]) is None
