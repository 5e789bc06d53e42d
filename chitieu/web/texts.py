"""The web application's own words (``data/web.yaml``): HTTP errors it did not raise itself, the problems of a
request's fields, and the JSON API's Vietnamese description."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from chitieu.datafiles import TEXTS, datafile

WEB = datafile(__file__, "web", {"error_titles": TEXTS, "error_messages": TEXTS, "field_problems": TEXTS,
                                 "field_places": TEXTS, "api": TEXTS, "api_summaries": TEXTS, "docs_page": TEXTS})
_data: Mapping[str, Any] = WEB.load()
ERROR_TITLES: dict[str, str] = _data["error_titles"]
ERROR_MESSAGES: dict[str, str] = _data["error_messages"]
FIELD_PROBLEMS: dict[str, str] = _data["field_problems"]
FIELD_PLACES: dict[str, str] = _data["field_places"]
API: dict[str, str] = _data["api"]
API_SUMMARIES: dict[str, str] = _data["api_summaries"]
DOCS_PAGE: dict[str, str] = _data["docs_page"]


# the member of a union a value was tried against ("value.float", "value.str"): not a part of the field's name
_UNION_MEMBER = re.compile(r"^(float|int|str|bool|none|list\[.*\]|dict\[.*\]|function-\w+\[.*\]|constrained-\w+)$")


def error_title(code: int) -> str:
    return ERROR_TITLES.get(str(code), ERROR_TITLES["other"])


def error_message(code: int, method: str = "") -> str:
    """The sentence for an HTTP error no ``ChitieuError`` words (an unknown address: 404; a wrong method: 405)."""
    return ERROR_MESSAGES.get(str(code), ERROR_MESSAGES["other"]).format(code=code, method=method)


def field_problem(error: Mapping[str, Any]) -> str:
    """One request-check error as a Vietnamese line naming the field, where it was sent and its problem:
    "Trường limit trong tham số địa chỉ: phải là một số nguyên"."""
    location: Sequence[Any] = error.get("loc", ())
    kind = str(error.get("type"))
    if kind in ("json_invalid", "json_type"):
        return f"{FIELD_PLACES['whole_body']}: {FIELD_PROBLEMS[kind]}"
    place = FIELD_PLACES.get(str(location[0]), FIELD_PLACES["other"]) if location else ""
    name = ".".join(str(part) for part in location[1:] if not _UNION_MEMBER.match(str(part))) or "(toàn bộ)"
    context = error.get("ctx") or {}
    limit = next((context[k] for k in ("ge", "gt", "le", "lt", "min_length", "max_length") if k in context), "")
    problem = FIELD_PROBLEMS.get(kind, FIELD_PROBLEMS["other"]).format(limit=limit)
    return f"Trường {name}{' ' + place if place else ''}: {problem}"
