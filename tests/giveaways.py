"""English strings that give away an untranslated screen: what Starlette, FastAPI, pydantic, Click and Typer say when
nobody words it in Vietnamese. The crawl of the site (tests/web/test_vietnamese_everywhere.py) and the CLI's help
screens (tests/cli/test_help_vietnamese.py) must show none of them."""

from __future__ import annotations

import re

GIVEAWAYS = ("Not Found", "Method Not Allowed", "Internal Server Error", "field required", "Field required",
             "Show this message", "Usage:", "Successful Response", "Validation Error", "value is not a valid",
             "Input should be", "Missing option", "Missing argument", "No such option", "Invalid value",
             "Try '", "Unprocessable", "Bad Request", "Forbidden", "Unauthorized", "Options ", "Arguments ",
             "Commands ", "[required]", "[default:", "Error:", "Aborted", "JSON decode error")


def english_in(text: str) -> list[str]:
    """The give-aways ``text`` holds."""
    return [word for word in GIVEAWAYS if re.search(re.escape(word), text)]
