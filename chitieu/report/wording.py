"""The report's Vietnamese wording (``data/report.yaml``) and Vietnamese number writing for the exports.

Numbers follow ``chitieu.numbers``: "1.100", "6,5"; a range keeps the same decimals at both ends ("6,5 - 7,0").
Spreadsheet cells keep numbers as numbers with a Vietnamese-locale format code (``[$-42A]``), so they add up
and still read "1.100" and "6,5".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from chitieu.datafiles import LIST, TEXTS, DataFile, datafile
from chitieu.errors import DataFileError
from chitieu.labels import BOUND_SYMBOL, state_label
from chitieu.numbers import format_number

REPORT = datafile(__file__, "report", {"groups": LIST, "titles": TEXTS, "columns": TEXTS, "reasons": TEXTS,
                                        "empty": TEXTS, "progress": TEXTS})
DATA = REPORT.path
LOCALE = "[$-42A]"  # Vietnamese: "." between thousands, "," before decimals
MAX_DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    roman: str
    label: str
    fields: tuple[str, ...]


def read_wording(file: DataFile, codes: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    """A wording file, checked by its declaration and for a label of each code listed for a section."""
    data = file.load()
    for section, wanted in codes.items():
        for code in wanted:
            if not data[section].get(code):
                raise DataFileError(file.path, f"{section}.{code}", "thiếu nhãn")
    return data


def phrase(data: dict[str, Any], path: Path, section: str, key: str, /, **values: Any) -> str:
    """One phrase of ``section`` of a wording file with ``{name}`` filled in."""
    try:
        found = data[section][key]
    except KeyError as exc:
        raise DataFileError(path, f"{section}.{key}", "thiếu giá trị") from exc
    return str(found).format(**values)


def wording() -> dict[str, Any]:
    """The report wording, checked for the sections every export reads."""
    return REPORT.load()


@cache
def groups() -> tuple[Group, ...]:
    out = []
    for number, entry in enumerate(wording()["groups"]):
        for key in ("code", "roman", "label"):
            if not entry.get(key):
                raise DataFileError(DATA, f"groups[{number}].{key}", "thiếu giá trị")
        out.append(Group(entry["code"], entry["roman"], entry["label"], tuple(entry.get("fields") or ())))
    return tuple(out)


def group_of_field(field: str | None) -> str | None:
    """The group code a catalogue field goes to, or None for no field."""
    for group in groups():
        if field is not None and field in group.fields:
            return group.code
    return None


def text(section: str, key: str, **values: Any) -> str:
    """One phrase of ``section`` with ``{name}`` filled in."""
    return phrase(wording(), DATA, section, key, **values)


def status_label(code: str | None) -> str:
    """A status as every report shows it: its state's label (``chitieu.labels.state_label``)."""
    return state_label(code)


def decimals_of(value: float) -> int:
    """How many decimals ``value`` is written with: 6.5 -> 1, 97.29 -> 2, 40.0 -> 0."""
    written = f"{value:.{MAX_DECIMALS}f}".rstrip("0")
    return len(written.partition(".")[2])


def format_value(value: float | None) -> str:
    """1100.0 -> "1.100", 6.5 -> "6,5", None -> ""."""
    if value is None:
        return ""
    return format_number(round(value, MAX_DECIMALS), decimals_of(value))


def format_span(low: float | None, high: float | None) -> str:
    """(6.5, 7.0) -> "6,5 - 7,0"; (1100, None) -> "1.100"."""
    if low is None:
        return ""
    if high is None:
        return format_value(low)
    decimals = max(decimals_of(low), decimals_of(high))
    return f"{format_number(low, decimals)} - {format_number(high, decimals)}"


def format_target(bound: str | None, low: float | None, high: float | None) -> str:
    """A target as the appendix writes it: "≥ 17", "> 98", "6,5 - 7,0"; "" without a number."""
    if low is None:
        return ""
    return f"{BOUND_SYMBOL.get(bound or 'exact', '')}{format_span(low, high)}"


def excel_format(value: float) -> str:
    """A number format showing ``value`` the Vietnamese way with its own decimals."""
    decimals = decimals_of(value)
    return f"{LOCALE}#,##0" + ("." + "0" * decimals if decimals else "")


def unit_label(unit: str | None) -> str:
    """The unit as a table shows it: first letter capital ("Triệu đồng"), symbols unchanged ("%")."""
    if not unit:
        return ""
    return unit[0].upper() + unit[1:]
