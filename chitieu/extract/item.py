"""What extraction produces: targets and results (the fields of the evaluation schema) and metadata."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TARGET = "target"
    RESULT = "result"


class Bound(StrEnum):
    MIN = "min"  # từ ... trở lên, ít nhất, không dưới, ≥
    GT = "gt"  # trên, hơn, >
    MAX = "max"  # không quá, tối đa, ≤
    LT = "lt"  # dưới, <
    RANGE = "range"
    EXACT = "exact"
    QUALITATIVE = "qualitative"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    HOLD = "hold"


class Verdict(StrEnum):
    EXCEEDED = "exceeded"
    MET = "met"
    NOT_MET = "not_met"


@dataclass(frozen=True, slots=True)
class RowCells:
    """A table row's cells as the document writes them, by role, and the column (from 1) each stands in."""

    unit: str = ""
    target: str = ""
    result: str = ""
    comparison: str = ""
    next_target: str = ""
    columns: tuple[tuple[str, int], ...] = ()

    def written(self) -> dict[str, str]:
        """The cells that hold something, by role ("unit", "target", "result", "comparison", "next_target")."""
        return {role: getattr(self, role) for role, _ in self.columns if getattr(self, role)}

    def column(self, role: str) -> int | None:
        return next((column for name, column in self.columns if name == role), None)


@dataclass(frozen=True, slots=True)
class TableSource:
    """Where a table item was read: which table of the document (from 1, in reading order), which row of it (from
    1, its header rows counted) and the row's cells by role. Set once, by the table reader."""

    table: int
    row: int
    cells: RowCells

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row": self.row, "cells": self.cells.written(),
                "columns": {role: column for role, column in self.cells.columns}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableSource:
        columns = tuple((str(role), int(column)) for role, column in dict(data.get("columns") or {}).items())
        roles = set(RowCells.__dataclass_fields__) - {"columns"}
        cells = {role: str(text) for role, text in dict(data.get("cells") or {}).items() if role in roles}
        return cls(int(data["table"]), int(data["row"]), RowCells(**cells, columns=columns))


@dataclass(slots=True)
class Item:
    """One atomic target or one reported result, with where it stands in the document."""

    doc: str
    kind: Kind
    indicator: str
    value: float | None
    bound: Bound
    quote: str
    line: int
    breakdown: str | None = None
    value_max: float | None = None
    direction: Direction | None = None
    unit: str | None = None
    period: str | None = None
    target_value: str | None = None
    verdict: Verdict | None = None
    main: bool = False
    section: str = ""
    source: TableSource | None = None  # the table row it was read from; None for running text

    def to_dict(self) -> dict[str, Any]:
        """The evaluation schema's fields plus ``doc``, ``section`` and ``source``, enums as plain strings."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "source"}
        for key, value in data.items():
            if isinstance(value, StrEnum):
                data[key] = value.value
        data["source"] = self.source.to_dict() if self.source else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        """The item ``to_dict`` wrote, also one a person wrote or edited (missing fields take their defaults)."""
        return cls(
            doc=data.get("doc") or "", kind=Kind(data.get("kind") or "target"), indicator=data["indicator"],
            value=data.get("value"), bound=Bound(data.get("bound") or "exact"), quote=data.get("quote") or "",
            line=int(data.get("line") or 0), breakdown=data.get("breakdown"), value_max=data.get("value_max"),
            direction=Direction(data["direction"]) if data.get("direction") else None, unit=data.get("unit"),
            period=data.get("period"), target_value=data.get("target_value"),
            verdict=Verdict(data["verdict"]) if data.get("verdict") else None, main=bool(data.get("main")),
            section=data.get("section") or "",
            source=TableSource.from_dict(data["source"]) if data.get("source") else None,
        )


@dataclass(slots=True)
class Metadata:
    """What a document says about itself."""

    doc: str
    issuer: str | None = None
    province: str | None = None
    number: str | None = None
    date: str | None = None  # ISO 8601
    doc_type: str | None = None  # stable code, e.g. "bao_cao_chinh_tri"
    congress: str | None = None  # Roman ordinal of the congress, e.g. "XII"
    term: str | None = None  # "2020-2025"
    plan_year: int | None = None  # the year an annual resolution plans for
    title: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    metadata: Metadata
    items: list[Item]

    @property
    def targets(self) -> list[Item]:
        return [item for item in self.items if item.kind is Kind.TARGET]

    @property
    def results(self) -> list[Item]:
        return [item for item in self.items if item.kind is Kind.RESULT]
