"""Tables that a web page or a PDF flattened to one cell per line, put back into rows.

    Stt / Chỉ tiêu chủ yếu / TH năm 2021 / KH 2022 / Ước TH 2022 / Ghi chú / I / Kinh tế / 1 / Tốc độ tăng GRDP
    (%), trong đó: / 4,36 / 6,5-7,5 / 8,56 / Đạt / ...

A header is a run of at least three short cells that opens with a number or indicator column ("Stt", "Chỉ tiêu")
and names at least two value columns, or one after both a number and an indicator column (``data/sections.yaml``,
``table_columns``). After it, a cell of words
opens a row (its label); a row number or an empty cell just before the label is the row's number; a cell in
brackets right after the label ("(Tỷ đồng)") closes the label; the other cells are the row's values in column
order. A blank line separates cells when the page wrote them so; a line of spaces is an empty cell. The table
ends at a long passage of prose. The rows become a ``Table`` that ``tables.table_items`` reads like any other;
each row's block is its label's line, so quotes and lines point into the document as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chitieu.extract.lexicon import load_data, words_in
from chitieu.extract.quantity import parse_cell
from chitieu.extract.results import cell_verdict
from chitieu.extract.tables import cell_unit
from chitieu.intake.document import Block, BlockKind, Document, Line, Table

_ROW_NUMBER = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,3}(?:\.\d{1,2})?|[a-zđ])[.)]?$")
_BRACKETED = re.compile(r"^\(.*\)?$")
_CELL_MAX = 160  # a longer line is prose: the table has ended
_HEADER_MAX = 60
_FIRST_MAX = 30  # the first header cell is a column name ("Stt", "Chỉ tiêu chủ yếu"), not a lead sentence


@dataclass(slots=True)
class _Cell:
    line: Line
    text: str  # stripped; "" for an empty cell

    @property
    def is_label(self) -> bool:
        text = self.text
        return (
            bool(re.search(r"[^\W\d_]", text))
            and not _ROW_NUMBER.match(text)
            and parse_cell(text) is None
            and cell_verdict(text) is None
            and cell_unit(text, "") is None
        )


def _cells(lines: list[Line]) -> list[_Cell]:
    """One cell per line; a blank line separates cells when the page put one between every two of them."""
    blank_separated = sum(1 for line in lines if line.raw == "") >= len(lines) // 3
    cells: list[_Cell] = []
    for line in lines:
        if line.raw == "" and blank_separated:
            continue
        cells.append(_Cell(line, line.text.strip()))
    return cells


def _header_length(cells: list[_Cell], start: int) -> int:
    """How many cells from ``start`` make a header, or 0."""
    columns = load_data("sections")["table_columns"]
    if not _starts_header(cells[start].text):
        return 0
    value_words = columns["target"] + columns["result"] + columns["verdict"] + columns["share"] + columns["unit"]
    length, named = 1, 0
    numbered = words_in(cells[start].text, columns["number"])  # "Stt"
    indicator = False  # "Chỉ tiêu chủ yếu"
    window = cells[start + 1 : start + 12]
    for index, cell in enumerate(window):
        if not cell.text and named and _names_column(window[index + 1 : index + 2], value_words):
            length += 1  # a column the header left empty (a merged cell), with a named one after it
            continue
        if not cell.text or len(cell.text) > _HEADER_MAX or parse_cell(cell.text) is not None:
            break
        if words_in(cell.text, value_words):
            named += 1
        elif words_in(cell.text, columns["indicator"]):
            indicator = True
        elif not words_in(cell.text, columns["number"]) and named:
            break
        length += 1
    # one value column is enough after both a number and an indicator column ("Stt / Chỉ tiêu / Ước TH năm 2021")
    return length if length >= 3 and (named >= 2 or (named and numbered and indicator)) else 0


def _names_column(cells: list[_Cell], words: list[str]) -> bool:
    return bool(cells) and 0 < len(cells[0].text) <= _HEADER_MAX and words_in(cells[0].text, words)


def find_flat_tables(document: Document) -> tuple[list[Table], set[int]]:
    """The flattened tables of a document and the lines they take."""
    if not any(block.kind is not BlockKind.ROW and len(block.text) <= _HEADER_MAX for block in document.blocks):
        return [], set()
    candidates = [i for i, line in enumerate(document.lines) if _starts_header(line.text)]
    tables: list[Table] = []
    taken: set[int] = set()
    sections = {block.number: block.section for block in document.blocks}
    for index in candidates:
        if document.lines[index].number in taken:
            continue
        found = _read_table(document.lines[index:], sections)
        if found is not None:
            table, lines = found
            tables.append(table)
            taken.update(lines)
    return tables, taken


def _starts_header(text: str) -> bool:
    columns = load_data("sections")["table_columns"]
    stripped = text.strip()
    return (
        0 < len(stripped) <= _FIRST_MAX
        and not stripped.endswith(":")
        and "\t" not in text
        and (words_in(stripped, columns["number"]) or words_in(stripped, columns["indicator"]))
    )


def _read_table(lines: list[Line], sections: dict[int, tuple]) -> tuple[Table, set[int]] | None:
    window: list[Line] = []
    for line in lines:
        if len(line.text.strip()) > _CELL_MAX or "\t" in line.text:
            break
        window.append(line)
    if not window or not _header_length(_cells(window[:30]), 0):
        return None
    cells = _cells(window)
    header = _header_length(cells, 0)
    rows: list[list[_Cell]] = [cells[:header]]
    index = header
    while index < len(cells):
        cell = cells[index]
        if cell.is_label:
            number = rows[-1].pop() if len(rows) > 1 and rows[-1] and _is_row_number(rows[-1][-1], rows[-1]) else None
            rows.append([number or _Cell(cell.line, ""), cell])
            while index + 1 < len(cells) and _BRACKETED.match(cells[index + 1].text) and cells[index + 1].is_label:
                index += 1
                rows[-1][1] = _Cell(cell.line, f"{rows[-1][1].text} {cells[index].text}")
        elif len(rows) > 1:
            rows[-1].append(cell)
        index += 1
    body = [row for row in rows[1:] if any(parse_cell(c.text) for c in row[2:])]
    if len(body) < 2:
        return None
    table = Table()
    last_line = rows[-1][-1].line.number
    for row in rows:
        label_line = row[1].line if len(row) > 1 and row is not rows[0] else row[0].line
        cells_text = [c.text for c in row]
        table.rows.append(
            Block(
                BlockKind.ROW,
                label_line,
                "\t".join(cells_text),
                0,
                cells=cells_text,
                section=sections.get(label_line.number, ()),
            )
        )
    taken = {line.number for line in window if line.number <= last_line}
    return table, taken


def _is_row_number(cell: _Cell, row: list[_Cell]) -> bool:
    """Is the last cell of a row the next row's number (a row number, or an empty cell after its values)?"""
    return (bool(_ROW_NUMBER.match(cell.text)) and "." not in cell.text and "," not in cell.text) or (
        not cell.text and len(row) > 2
    )
