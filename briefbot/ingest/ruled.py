"""Ruled tables: cells drawn with lines, read cell by cell.

A statement of persons nominated, a polling-station list or a register printed from a word
processor draws its table with rules, and a cell holds several lines: a candidate's name, home
address and party each wrap inside their own cell, and read as text the page comes out a word
or two a line ("BENTLEY" / "Rhona" / "30 Goldcrest Close, Beechwood, Runcorn," / ...), with no
sign of which words belong together or what they are.

Here the page's rules (thin drawn lines and the edges of outlined boxes; filled shading is no
rule) are joined where they meet, the smallest boxes they close are the cells, and cells that
share corners make a table. A table's first column sets its rows: every cell whose middle lies
beside a first-column cell belongs to that row (a column of assentors ruled line by line sits
beside one candidate). The top row heads the columns, and each later row is written out with
them, as the other tables are ("Name of Candidate: BENTLEY Rhona | Home Address: 30 Goldcrest
Close, Beechwood, Runcorn, WA7 3JT | Description (if any): UK Independence Party"), so a cell's
words are found and quoted with what they are. A table whose cells would cut a word, hold a
column of figures, or are mostly figures is left to the other readers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from briefbot.ingest.positions import Box, Reader, Run, Shape
from briefbot.ingest.tables import is_figure, render_row

_THIN = 2.0  # points: a drawn shape this thin is a rule
_SNAP = 3.0  # points: rules and corners this close are one
_MIN_RULE = 4.0  # points: a rule shorter than this is a dot or a corner piece
_MIN_CELL = 6.0  # points: a box narrower or lower than this holds no text
_MIN_COLUMNS = 2
_FIGURES_IN_CELL = 3  # figures in one cell: the rows of a column of figures, not one cell's
_HEADING_WORDS = 10  # words: a longer cell in the top row is a note, not a column's heading
_MIN_ROWS = 3  # a heading and two rows: a boxed paragraph or a pair of boxes is no table


@dataclass(frozen=True)
class Cell:
    left: float
    bottom: float
    right: float
    top: float

    def holds(self, run: Run) -> bool:
        """Whether a run lies inside the cell, its rules' width allowed: a run that crosses a
        rule is not the cell's (its letters past the rule would be cut off)."""
        return (
            self.left - _SNAP <= run.left
            and run.right <= self.right + _SNAP
            and self.bottom <= run.middle <= self.top
        )


@dataclass
class RuledTable:
    """A ruled table's rows as written out, and the box it covers on the page."""

    rows: list[str]
    left: float
    bottom: float
    right: float
    top: float


Lines = dict[float, list[tuple[float, float]]]  # a line's position -> the spans ruled along it


def _rules(shapes: list[Shape]) -> tuple[Lines, Lines]:
    """The horizontal rules (by height) and the vertical ones (by distance across), each line's
    touching pieces merged. An outlined box's edges are rules too; a filled one is shading, whose
    edges may stand just inside the rules (a heading's band of colour)."""
    flat: list[tuple[float, float, float]] = []
    upright: list[tuple[float, float, float]] = []
    for (left, bottom, right, top), stroked in shapes:
        width, height = right - left, top - bottom
        if height <= _THIN and width >= _MIN_RULE:
            flat.append(((bottom + top) / 2, left, right))
        elif width <= _THIN and height >= _MIN_RULE:
            upright.append(((left + right) / 2, bottom, top))
        elif stroked and width > _THIN and height > _THIN:
            flat += [(bottom, left, right), (top, left, right)]
            upright += [(left, bottom, top), (right, bottom, top)]
    flat_lines, upright_lines = _lines(flat), _lines(upright)
    return flat_lines, _closed(flat_lines, upright_lines)


def _closed(flat: Lines, upright: Lines) -> Lines:
    """The upright rules with the outer sides a table was drawn without (a spreadsheet printed
    with no rule down its last column's outer edge): where horizontal rules end at one place,
    the line through their ends closes the cells between each two of them, wherever a rule
    between the table's columns runs alongside (between two tables stacked one above the other
    none does, and they stay apart)."""
    ends: list[tuple[float, float]] = [
        (at, y) for y, spans in flat.items() for span in spans for at in span
    ]
    closed = {x: list(spans) for x, spans in upright.items()}
    for x in _clustered([at for at, _ in ends]):
        heights = sorted({y for at, y in ends if abs(at - x) <= _SNAP})
        if len(heights) <= _MIN_ROWS:
            continue
        near = [at for at in closed if abs(at - x) <= _SNAP]
        key = near[0] if near else x
        for low, high in zip(heights, heights[1:], strict=False):
            if near and _covers(closed, key, low, high):
                continue
            beside = any(abs(at - x) > _SNAP and _covers(upright, at, low, high) for at in upright)
            if beside:
                closed.setdefault(key, []).append((low, high))
        if key in closed:
            closed[key] = _joined(closed[key])
    return {x: spans for x, spans in closed.items() if spans}


def _joined(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Spans along one line, those that touch made one."""
    out: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + _SNAP:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _lines(rules: list[tuple[float, float, float]]) -> Lines:
    """Rules closer than the snap to one line taken as on it (the line at their mean), and the
    pieces that touch along it joined."""
    groups: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules):
        if groups and rule[0] - groups[-1][-1][0] <= _SNAP:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    lines: Lines = {}
    for group in groups:
        lines[sum(r[0] for r in group) / len(group)] = _joined([(a, b) for _, a, b in group])
    return lines


def _clustered(values: list[float]) -> list[float]:
    """Positions closer than the snap taken as one (their mean)."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= _SNAP:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _covers(lines: Lines, at: float, low: float, high: float) -> bool:
    """Whether one rule on the line `at` runs from `low` to `high`."""
    return any(start <= low + _SNAP and high - _SNAP <= end for start, end in lines[at])


def _cells(flat: Lines, upright: Lines) -> list[Cell]:
    """The smallest boxes the rules close: from each corner where rules meet, the nearest corner
    below it along a rule and the nearest to its right along a rule that close a box."""
    corners = {
        (x, y)
        for x in upright
        for y in flat
        if _covers(upright, x, y, y) and _covers(flat, y, x, x)
    }
    down: dict[float, list[float]] = defaultdict(list)  # x -> corners' heights, top first
    across: dict[float, list[float]] = defaultdict(list)  # y -> corners' positions, left first
    for x, y in sorted(corners, key=lambda c: (-c[1], c[0])):
        down[x].append(y)
        across[y].append(x)
    cells = []
    for x, y in corners:
        found = None
        for low in (h for h in down[x] if h < y):
            if not _covers(upright, x, low, y):
                break
            for far in (w for w in across[y] if w > x):
                if not _covers(flat, y, x, far):
                    break
                if (far, low) in corners and _covers(flat, low, x, far):
                    if _covers(upright, far, low, y):
                        found = Cell(x, low, far, y)
                        break
            if found:
                break
        if found and min(found.right - found.left, found.top - found.bottom) >= _MIN_CELL:
            cells.append(found)
    return cells


def _tables(cells: list[Cell]) -> list[list[Cell]]:
    """Cells that share corners, grouped into tables."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_corner: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, c in enumerate(cells):
        for corner in ((c.left, c.top), (c.right, c.top), (c.left, c.bottom), (c.right, c.bottom)):
            by_corner[corner].append(i)
    for members in by_corner.values():
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    groups: dict[int, list[Cell]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    return list(groups.values())


def _seams(cells: list[Cell], flat: Lines) -> list[list[Cell]]:
    """A group of cells split where two tables stand side by side, touching: at an upright rule
    inside the group where more horizontal rules end than cross (a table's row rules cross every
    rule between its columns; two tables' rules end where they touch, crossing only where two
    of their rows happen to line up)."""
    low, high = min(c.bottom for c in cells) - _SNAP, max(c.top for c in cells) + _SNAP
    spans = [span for y, found in flat.items() if low <= y <= high for span in found]
    for x in _clustered([c.left for c in cells])[1:]:
        crossing = sum(start < x - _SNAP and x + _SNAP < end for start, end in spans)
        ending = sum(abs(start - x) <= _SNAP or abs(end - x) <= _SNAP for start, end in spans)
        if ending <= crossing:
            continue
        left = [c for c in cells if c.right <= x + _SNAP]
        right = [c for c in cells if c.left >= x - _SNAP]
        if left and right and len(left) + len(right) == len(cells):
            return [*_seams(left, flat), *_seams(right, flat)]
    return [cells]


_INSET = 1.0  # points: a cell is read a little inside its rules, clear of its neighbours


def _text(read: Reader, left: float, bottom: float, right: float, top: float) -> str:
    return " ".join(read(left + _INSET, bottom + _INSET, right - _INSET, top - _INSET).split())


def _bands(cells: list[Cell], first: float) -> list[tuple[float, float]]:
    """The table's rows, top first: the first column's cells, and the extent of any cell that
    lies beside none of them (a row whose first cell was drawn without its rules)."""
    bands = [(c.bottom, c.top) for c in cells if abs(c.left - first) <= _SNAP]
    for cell in sorted(cells, key=lambda c: -c.top):
        middle = (cell.bottom + cell.top) / 2
        if not any(bottom <= middle <= top for bottom, top in bands):
            bands.append((cell.bottom, cell.top))
    return sorted(bands, key=lambda band: -band[1])


def _table(cells: list[Cell], runs: list[Run], read: Reader) -> RuledTable | None:
    """A group of cells read as a table of words, or None when it is not one: too few rows or
    columns, mostly figures (the reader of figure tables places those by their alignment), or
    words inside its box that no cell holds."""
    lefts = _clustered([c.left for c in cells])
    first = lefts[0]
    width = min((c.right - c.left for c in cells if abs(c.left - first) <= _SNAP), default=0.0)
    bands = _bands(cells, first)
    if len(lefts) < _MIN_COLUMNS or len(bands) < _MIN_ROWS or not width:
        return None
    box = (
        first,
        min(c.bottom for c in cells),
        max(c.right for c in cells),
        max(c.top for c in cells),
    )
    inside = [r for r in runs if box[0] <= r.middle_x <= box[2] and box[1] <= r.middle <= box[3]]
    rows: list[list[tuple[Cell, str]]] = []
    held: set[Run] = set()
    for bottom, top in bands:
        beside = [c for c in cells if bottom <= (c.bottom + c.top) / 2 <= top]
        if not any(abs(c.left - first) <= _SNAP for c in beside):  # its first cell, undrawn
            beside.append(Cell(first, bottom, first + width, top))
        row = []
        for cell in sorted(beside, key=lambda c: (c.left, -c.top)):
            held.update(r for r in inside if cell.holds(r))
            text = _text(read, cell.left, cell.bottom, cell.right, cell.top)
            if text:
                row.append((cell, text))
        rows.append(row)
    if len(held) < len(inside):
        return None
    body = [text for row in rows[1:] for _, text in row]
    if not body or sum(map(is_figure, body)) * 2 > len(body):
        return None
    if any(sum(map(is_figure, text.split())) >= _FIGURES_IN_CELL for text in body):
        return None  # rows of figures ruled only between columns: a column reads as one cell
    captions = []
    heading_row: list[tuple[Cell, str]] = rows[0]
    if len(rows[0]) == 1 and rows[0][0][0].right - rows[0][0][0].left >= 0.9 * (box[2] - box[0]):
        captions.append(rows[0][0][1])  # one cell across the table: its title, heading no column
        # the row under a title heads the columns when it reads as headings: short names, no
        # figures, no labels ("Amendment Name:" opens a form's pairs of label and answer)
        heading_row = rows[1] if len(rows) > _MIN_ROWS and _headings(rows[1], rows[2:]) else []
        if heading_row:
            rows = rows[1:]
    headings: dict[float, list[str]] = defaultdict(list)  # a cell over several columns heads each
    heading_cells: list[tuple[str, list[float]]] = []
    for cell, text in heading_row:
        if len(text.split()) > _HEADING_WORDS:
            captions.append(text)  # a note set in the heading row, not a column's name
            continue
        over = [left for left in lefts if cell.left - _SNAP <= left < cell.right - _SNAP]
        heading_cells.append((text, over))
        for left in over:
            headings[left].append(text)
    written: list[str] = []
    filled: set[float] = set()
    for row in rows[1:]:
        texts: dict[float, list[str]] = defaultdict(list)
        for cell, text in row:
            texts[min(lefts, key=lambda left: abs(left - cell.left))].append(text)
        filled.update(texts)
        cells_ = [
            (" ".join(headings[left]), "; ".join(texts[left])) for left in lefts if texts[left]
        ]
        alone = cells_[0][1] if len(cells_) == 1 and texts[lefts[0]] and len(lefts) > 1 else ""
        if alone and len(alone.split()) <= 2 and any(ch.isdigit() for ch in alone):
            continue  # a row giving only its first column's year or number says nothing
        if cells_:
            written.append(render_row("", cells_))
    # a heading over columns no row fills ("Done" over boxes left to tick) is kept as a caption
    captions += [text for text, over in heading_cells if not filled & set(over)]
    written = captions + written
    return RuledTable(written, *box)


def _headings(row: list[tuple[Cell, str]], body: list[list[tuple[Cell, str]]]) -> bool:
    """Whether a row reads as the columns' headings of the rows under it: two or more short
    names, none a figure or a label ending in a colon, over rows that give figures (a grid of
    names under a title, a form's labels and answers, is no table with headings)."""
    return (
        len(row) >= _MIN_COLUMNS
        and all(
            len(text.split()) <= _HEADING_WORDS
            and not text.rstrip().endswith(":")
            and not any(map(is_figure, text.split()))
            for _, text in row
        )
        and any(any(map(is_figure, text.split())) for cells in body for _, text in cells)
    )


def ruled_tables(runs: list[Run], shapes: list[Shape], read: Reader) -> list[RuledTable]:
    """The page's ruled tables of words, top first, each row written out with the top row's
    headings. Tables side by side (two spreadsheets pasted onto one slide) are written one after
    the other, the left one first, as one block, when nothing but their cells lies between."""
    flat, upright = _rules(shapes)
    found: list[RuledTable] = []
    groups = (part for group in _tables(_cells(flat, upright)) for part in _seams(group, flat))
    for table in sorted(
        filter(None, (_table(cells, runs, read) for cells in groups)), key=lambda t: t.left
    ):
        beside = [t for t in found if t.bottom < table.top and table.bottom < t.top]
        if not beside:
            found.append(table)
        elif len(beside) == 1 and _side_by_side(beside[0], table, runs):
            found[found.index(beside[0])] = _together(beside[0], table)
    return sorted(found, key=lambda t: -t.top)


def _side_by_side(left: RuledTable, right: RuledTable, runs: list[Run]) -> bool:
    """Whether two tables stand side by side with no text between them or across their
    joint box that neither holds (a heading over both, words between)."""
    if left.right > right.left + _SNAP:
        return False
    box = (left.left, min(left.bottom, right.bottom), right.right, max(left.top, right.top))
    for run in runs:
        if box[0] <= run.middle_x <= box[2] and box[1] <= run.middle <= box[3]:
            inside = [
                t
                for t in (left, right)
                if t.left <= run.middle_x <= t.right and t.bottom <= run.middle <= t.top
            ]
            if not inside:
                return False
    return True


def _together(left: RuledTable, right: RuledTable) -> RuledTable:
    return RuledTable(
        [*left.rows, *right.rows],
        left.left,
        min(left.bottom, right.bottom),
        right.right,
        max(left.top, right.top),
    )


def page_text(tables: list[RuledTable], page: Box, read: Reader) -> str:
    """The page's text with each ruled table written out in its place, a paragraph a row: the
    text above it, beside it (left, then right), its rows, and so on down the page."""
    left, bottom, right, top = page
    parts = []
    for table in tables:
        parts.append(read(left, table.top, right, top))
        parts.append(read(left, table.bottom, table.left, table.top))
        parts += [f"\n{row}\n" for row in table.rows]
        parts.append(read(table.right, table.bottom, right, table.top))
        top = table.bottom
    parts.append(read(left, bottom, right, top))
    return "\n".join(part for part in parts if part.strip())
