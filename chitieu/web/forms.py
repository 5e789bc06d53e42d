"""Reading what people type into forms: Vietnamese numbers, optional fields."""

from __future__ import annotations

from chitieu.errors import ChitieuError
from chitieu.numbers import parse_number


def read_value(text: str) -> float:
    """A value as a person types it: "6,5", "1.100", "-2", "6.5"."""
    cleaned = text.strip().replace(" ", "")
    negative = cleaned.startswith("-")
    try:
        value = parse_number(cleaned.lstrip("-+"))
    except ValueError as exc:
        raise ChitieuError(f"'{text}' không phải là số; viết như 6,5 hoặc 1.100.") from exc
    return -value if negative else value


def read_optional(text: str | None) -> float | None:
    return read_value(text) if text and text.strip() else None
