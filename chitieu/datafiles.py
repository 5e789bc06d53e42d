"""Read a package's data files (``data/<name>.yaml``) once, checked against the keys the owning module declares.

The module that reads a data file declares it beside its code, ``datafile(__file__, "units", {"units": WORD_LISTS,
...})``, and calls ``load()``. The file is read once; a file that cannot be read, is not a mapping, lacks a declared
key, holds a key nobody declared or a value of another kind raises ``DataFileError`` naming the file and the key.
Deeper structure (an indicator's fields, a unit's spellings) stays the owner's to check.

``declared()`` lists every file declared so far, so a test can load each ``chitieu/**/data/*.yaml`` and find the
ones without an owner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from chitieu.errors import DataFileError


class Kind(Enum):
    """What a top-level value must be; the value is how an error message names it."""

    TEXT = "một chuỗi"
    WORDS = "một danh sách chuỗi"
    LIST = "một danh sách"
    MAPPING = "một bảng khóa - giá trị"
    TEXTS = "một bảng khóa - chuỗi"
    WORD_LISTS = "một bảng khóa - danh sách chuỗi"


TEXT, WORDS, LIST = Kind.TEXT, Kind.WORDS, Kind.LIST
MAPPING, TEXTS, WORD_LISTS = Kind.MAPPING, Kind.TEXTS, Kind.WORD_LISTS
# libyaml's parser when PyYAML was built with it (its wheels are): the same safe loading, ten times faster; the
# word lists are read at every start of a process, and of each upload's conversion
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _is_words(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_FITS: dict[Kind, Callable[[Any], bool]] = {
    Kind.TEXT: lambda value: isinstance(value, str),
    Kind.WORDS: _is_words,
    Kind.LIST: lambda value: isinstance(value, list),
    Kind.MAPPING: lambda value: isinstance(value, dict),
    Kind.TEXTS: lambda value: isinstance(value, dict) and all(isinstance(item, str) for item in value.values()),
    Kind.WORD_LISTS: lambda value: isinstance(value, dict) and all(_is_words(item) for item in value.values()),
}


@dataclass(frozen=True, slots=True, eq=False)
class DataFile:
    """A data file and the kind of each of its keys; every key is required and no other is allowed."""

    path: Path
    keys: tuple[tuple[str, Kind], ...]

    def load(self) -> dict[str, Any]:
        """The file's content, read once and checked."""
        return _load(self)


_DECLARED: dict[Path, DataFile] = {}


def datafile(owner: str, name: str, keys: Mapping[str, Kind]) -> DataFile:
    """Declare ``data/<name>.yaml`` beside the module file ``owner`` (``__file__``) with its keys and their kinds."""
    file = DataFile(Path(owner).parent / "data" / f"{name}.yaml", tuple(keys.items()))
    known = _DECLARED.setdefault(file.path.resolve(), file)
    if known.keys != file.keys:
        raise ValueError(f"{file.path} is declared twice with different keys")
    return known


def declared() -> dict[Path, DataFile]:
    """Every data file declared so far, by its resolved path."""
    return dict(_DECLARED)


@cache
def _load(file: DataFile) -> dict[str, Any]:
    path = file.path
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path, "(tệp)", f"không đọc được: {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(path, "(gốc)", "phải là một bảng khóa - giá trị")
    kinds = dict(file.keys)
    for key in data:
        if key not in kinds:
            raise DataFileError(path, str(key), "khóa lạ, mã nguồn không đọc khóa này (viết sai tên khóa?)")
    for key, kind in file.keys:
        if key not in data:
            raise DataFileError(path, key, "thiếu khóa bắt buộc")
        if not _FITS[kind](data[key]):
            raise DataFileError(path, key, f"phải là {kind.value}")
    return data
