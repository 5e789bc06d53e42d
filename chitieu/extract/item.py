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

    def to_dict(self) -> dict[str, Any]:
        """The evaluation schema's fields plus ``doc`` and ``section``, enums as plain strings."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, StrEnum):
                data[key] = value.value
        return data


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
