"""PDF text layer: reading order, joined lines, running headers and page numbers dropped."""

from __future__ import annotations

from pathlib import Path

from chitieu.intake.pdf import pdf_to_text
from tests.intake.pdf_files import write_pdf

NAMES = ["Alpha", "Beta", "Gamma", "Delta"]


def _pages() -> list[list[tuple[float, float, str]]]:
    pages = []
    for number, name in enumerate(NAMES, 1):
        pages.append([
            (250, 30, "Provincial Plan Review"),
            (72, 100, f"{name} paragraph opens on this line and it runs on"),
            (72, 114, "into a second line in lower case."),
            (72, 140, f"A separate {name} sentence stands alone."),
            (72, 166, "Item list follows:"),
            (72, 180, "- first point of the list"),
            (300, 770, str(number)),
        ])
    return pages


def test_paragraphs_and_furniture(tmp_path: Path) -> None:
    text = pdf_to_text(write_pdf(tmp_path / "plan.pdf", _pages()))
    blocks = text.strip().split("\n\n")
    assert blocks[:4] == [
        "Alpha paragraph opens on this line and it runs on into a second line in lower case.",
        "A separate Alpha sentence stands alone.",
        "Item list follows:",
        "- first point of the list",
    ]
    assert len(blocks) == 4 * len(NAMES)
    assert "Provincial Plan Review" not in text
    assert not any(block.strip().isdigit() for block in blocks)


def test_order_follows_the_page(tmp_path: Path) -> None:
    page = [(72, 300, "Lower line comes second."), (72, 120, "Upper line comes first.")]
    text = pdf_to_text(write_pdf(tmp_path / "order.pdf", [page]))
    assert text.strip().split("\n\n") == ["Upper line comes first.", "Lower line comes second."]
