"""Migration 0013: each target becomes its own first source; targets that restate one another are merged into the
one whose statement leads, with their values, children and owner, and the history names what was merged."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from chitieu.register import Register, open_register
from chitieu.register.db import make_engine, upgrade
from chitieu.register.documents import list_conflicts, sources_of

TARGET = ("INSERT INTO targets (id, document_id, province_id, indicator_id, indicator_text, value, bound, unit, "
          "period, period_start, period_end, quote, line, section, main, created_at, version) VALUES (:id, :doc, 1, "
          "1, :text, :value, :bound, '%', :period, :start, 2025, :quote, :line, :section, 1, '2026-11-01', 1)")


def test_restated_targets_are_merged_with_what_points_at_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.sqlite"
    engine = make_engine(url)
    upgrade(engine, "0012")
    with engine.begin() as connection:  # as revision 0012 wrote them: one target per statement
        connection.execute(text("INSERT INTO provinces (id, name, current) VALUES (1, 'Bắc Kạn', 1)"))
        for doc, day in ((1, "2020-10-25"), (2, "2020-10-30")):
            connection.execute(text("INSERT INTO documents (id, content_hash, name, source_bytes, metadata_json, "
                                    "item_count, imported_at, province_id, issued_on, version) VALUES (:id, :h, :n, "
                                    "x'00', '{}', 1, '2026-11-01', 1, :day, 1)"),
                               {"id": doc, "h": f"h{doc}", "n": f"doc-{doc}.txt", "day": day})
        connection.execute(text("INSERT INTO indicators (id, code, name, field) VALUES (1, 'forest_cover', "
                                "'Tỷ lệ che phủ rừng', 'moi_truong')"))
        rows = [  # the report's list, its appendix (the same figure without a comparator), the announcement
            (1, 1, "Tỷ lệ che phủ rừng", 72.9, "min", "2025", 2025, "che phủ rừng từ 72,9% trở lên", 381, "list"),
            (2, 1, "Tỷ lệ che phủ rừng", 72.9, "exact", "2025", 2025, "Tỷ lệ che phủ rừng\t%\t72,9", 779, "table"),
            (3, 2, "Tỷ lệ che phủ rừng", 73.5, "min", "2025", 2025, "che phủ rừng đạt 73,5% trở lên", 47, "list"),
            (4, 2, "Che phủ rừng năm 2024", 72.0, "exact", "2024", 2024, "năm 2024 đạt 72%", 60, "list"),
        ]
        for id_, doc, words, value, bound, period, start, quote, line, section in rows:
            connection.execute(text(TARGET), {"id": id_, "doc": doc, "text": words, "value": value, "bound": bound,
                                              "period": period, "start": start, "quote": quote, "line": line,
                                              "section": section})
        connection.execute(text("UPDATE targets SET parent_id = 2 WHERE id = 4"))
        connection.execute(text("INSERT INTO actuals (id, target_id, province_id, indicator_id, indicator_text, "
                                "value, bound, period, vintage, source_kind, recorded_at, version) VALUES (1, 3, 1, "
                                "1, 'Che phủ rừng', 72.5, 'exact', '2025', 'estimate', 'person', '2026-11-02', 1)"))
    Register(engine).refresh_status()  # every target has its status row, as the import writes it
    with engine.connect() as connection:
        assert connection.execute(text("SELECT sum(targets) FROM status_totals")).scalar() == 4
    engine.dispose()
    register = open_register(url=url)
    with register.engine.connect() as connection:
        assert connection.execute(text("SELECT id FROM targets ORDER BY id")).scalars().all() == [1, 4]
        assert connection.execute(text("SELECT parent_id FROM targets WHERE id = 4")).scalar() == 1
        assert connection.execute(text("SELECT target_id FROM actuals")).scalar() == 1
        merged = connection.execute(text("SELECT data FROM changes WHERE action = 'merge'")).scalars().all()
    assert [sorted(s["line"] for s in sources_of(register, 1)["sources"])] == [[47, 381, 779]]
    assert len(sources_of(register, 4)["sources"]) == 1
    assert "[2,3]" in str(merged[0]).replace(" ", "")
    [conflict] = list_conflicts(register, "Bắc Kạn")  # 72,9% in the report, 73,5% in the announcement
    assert conflict["target_id"] == 1 and {s["value"] for s in conflict["sources"]} == {72.9, 73.5}
    assert register.assess(1)["actual"] == 72.5  # the value entered on a merged target stays with the target
    assert sum(sum(v.values()) for v in register.status_counts("Bắc Kạn").values()) == 2
    register.engine.dispose()
