"""Every data file is declared by the module that reads it and loads through ``chitieu.datafiles``, which refuses a
missing key, a key nobody declared and a value of the wrong kind."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import chitieu
from chitieu.datafiles import MAPPING, TEXT, TEXTS, WORD_LISTS, WORDS, Kind, datafile, declared
from chitieu.errors import DataFileError

PACKAGE = Path(chitieu.__file__).parent
DATA_FILES = sorted(PACKAGE.glob("**/data/*.yaml"))


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(chitieu.__path__, "chitieu."):
        if ".migrations" not in module.name:  # Alembic's env.py runs only under Alembic
            importlib.import_module(module.name)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_data_file_is_declared_and_loads(path: Path):
    _import_every_module()
    file = declared().get(path.resolve())
    assert file is not None, f"no module declares {path}: call chitieu.datafiles.datafile beside the code that reads it"
    assert set(file.load()) == {key for key, _ in file.keys}


def _file(tmp_path: Path, text: str, keys: dict[str, Kind]):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "words.yaml").write_text(text, encoding="utf-8")
    return datafile(str(tmp_path / "owner.py"), "words", keys)


KEYS = {"phrases": WORDS, "title": TEXT, "units": WORD_LISTS, "names": TEXTS, "extra": MAPPING}
GOOD = 'phrases: ["trong đó"]\ntitle: "Tiêu đề"\nunits: {"%": ["%"]}\nnames: {a: "A"}\nextra: {a: [1]}\n'


def test_a_good_file_loads(tmp_path: Path):
    assert _file(tmp_path, GOOD, KEYS).load()["phrases"] == ["trong đó"]


@pytest.mark.parametrize(("text", "key", "reason"), [
    (GOOD.replace('title: "Tiêu đề"\n', ""), "title", "thiếu khóa bắt buộc"),
    (GOOD + "tittle: x\n", "tittle", "khóa lạ"),
    (GOOD.replace('phrases: ["trong đó"]', "phrases: trong đó"), "phrases", "phải là một danh sách chuỗi"),
    (GOOD.replace('phrases: ["trong đó"]', "phrases: [2025]"), "phrases", "phải là một danh sách chuỗi"),
    (GOOD.replace('title: "Tiêu đề"', "title: [a]"), "title", "phải là một chuỗi"),
    (GOOD.replace('units: {"%": ["%"]}', 'units: {"%": "%"}'), "units", "phải là một bảng khóa - danh sách chuỗi"),
    (GOOD.replace('names: {a: "A"}', "names: [a]"), "names", "phải là một bảng khóa - chuỗi"),
    (GOOD.replace("extra: {a: [1]}", "extra: [1]"), "extra", "phải là một bảng khóa - giá trị"),
    ("- a\n- b\n", "(gốc)", "phải là một bảng khóa - giá trị"),
    ("phrases: [a\n", "(tệp)", "không đọc được"),
], ids=["missing", "unknown", "words-not-list", "words-not-strings", "text", "word-lists", "texts", "mapping", "root",
        "not-yaml"])
def test_a_broken_file_names_file_and_key(tmp_path: Path, text: str, key: str, reason: str):
    with pytest.raises(DataFileError) as caught:
        _file(tmp_path, text, KEYS).load()
    assert caught.value.key == key
    assert str(caught.value).startswith(f"Tệp dữ liệu words.yaml sai ở khóa '{key}': {reason}")


def test_a_missing_file_is_a_data_file_error(tmp_path: Path):
    with pytest.raises(DataFileError, match="không đọc được"):
        datafile(str(tmp_path / "owner.py"), "absent", {"a": TEXT}).load()


def test_one_file_has_one_declaration(tmp_path: Path):
    first = _file(tmp_path, GOOD, KEYS)
    assert datafile(str(tmp_path / "owner.py"), "words", KEYS) is first
    with pytest.raises(ValueError, match="declared twice"):
        datafile(str(tmp_path / "owner.py"), "words", {"phrases": WORDS})
