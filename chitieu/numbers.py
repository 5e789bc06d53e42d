"""Vietnamese numbers in and out: "1.100" is 1100, "6,5" is 6.5, "05" is 5.

Vietnamese writes "." between thousands and "," before decimals. Input written the English way with a
single "." and one or two decimals ("2.5") is read as a decimal, since no thousands group has fewer than
three digits.
"""

from __future__ import annotations

import math
import re

from chitieu.errors import InvalidValueError

NUMBER_PATTERN = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d{1,2}(?![\d.])|\d+"
_NUMBER = re.compile(rf"^(?:{NUMBER_PATTERN})$")


MAX_VALUE = 1e15  # larger than any figure a plan states (a quadrillion đồng); a larger one is a typing slip


def check_value(value: object, what: str = "Giá trị") -> float:
    """``value`` as a float when it is a finite number no larger than ``MAX_VALUE``; else ``InvalidValueError``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(f"{what} phải là một số.")
    try:
        number = float(value)
    except OverflowError as exc:
        raise InvalidValueError(f"{what} quá lớn; hãy kiểm tra lại số đã nhập.") from exc
    if not math.isfinite(number) or abs(number) > MAX_VALUE:
        raise InvalidValueError(f"{what} phải là một số hữu hạn, không quá một triệu tỷ (10^15).")
    return number


def read_value(value: object, what: str = "Giá trị") -> float:
    """A value as a person sends it: a number, or text written the Vietnamese way ("6,5", "1.250,5", "-2") or with
    one decimal point ("6.5"); checked by ``check_value``. Anything else is an ``InvalidValueError`` naming
    ``what``. Pages, the API, the Excel template and the CLI all read values here."""
    if not isinstance(value, str):
        return check_value(value, what)
    cleaned = value.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise InvalidValueError(f"{what}: chưa nhập số.")
    negative = cleaned.startswith("-")
    try:
        number = parse_number(cleaned.lstrip("-+"))
    except ValueError as exc:
        raise InvalidValueError(f"{what} '{value.strip()[:40]}' không phải là số; viết như 6,5 hoặc 1.250,5.") from exc
    return check_value(-number if negative else number, what)


def parse_number(text: str) -> float:
    """Read one Vietnamese-written number; raise ValueError if ``text`` is not one."""
    text = text.strip()
    if not _NUMBER.match(text):
        raise ValueError(f"not a Vietnamese number: {text!r}")
    if "," in text:
        whole, _, decimals = text.partition(",")
        return float(whole.replace(".", "") + "." + decimals)
    if re.fullmatch(r"\d+\.\d{1,2}", text):
        return float(text)
    return float(text.replace(".", ""))


def format_number(value: float | int | None, decimals: int | None = None) -> str:
    """Write a number the Vietnamese way: 1100 -> "1.100", 6.5 -> "6,5", None -> ""."""
    if value is None:
        return ""
    if decimals is None:
        text = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    else:
        text = f"{value:.{decimals}f}"
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + fraction if fraction else "")
    return ("-" if negative else "") + out


def format_range(low: float | None, high: float | None) -> str:
    """Write a range the Vietnamese way: (6.5, 7.0) -> "6,5 - 7"."""
    if high is None:
        return format_number(low)
    return f"{format_number(low)} - {format_number(high)}"
