"""Page layout from a page image and Tesseract's words: ruled tables as tab rows, the rest as text lines.

Ink is what is darker than Otsu's threshold. A tilted page is straightened at the angle whose rows of ink
line up most sharply; a page whose columns line up more sharply than its rows lies on its side. Ruling
lines are long straight runs of ink: a row-wise (column-wise for vertical rules) opening with a run of a
fortieth of the page keeps them and drops letters. Horizontal and vertical rules that cross make a table;
the distinct rule positions make its grid, and neighbouring grid cells are one (merged) cell when no rule
separates them; its text goes to the merged cell's top-left position, as pdfplumber reports a text layer's
merged cells. Rules are erased, and each cell is cut out and stacked with the others (``Mosaic``) to be
recognised apart from its neighbours. The mean width of a line's strokes tells bold from regular."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

_DARK = (96, 200)  # bounds of the grey level below which a pixel is ink (Otsu's threshold, clamped)
_SKEW = 3.0  # degrees: the largest tilt of a scanned page that is straightened
_SKEW_STEP = 0.1
_SIDEWAYS = 1.5  # how much sharper the columns' profile must be than the rows' for a page turned on its side
_MOSAIC_SIDE = 30_000  # pixels: Tesseract refuses images with a side of 32,767 or more
_RULE_SHARE = 40  # a rule is at least 1/40 of the page's width (horizontal) or height (vertical)
_COVER = 0.6  # share of a cell's side a rule must cover to separate two cells


@dataclass(slots=True)
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line)
    confidence: float = 100.0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


@dataclass(slots=True)
class TextBox:
    """A line of text or a table (``rows``) with its box in pixels."""

    left: int
    top: int
    right: int
    bottom: int
    text: str = ""
    rows: list[str] | None = None


@dataclass(slots=True)
class _Segment:
    start: int  # across the rule: first and last pixel row (horizontal) or column (vertical)
    end: int
    low: int  # along the rule
    high: int

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


@dataclass(slots=True)
class Grid:
    ys: list[float]
    xs: list[float]
    anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # grid cell -> merged cell

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _opening(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels of ``mask`` on a row-wise run of at least ``length`` dark pixels."""
    height, width = mask.shape
    if width < length:
        return np.zeros_like(mask)
    sums = np.zeros((height, width + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=sums[:, 1:])
    full = (sums[:, length:] - sums[:, :-length]) == length  # a run starts here
    starts = np.zeros((height, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    columns = np.arange(width)
    high = np.minimum(columns, width - length) + 1
    low = np.maximum(columns - length + 1, 0)
    return (starts[:, high] - starts[:, low]) > 0


def _segments(mask: np.ndarray) -> list[_Segment]:
    """Row-wise runs of ``mask`` joined with the overlapping runs of the rows next to them."""
    done: list[_Segment] = []
    open_: list[_Segment] = []
    for row in np.flatnonzero(mask.any(axis=1)):
        edges = np.diff(np.concatenate(([0], mask[row].astype(np.int8), [0])))
        runs = list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True))
        still: list[_Segment] = []
        for low, high in runs:
            match = next((s for s in open_ if s.end >= row - 1 and s.low <= high and low <= s.high), None)
            if match:
                match.end, match.low, match.high = int(row), min(match.low, int(low)), max(match.high, int(high))
                if match not in still:
                    still.append(match)
            else:
                still.append(_Segment(int(row), int(row), int(low), int(high)))
        done.extend(s for s in open_ if s not in still)
        open_ = still
    return done + open_


def _cluster(values: list[float], tolerance: float) -> list[float]:
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] <= tolerance:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(group) / len(group) for group in out]


def _find(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


def _grids(horizontal: list[_Segment], vertical: list[_Segment], tolerance: int) -> list[tuple[list, list]]:
    """Groups of crossing rules, each with at least two rules either way."""
    parent = list(range(len(horizontal) + len(vertical)))
    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            crosses = (v.low - tolerance <= h.middle <= v.high + tolerance
                       and h.low - tolerance <= v.middle <= h.high + tolerance)
            if crosses:
                parent[_find(parent, i)] = _find(parent, len(horizontal) + j)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(_find(parent, i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(_find(parent, len(horizontal) + j), ([], []))[1].append(v)
    return [(hs, vs) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 2]


def _covered(mask: np.ndarray, across: float, low: float, high: float, tolerance: int) -> bool:
    """Whether ``mask`` (rules as rows) has a rule near row ``across`` over most of ``low..high``."""
    inset = (high - low) * 0.15
    band = mask[max(0, int(across) - tolerance) : int(across) + tolerance + 1, int(low + inset) : int(high - inset) + 1]
    return band.size > 0 and band.any(axis=0).mean() >= _COVER


def ink_mask(image: Image.Image) -> np.ndarray:
    """Dark pixels of a greyscale page, split from the paper at Otsu's threshold."""
    pixels = np.asarray(image.convert("L"))
    counts = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    below = np.cumsum(counts)
    mass = np.cumsum(counts * levels)
    above = below[-1] - below
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mass[-1] * below - mass * below[-1]) ** 2 / (below * above)  # between-class variance
    threshold = int(np.nan_to_num(between, nan=0.0, posinf=0.0).argmax())
    return pixels < min(max(threshold, _DARK[0]), _DARK[1])


def _sharpness(inverted: Image.Image, angle: float) -> float:
    rows = np.asarray(inverted.rotate(angle, resample=Image.Resampling.BILINEAR)).sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def sideways(image: Image.Image) -> bool:
    """Whether the page's lines of text run down rather than across: its columns line up more sharply.

    Table rules are taken out first, as a table's long vertical rules would outweigh its text."""
    small = image.convert("L").reduce(4) if min(image.size) >= 800 else image.convert("L")
    ink = ink_mask(small)
    height, width = ink.shape
    text = ink & ~_opening(ink, max(5, width // _RULE_SHARE)) & ~_opening(ink.T, max(5, height // _RULE_SHARE)).T
    inverted = Image.fromarray((text * 255).astype(np.uint8))
    return _sharpness(inverted.transpose(Image.Transpose.TRANSPOSE), 0.0) > _SIDEWAYS * _sharpness(inverted, 0.0)


def deskew(image: Image.Image) -> Image.Image:
    """The page turned straight: the tilt whose rows of ink line up most sharply (a projection profile),
    searched in half degrees, then in tenths around the best."""
    small = image.convert("L").reduce(4) if min(image.size) >= 800 else image.convert("L")
    inverted = Image.fromarray((ink_mask(small) * 255).astype(np.uint8))
    coarse = max(np.arange(-_SKEW, _SKEW + 0.25, 0.5), key=lambda angle: _sharpness(inverted, float(angle)))
    fine = np.arange(coarse - 0.4, coarse + 0.45, _SKEW_STEP)
    best = float(max(fine, key=lambda angle: _sharpness(inverted, float(angle))))
    if abs(best) < _SKEW_STEP * 1.5:
        return image
    return image.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255)


def stroke(ink: np.ndarray, box: TextBox) -> float:
    """Mean length of the horizontal runs of ink in ``box``: about the width of a letter's stems."""
    area = ink[box.top : box.bottom, box.left : box.right]
    if area.size == 0:
        return 0.0
    starts = np.count_nonzero(area[:, 1:] & ~area[:, :-1]) + np.count_nonzero(area[:, 0])
    return float(area.sum()) / starts if starts else 0.0


def find_tables(ink: np.ndarray) -> tuple[list[Grid], np.ndarray]:
    """Ruled tables of a page's ink, and the mask of all rules found (to erase them)."""
    height, width = ink.shape
    across = _opening(ink, max(20, width // _RULE_SHARE))
    down = _opening(ink.T, max(20, height // _RULE_SHARE)).T
    tolerance = max(3, width // 300)
    grids: list[Grid] = []
    for hs, vs in _grids(_segments(across), _segments(down.T), tolerance):
        ys = _cluster([h.middle for h in hs], tolerance * 2)
        xs = _cluster([v.middle for v in vs], tolerance * 2)
        if len(ys) < 2 or len(xs) < 2 or len(ys) + len(xs) < 5:
            continue  # a frame around a single box of text is no table
        grid = Grid(ys, xs)
        rows, columns = len(ys) - 1, len(xs) - 1
        parent = list(range(rows * columns))
        for r in range(rows):
            for c in range(columns):
                if c + 1 < columns and not _covered(down.T, xs[c + 1], ys[r], ys[r + 1], tolerance):
                    parent[_find(parent, r * columns + c + 1)] = _find(parent, r * columns + c)
                if r + 1 < rows and not _covered(across, ys[r + 1], xs[c], xs[c + 1], tolerance):
                    parent[_find(parent, (r + 1) * columns + c)] = _find(parent, r * columns + c)
        members: dict[int, list[tuple[int, int]]] = {}
        for r in range(rows):
            for c in range(columns):
                members.setdefault(_find(parent, r * columns + c), []).append((r, c))
        for cells in members.values():
            top_left = min(cells)
            for cell in cells:
                grid.anchor[cell] = top_left
        grids.append(grid)
    return grids, across | down


def erase(image: Image.Image, rules: np.ndarray, grids: list[Grid]) -> tuple[Image.Image, Image.Image]:
    """The page without its rules (a pixel's width around them too), and that page with its tables blanked."""
    pixels = np.array(image.convert("L"))
    grown = rules.copy()
    grown[1:, :] |= rules[:-1, :]
    grown[:-1, :] |= rules[1:, :]
    grown[:, 1:] |= rules[:, :-1]
    grown[:, :-1] |= rules[:, 1:]
    pixels[grown] = 255
    clean = Image.fromarray(pixels.copy())
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        pixels[int(y0) : int(y1) + 1, int(x0) : int(x1) + 1] = 255
    return clean, Image.fromarray(pixels)


Cell = tuple[int, tuple[int, int]]  # (table, merged cell's top-left grid position)


@dataclass(slots=True)
class Mosaic:
    """Table cells of a page cut out and stacked, white between, to be recognised in one call.

    Tesseract reads a stack of clean cells much better than cells among rules and columns, and one call per
    stack costs far less than one per cell. A stack stays under Tesseract's largest image side.
    """

    image: Image.Image
    bands: list[tuple[int, Cell]]  # each crop's top, less half a gap, and its cell
    gap: int

    @classmethod
    def build(cls, clean: Image.Image, grids: list[Grid]) -> list[Mosaic]:
        gap = max(24, clean.width // _RULE_SHARE)
        inset = max(2, clean.width // 800)
        stacks: list[list[tuple[Cell, Image.Image]]] = [[]]
        height = gap
        for index, grid in enumerate(grids):
            spans: dict[tuple[int, int], tuple[int, int]] = {}
            for cell, anchor in grid.anchor.items():
                end = spans.get(anchor, anchor)
                spans[anchor] = (max(end[0], cell[0]), max(end[1], cell[1]))
            for (r, c), (r1, c1) in sorted(spans.items()):
                box = (int(grid.xs[c]) + inset, int(grid.ys[r]) + inset,
                       int(grid.xs[c1 + 1]) - inset, int(grid.ys[r1 + 1]) - inset)
                if box[2] <= box[0] or box[3] <= box[1]:
                    continue
                if height + box[3] - box[1] + gap > _MOSAIC_SIDE and stacks[-1]:
                    stacks.append([])
                    height = gap
                stacks[-1].append(((index, (r, c)), clean.crop(box)))
                height += box[3] - box[1] + gap
        return [cls._paste(stack, gap) for stack in stacks if stack]

    @classmethod
    def _paste(cls, crops: list[tuple[Cell, Image.Image]], gap: int) -> Mosaic:
        width = max(crop.width for _, crop in crops) + 2 * gap
        image = Image.new("L", (width, sum(crop.height + gap for _, crop in crops) + gap), 255)
        bands: list[tuple[int, Cell]] = []
        top = gap
        for cell, crop in crops:
            image.paste(crop, (gap, top))
            bands.append((top - gap // 2, cell))
            top += crop.height + gap
        return cls(image, bands, gap)

    def cells(self, words: list[Word]) -> dict[Cell, list[Word]]:
        """The words recognised on the mosaic, by the cell each came from."""
        tops = [top for top, _ in self.bands]
        found: dict[Cell, list[Word]] = {}
        for word in words:
            index = bisect_right(tops, word.centre[1]) - 1
            if index >= 0:
                found.setdefault(self.bands[index][1], []).append(word)
        return found


def tables(grids: list[Grid], cells: dict[Cell, list[Word]], min_width: float) -> list[TextBox]:
    """Each grid's rows from the words of its cells."""
    boxes = []
    for index, grid in enumerate(grids):
        texts = {cell: _cell_text(words) for (table, cell), words in cells.items() if table == index}
        rows = _rows(grid, texts, min_width)
        if rows:
            x0, y0, x1, y1 = grid.box
            boxes.append(TextBox(int(x0), int(y0), int(x1), int(y1), rows=rows))
    return boxes


def words_from_data(data: dict[str, list]) -> list[Word]:
    """Words of ``pytesseract.image_to_data(..., output_type=DICT)``."""
    words: list[Word] = []
    for index, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or float(data["conf"][index]) < 0:
            continue
        left, top = int(data["left"][index]), int(data["top"][index])
        key = (int(data["block_num"][index]), int(data["par_num"][index]), int(data["line_num"][index]))
        right, bottom = left + int(data["width"][index]), top + int(data["height"][index])
        words.append(Word(text, left, top, right, bottom, key, float(data["conf"][index])))
    return words


def _cell_text(words: list[Word]) -> str:
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    ordered = sorted(lines.values(), key=lambda line: min(w.top for w in line))
    return " ".join(" ".join(w.text for w in sorted(line, key=lambda w: w.left)) for line in ordered)


def _rows(grid: Grid, texts: dict[tuple[int, int], str], min_width: float) -> list[str]:
    """The grid's rows as tab-separated cells; empty rows and narrow empty columns are left out."""
    rows, columns = len(grid.ys) - 1, len(grid.xs) - 1
    table = [[texts.get((r, c), "") for c in range(columns)] for r in range(rows)]
    used = [c for c in range(columns)
            if any(row[c] for row in table) or grid.xs[c + 1] - grid.xs[c] >= min_width]
    out = ["\t".join(row[c] for c in used) for row in table if any(row)]
    return [row + "\t" for row in out] if len(used) == 1 else out


def text_lines(words: list[Word]) -> list[TextBox]:
    """Tesseract's text lines, each with its box."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    boxes = []
    for line in lines.values():
        line.sort(key=lambda w: w.left)
        boxes.append(TextBox(line[0].left, min(w.top for w in line), max(w.right for w in line),
                             max(w.bottom for w in line), " ".join(w.text for w in line)))
    return boxes
