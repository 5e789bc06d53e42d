"""Tables without ruling lines, recovered from word positions; running text must stay text."""

from __future__ import annotations

from pathlib import Path

from chitieu.intake.pdf import pdf_to_text
from tests.intake.pdf_files import write_pdf

COLUMNS = (72, 130, 330, 400, 470)


def _table_page() -> list[tuple[float, float, str]]:
    rows = [
        ("No", "Indicator", "Unit", "Plan", "Result"),
        ("1", "Growth rate of the economy", "%", "6,5", "7,1"),
        ("2", "Income per head", "million", "62", "64"),
        ("3", "Forest cover", "%", "72,9", "73"),
        ("4", "Schools up to standard", "school", "40", "44"),
    ]
    page = [(72, 80, "Appendix: main targets of the plan for the five years ahead of us all.")]
    for number, row in enumerate(rows):
        page += [(x, 120 + 24 * number, cell) for x, cell in zip(COLUMNS, row, strict=True)]
    return page


def _prose_page() -> list[tuple[float, float, str]]:
    sentences = [
        "The province reached a growth rate of 6,5 percent in 2024, above the plan of 6 percent,",
        "while income per head rose to 62 million dong and 44 schools met the national standard.",
        "Forest cover stayed at 72,9 percent; 3 districts still lack clean water for every home.",
        "",
        "1. Economy: keep the growth of 7 percent each year until 2030.",
        "2. Society: 98 percent of people have health insurance by 2030.",
        "3. Environment: forest cover of 73 percent by 2030.",
        "Signed: 12 March 2025      Chairman      Nguyen Van A",
    ]
    return [(72, 80 + 16 * number, line) for number, line in enumerate(sentences) if line]


def test_borderless_table_becomes_rows(tmp_path: Path) -> None:
    text = pdf_to_text(write_pdf(tmp_path / "table.pdf", [_table_page()]))
    rows = [line for line in text.splitlines() if "\t" in line]
    assert rows[0] == "No\tIndicator\tUnit\tPlan\tResult"
    assert "2\tIncome per head\tmillion\t62\t64" in rows
    assert len(rows) == 5
    assert "Appendix: main targets" in text


def test_table_goes_on_over_the_page(tmp_path: Path) -> None:
    """A row cut by the page's end goes on in its cells; the next page's part joins the table."""
    first = [(72, 60, "Appendix: main targets of the plan for the five years ahead of us all.")]
    rows = [("No", "Indicator", "Unit", "Plan", "Result")] + [
        (str(n), f"Indicator number {n}", "%", f"{n},5", f"{n},9") for n in range(1, 25)
    ]
    for number, row in enumerate(rows):
        first += [(x, 100 + 26 * number, cell) for x, cell in zip(COLUMNS, row, strict=True)]
    first.append((130, 100 + 26 * len(rows), "Forest cover of"))
    second = [(130, 72, "the province"), (72, 98, "26"), (130, 98, "Schools"), (330, 98, "school")]
    second += [(400, 98, "40"), (470, 98, "44")]
    text = pdf_to_text(write_pdf(tmp_path / "long.pdf", [first, second]))
    rows_out = [line for line in text.splitlines() if "\t" in line]
    assert "26\tSchools\tschool\t40\t44" in rows_out
    assert rows_out[-2] == "\tForest cover of the province\t\t\t"
    assert len(rows_out) == len(rows) + 2


def test_prose_gets_no_table(tmp_path: Path) -> None:
    text = pdf_to_text(write_pdf(tmp_path / "prose.pdf", [_prose_page(), _prose_page()]))
    assert "\t" not in text
    assert "above the plan of 6 percent, while income per head" in text
