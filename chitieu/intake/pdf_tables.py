"""Tables without ruling lines, recovered from word positions (pages where pdfplumber finds no ruled table).

A Word table printed without borders is, in the PDF, only words in columns. The page's words
(``page.extract_words``) are grouped into lines, and each line into segments where the space between two words is
wider than ``_GAP`` font heights. Guards keep running text out:

- a line with a segment wider than half the text block is prose and ends a run of lines, as does a blank of
  ``_BREAK`` line heights; a run needs a line of ``_MIN_SEGMENTS`` segments;
- columns are the vertical bands that no line of the body crosses (the body starts at the first line with two
  numbers; header cells spanning columns count only where they cross no band), and there must be
  ``_MIN_COLUMNS`` of them;
- at least ``_MIN_FULL_ROWS`` rows must have ``_MIN_SEGMENTS`` cells, and some segment must be a number alone.
  A part cut by the page's end (or going on at the next page's top, with the same columns) needs one full row.

A segment goes to the column where it starts, so a header spanning several columns stays whole in its first
one, as the ruled reader gives it. Within a column, a segment directly under the previous one (the gap is less
than ``_WRAP`` line heights) continues that cell; a segment after a larger gap starts a new cell, and the cells
that start at the same height make a row, so vertically merged header cells stay in their row. When no line
of the run is followed by a larger gap (a table without row spacing), every line is a row.

Why not pdfplumber's text strategy (``{"vertical_strategy": "text", "horizontal_strategy": "text"}``)? Measured on
the Bắc Kạn report printed from a borderless Word table (78 pages): it finds a "table" on every prose page, with
edges that cut words in two ("Văn kiện mẫ" | "u để ki"), makes each wrapped line of a cell its own row, and
costs 0.14 to 0.26 s per page, more than reading the whole page takes. This module uses pdfplumber's word grouping
and costs about 9 ms per page (6 % of reading that PDF).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pdfplumber

_GAP = 0.55  # in font heights: a space wider than this between two words separates two cells
_PROSE = 0.5  # a segment wider than this share of the text block is running text
_BREAK = 1.6  # in line heights: a vertical blank wider than this ends a table
_WRAP = 0.6  # in line heights: a segment this close under the one above continues its cell
_SPAN = 2.5  # a header segment this many times the median one may span columns
_MIN_SEGMENTS = 3  # cells of a full row
_MIN_FULL_ROWS = 2
_MIN_SPLIT_LINES = 3  # lines of more than one cell in a table part at a page's foot
_MIN_COLUMNS = 3
_MIN_NUMBERS = 1  # segments that are a number
_SHORT = 12  # lines
_FOOT = 0.75  # a table ending below this share of the page's height may go on on the next page
_NUMBER = re.compile(r"^[<>≤≥~+\-–—(]*\s*\d[\d.,]*\s*(?:%|[-–—]\s*\d[\d.,]*)?\s*[)]?$")


@dataclass(slots=True)
class Segment:
    """Words of one line with no wide space between them."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(slots=True)
class UnruledTable:
    """A recovered table: its box (x0, top, x1, bottom) in points and its rows as tab-separated cells."""

    bbox: tuple[float, float, float, float]
    rows: list[str]
    lines: list[list[Segment]] = field(default_factory=list, repr=False)  # what the rows were made of
    spaced: bool = False


def _lines(page: pdfplumber.page.Page) -> list[list[Segment]]:
    """The page's words as lines (top to bottom) of segments (left to right)."""
    words = page.extract_words(use_text_flow=False)
    words.sort(key=lambda word: (round(word["bottom"]), word["x0"]))
    rows: list[list[dict]] = []
    for word in words:
        if rows and abs(rows[-1][0]["bottom"] - word["bottom"]) <= 2:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[list[Segment]] = []
    for row in rows:
        row.sort(key=lambda word: word["x0"])
        segments: list[Segment] = []
        for word in row:
            height = word["bottom"] - word["top"]
            last = segments[-1] if segments else None
            if last is not None and word["x0"] - last.x1 <= _GAP * height:
                last.x1 = max(last.x1, word["x1"])
                last.top, last.bottom = min(last.top, word["top"]), max(last.bottom, word["bottom"])
                last.text += " " + word["text"]
            else:
                segments.append(Segment(word["x0"], word["x1"], word["top"], word["bottom"], word["text"]))
        lines.append(segments)
    lines.sort(key=lambda line: min(segment.top for segment in line))
    return lines


def _runs(lines: list[list[Segment]]) -> list[list[list[Segment]]]:
    """Runs of lines that are not prose and not far apart: the candidates for a table."""
    if not lines:
        return []
    left = min(segment.x0 for line in lines for segment in line)
    right = max(segment.x1 for line in lines for segment in line)
    width = max(right - left, 1.0)
    runs: list[list[list[Segment]]] = []
    current: list[list[Segment]] = []
    previous_bottom = None
    for line in lines:
        top = min(segment.top for segment in line)
        height = max(segment.bottom for segment in line) - top
        prose = any(segment.x1 - segment.x0 > _PROSE * width for segment in line)
        far = previous_bottom is not None and top - previous_bottom > _BREAK * height
        if prose or far:
            if current:
                runs.append(current)
            current = []
        if not prose:
            current.append(line)
        previous_bottom = max(segment.bottom for segment in line)
    if current:
        runs.append(current)
    return [run for run in runs if sum(len(line) >= _MIN_SEGMENTS for line in run) >= 1]


def _cover(segments: list[Segment], left: int, right: int) -> list[int]:
    """How many segments cover each point from ``left`` to ``right``."""
    cover = [0] * (right - left + 1)
    for segment in segments:
        for x in range(max(int(segment.x0) - left, 0), min(int(segment.x1) - left, right - left) + 1):
            cover[x] += 1
    return cover


def _bands(cover: list[int], left: int) -> list[tuple[float, float]]:
    """The uncovered bands between covered points, as (start, end)."""
    bands: list[tuple[float, float]] = []
    start = None
    for x, count in enumerate(cover):
        if count == 0 and start is None:
            start = x
        elif count > 0 and start is not None:
            if start > 0:
                bands.append((left + start, left + x))
            start = None
    return bands


def _separators(run: list[list[Segment]]) -> list[float]:
    """x positions between columns: middles of bands that no line crosses.

    A header cell may span several columns and would close the bands under it. So the body (from the first line
    with two numbers) sets the bands, and a header segment counts only if it crosses none of them. A run without
    such a line counts every segment but those wider than ``_SPAN`` times the median segment.
    """
    first = next((n for n, line in enumerate(run) if sum(map(_numeric, line)) >= 2), len(run))
    everything = [segment for line in run for segment in line]
    left = int(min(segment.x0 for segment in everything))
    right = int(max(segment.x1 for segment in everything)) + 1
    if first < len(run):
        segments = [segment for line in run[first:] for segment in line]
        body = _bands(_cover(segments, left, right), left)
        segments += [
            segment for line in run[:first] for segment in line
            if not any(segment.x0 < start and end < segment.x1 for start, end in body)
        ]
    else:
        widths = sorted(segment.x1 - segment.x0 for segment in everything)
        segments = [segment for segment in everything if segment.x1 - segment.x0 <= _SPAN * widths[len(widths) // 2]]
    return [(start + end) / 2 for start, end in _bands(_cover(segments, left, right), left)]


def _column(segment: Segment, separators: list[float]) -> int:
    return sum(segment.x0 >= separator for separator in separators)


def _trim(run: list[list[Segment]], separators: list[float]) -> list[list[Segment]]:
    """Drop lines at either end that are one segment across several columns (a title, a running header)."""

    def spans(line: list[Segment]) -> bool:
        return len(line) == 1 and sum(line[0].x0 < s < line[0].x1 for s in separators) >= 2

    start, end = 0, len(run)
    while start < end and spans(run[start]):
        start += 1
    while end > start and spans(run[end - 1]):
        end -= 1
    return run[start:end]


def _height(run: list[list[Segment]]) -> float:
    heights = sorted(max(s.bottom for s in line) - min(s.top for s in line) for line in run)
    return heights[len(heights) // 2]


def _spaced(run: list[list[Segment]]) -> bool:
    """Whether some line of the run stands further below the previous one than a wrapped line would."""
    height = _height(run)
    tops = [min(s.top for s in line) for line in run]
    bottoms = [max(s.bottom for s in line) for line in run]
    return any(top - bottom > _WRAP * height for bottom, top in zip(bottoms, tops[1:], strict=False))


def _rows(run: list[list[Segment]], separators: list[float], spaced: bool) -> list[list[str]]:
    """Cells from segments: in a table with spaced rows, a segment close under its column's last one continues
    that cell; otherwise every line is a row."""
    height = _height(run)
    width = len(separators) + 1
    cells: list[tuple[float, int, list[str]]] = []  # (top of the cell's first line, column, texts)
    last: dict[int, tuple[float, list[str]]] = {}  # column -> (bottom of its last segment, its cell's texts)
    for line in run:
        for segment in line:
            column = _column(segment, separators)
            before = last.get(column)
            if spaced and before is not None and segment.top - before[0] <= _WRAP * height:
                before[1].append(segment.text)
                last[column] = (segment.bottom, before[1])
            else:
                texts = [segment.text]
                cells.append((segment.top, column, texts))
                last[column] = (segment.bottom, texts)
    rows: list[list[str]] = []
    row_top: float | None = None
    for top, column, texts in sorted(cells, key=lambda cell: (cell[0], cell[1])):
        if row_top is None or top - row_top > height / 2:
            rows.append([""] * width)
            row_top = top
        cell = rows[-1][column]
        rows[-1][column] = f"{cell} {' '.join(texts)}".strip()
    return rows


def _numeric(segment: Segment) -> bool:
    return bool(_NUMBER.match(segment.text))


def _widen(table: UnruledTable, separators: list[float]) -> None:
    """Make a table's rows again with more columns, in place.

    The rows are the list that ``pdf.py`` keeps in its ``TextLine`` and reads only after the last page.
    """
    table.rows[:] = ["\t".join(row) for row in _rows(table.lines, separators, table.spaced)]


def _carry(table: UnruledTable, rows: list[list[str]]) -> list[list[str]]:
    """Move a first row that is the rest of cells cut by the page into those cells of the last part, in place.

    As ``pdf.py`` does for ruled tables (first cell empty, at most two cells), but each piece goes to the last
    cell of its column, which may be above the last row (a header cell over two rows).
    """
    if not rows or not table.rows or rows[0][0] or sum(bool(cell) for cell in rows[0]) > 2:
        return rows
    grid = [row.split("\t") for row in table.rows]
    if any(len(row) != len(rows[0]) for row in grid):
        return rows
    for column, text in enumerate(rows[0]):
        above = next((row for row in reversed(grid) if row[column]), None)
        if text and above is not None:
            above[column] = f"{above[column]} {text}"
        elif text:
            return rows
    table.rows[:] = ["\t".join(row) for row in grid]
    return rows[1:]


class UnruledTables:
    """The finder for one document: a table going on from the previous page keeps that page's columns (most
    separators of this part lie on the last part's; a column new here is added, empty, to the last part).

    A table part at a page's foot, or going on at the next page's top, needs only one full row. A short run without
    a larger gap between its lines (a header cut by the page's end) takes the spacing of the document's last table.
    """

    def __init__(self) -> None:
        # (page number, separators, table) of a table at a page's foot
        self._last: tuple[int, list[float], UnruledTable] | None = None
        self._spaced = False  # whether the last table found had spaced rows

    def find(self, page: pdfplumber.page.Page) -> list[UnruledTable]:
        """Tables of a page drawn without ruling lines; an empty list for pages of running text."""
        tables: list[UnruledTable] = []
        last, self._last = self._last, None
        previous, last_table = (last[1], last[2]) if last and last[0] == page.page_number - 1 else (None, None)
        for candidate in _runs(_lines(page)):
            separators = _separators(candidate)
            run = _trim(candidate, separators)
            if not run:
                continue
            if len(run) != len(candidate):
                separators = _separators(run)
            going_on = False
            if previous is not None and last_table is not None and not tables:
                tolerance = 2 * _height(run)
                new = [x for x in separators if not any(abs(x - p) <= tolerance for p in previous)]
                if len(separators) - len(new) >= max(2, len(separators) // 2):
                    going_on = True
                    if new:  # this part shows a column that the last one left empty, or ran into another
                        separators += [p for p in previous if not any(abs(x - p) <= tolerance for x in separators)]
                        separators.sort()
                        _widen(last_table, separators)
                    else:
                        separators = previous
            spaced = _spaced(run) or (self._spaced and len(run) <= _SHORT)
            rows = _rows(run, separators, spaced)
            if going_on and last_table is not None:
                rows = _carry(last_table, rows)
            segments = [segment for line in run for segment in line]
            bbox = (
                min(s.x0 for s in segments), min(s.top for s in segments),
                max(s.x1 for s in segments), max(s.bottom for s in segments),
            )
            at_foot = bbox[3] > _FOOT * float(page.height)
            full = sum(sum(bool(cell) for cell in row) >= _MIN_SEGMENTS for row in rows)
            split = sum(len(line) > 1 for line in run)  # lines of more than one cell
            cut = going_on or (at_foot and split >= _MIN_SPLIT_LINES)  # a part of a table cut by the page
            numbers = sum(_numeric(segment) for segment in segments)
            if len(separators) + 1 < _MIN_COLUMNS or full < (1 if cut else _MIN_FULL_ROWS):
                continue
            if numbers < _MIN_NUMBERS and not (at_foot and cut):  # a header alone at a page's foot
                continue
            tables.append(UnruledTable(bbox, ["\t".join(row) for row in rows], run, spaced))
            self._last = (page.page_number, separators, tables[-1]) if at_foot else None
            self._spaced = spaced
        return tables
