import json

from typer.testing import CliRunner

from chitieu.cli.app import app

runner = CliRunner()

PLAN = "## Mục tiêu cụ thể nhiệm kỳ 2025 - 2030\n- Tỷ lệ lao động qua đào tạo đạt 75% trở lên.\n"


def test_jsonl_carries_the_schema_fields(tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip())
    schema = {
        "doc",
        "kind",
        "indicator",
        "breakdown",
        "value",
        "value_max",
        "bound",
        "direction",
        "unit",
        "period",
        "target_value",
        "verdict",
        "quote",
        "line",
        "main",
        "section",
        "source",  # the table row an item was read from; null for running text
    }
    assert set(record) == schema and record["source"] is None
    assert record["doc"] == "ke-hoach" and record["value"] == 75 and record["bound"] == "min" and record["line"] == 2


def test_bad_files_fail_alone_with_one_line_each(tmp_path):
    good = tmp_path / "tot.md"
    good.write_text(PLAN, encoding="utf-8")
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "nhi-phan.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    cut = tmp_path / "cut.md"
    cut.write_bytes(PLAN.encode("utf-8")[:-3] + "ệ".encode()[:2])
    result = runner.invoke(app, ["extract", str(empty), str(binary), str(good), str(cut), "--format", "jsonl"])
    assert result.exit_code == 1
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 2  # tot.md and what cut.md keeps
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 2
    assert "rong.txt" in errors[0] and "nhi-phan.txt" in errors[1]


def test_parallel_jobs_give_the_same_items(tmp_path):
    paths = []
    for index in range(4):
        path = tmp_path / f"plan{index}.md"
        path.write_text(PLAN, encoding="utf-8")
        paths.append(str(path))
    one = runner.invoke(app, ["extract", *paths, "--format", "jsonl"])
    two = runner.invoke(app, ["extract", *paths, "--format", "jsonl", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


def test_table_format_is_readable(tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert "≥ 75" in result.stdout


def test_a_file_that_gives_nothing_says_why(tmp_path):
    statistics = tmp_path / "thong-ke.txt"
    statistics.write_text("Năm 2025, tổng sản phẩm tăng 7,1% so với cùng kỳ.\n", encoding="utf-8")
    words = tmp_path / "loi-van.txt"
    words.write_text("Hội nghị đã diễn ra tốt đẹp.\n", encoding="utf-8")
    series = tmp_path / "day-so.txt"
    series.write_text("Chỉ tiêu ĐVT 2023 2024 2025\nGRDP % 7,1 8,2 6,9\nDịch vụ % 6,3 6,4 5,1\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(statistics), str(words), str(series), "--format", "jsonl"])
    assert result.exit_code == 0 and not result.stdout.strip()
    notes = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(notes) == 3
    assert "thong-ke.txt" in notes[0] and "1 con số kèm đơn vị" in notes[0]
    assert "loi-van.txt" in notes[1] and "không có con số nào" in notes[1]
    assert "day-so.txt" in notes[2] and "3 dòng là dãy số liệu" in notes[2]
