"""Migration 0012: documents imported before carry version 1 and can be corrected; targets keep their indicator's
field until a person sets one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from chitieu.register import open_register
from chitieu.register.corrections import correct_document, correct_target, document_record
from chitieu.register.db import make_engine, upgrade


def test_documents_imported_before_take_version_1_and_targets_their_indicators_field(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.sqlite"
    engine = make_engine(url)
    upgrade(engine, "0011")
    engine.dispose()
    register = open_register(url=url, migrate=False)
    with register.engine.begin() as connection:  # a document and a target as revision 0011 wrote them
        connection.execute(text("INSERT INTO documents (id, content_hash, name, source_bytes, metadata_json, "
                                "item_count, imported_at) VALUES (1, 'h', 'nq.txt', x'00', '{}', 1, "
                                "'2026-11-01 00:00:00')"))
        connection.execute(text("INSERT INTO indicators (id, code, name, field) VALUES (1, 'forest_cover', "
                                "'Tỷ lệ che phủ rừng', 'moi_truong')"))
        connection.execute(text("INSERT INTO targets (id, document_id, indicator_id, indicator_text, bound, period, "
                                "main, created_at, version) VALUES (1, 1, 1, 'Che phủ rừng', 'exact', '2025', 1, "
                                "'2026-11-01 00:00:00', 1)"))
    register.engine.dispose()
    register = open_register(url=url)
    assert document_record(register, 1)["version"] == 1
    assert register.assess(1)["field"] == "moi_truong"
    correct_document(register, "qt", 1, {"province": "Lai Châu"}, expected_version=1)
    assert document_record(register, 1)["version"] == 2
    correct_target(register, "qt", 1, {"field": "kinh_te"})
    assert register.assess(1)["field"] == "kinh_te"
    assert register.query_targets(field="kinh_te")[0] == 1  # the precomputed status takes the person's field
    register.engine.dispose()
