"""Tables of figures as citable rows that keep their column headings.

A budget line printed from a spreadsheet reads, as text, "Clerk's Salary 3,500 3,421 3,500": the
figures are there but not what they are. Here each row of figures is written out with the
headings of its columns, "Clerk's Salary | Budget 2017-18: 3,500 | Spent 2017-18: 3,421 |
Budget 2018-19: 3,500", so a figure can be found by what it is and quoted with its row and column.

Tables that other formats set out as rows (a Word, web page, Markdown or plain-text pipe table)
say which cells are which: there the first row heads the columns, and each later row is written
out in the same form by `headed_rows`.

A PDF page's input is its text runs with their positions (PDF points, y rising up the page).
Rows are runs on one baseline; a table is a stretch of rows of figures; its columns are where
the figures' right edges line up (figures are set flush right); its headings are the lines of
words just above the first row of figures, each word under the column it sits over. A heading
line with fewer words than columns (a year over each "Budget | Spent" pair) is used only when
it divides the columns into equal groups; otherwise it is left out, rather than risk a wrong
heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefbot.ingest.positions import Run, lines_of

_FIGURE = re.compile(
    r"^[(\-–−]?\s*[£$€]?\s*[(\-–−]?\d[\d,]*(?:\.\d+)?\s*[)%kmKM]?\)?$|^[-–—]$|^nil$", re.IGNORECASE
)
_YEAR = re.compile(r"^(?:19|20)\d\d(?:\s*[/-]\s*(?:\d\d|\d{4}))?$")  # "2017-18": a heading
_DIGIT = re.compile(r"\d")
_COUNT = re.compile(r"\d{1,4}")
_ALIGN = 6.0  # points: right edges this close are one column
_HEADING_LINES = 6
_HEADING_WORDS = 4
_LABEL_WORDS = 12
MIN_ROWS = 3
_DENSITY = 0.5
MAX_SPAN = 1000  # columns a merged cell may span (browsers' limit for colspan; Word's is 63)


def is_figure(text: str) -> bool:
    """A cell holding an amount, a count or a dash; not a year, which heads a column."""
    text = text.strip()
    return bool(_FIGURE.match(text)) and not _YEAR.match(text)


def _is_row(line: list[Run]) -> bool:
    """A row of a table: two or more figures, and no more than a label's words besides."""
    figures = sum(1 for run in line if is_figure(run.text) and _DIGIT.search(run.text))
    words = sum(len(run.text.split()) for run in line if not is_figure(run.text))
    return figures >= 2 and words <= _LABEL_WORDS


def _columns(rows: list[list[Run]]) -> list[tuple[float, float]]:
    """The columns' spans (left, right), from the right edges where the figures of at least
    two rows line up."""
    edges = sorted((run.right, run.left) for row in rows for run in row if is_figure(run.text))
    columns: list[list[tuple[float, float]]] = []
    for right, left in edges:
        if columns and right - columns[-1][-1][0] <= _ALIGN:
            columns[-1].append((right, left))
        else:
            columns.append([(right, left)])
    return [
        (min(left for _, left in c), max(right for right, _ in c)) for c in columns if len(c) >= 2
    ]


def _column_of(run: Run, columns: list[tuple[float, float]]) -> int | None:
    """The column a run sits in or over: the most overlap, else the nearest right edge."""
    overlaps = [min(run.right, right) - max(run.left, left) for left, right in columns]
    best = max(range(len(columns)), key=overlaps.__getitem__)
    if overlaps[best] > 0:
        return best
    nearest = min(range(len(columns)), key=lambda i: abs(columns[i][1] - run.right))
    return nearest if abs(columns[nearest][1] - run.right) <= _ALIGN * 2 else None


def _spanning(line: list[Run], columns: list[tuple[float, float]]) -> list[str] | None:
    """A heading over groups of columns (a year over each "Budget | Spent" pair): each column's
    share of it, or None when its reach would be a guess. Either each word sits centred over an
    equal group of columns, or (headings set flush left) each starts where a column starts,
    the first over the first column, and reaches to the next word's column."""
    if len(columns) % len(line) == 0:
        size = len(columns) // len(line)
        groups = [columns[k * size : (k + 1) * size] for k in range(len(line))]
        if all(
            abs((group[0][0] + group[-1][1]) / 2 - run.middle_x) <= _ALIGN * 2
            for group, run in zip(groups, line, strict=True)
        ):
            return [line[c // size].text.strip() for c in range(len(columns))]
    anchors = [
        next((c for c, (left, _) in enumerate(columns) if abs(left - run.left) <= _ALIGN), -1)
        for run in line
    ]
    if anchors[0] != 0 or anchors != sorted(set(anchors)):
        return None
    bounds = [*anchors, len(columns)]
    return [line[k].text.strip() for k in range(len(line)) for _ in range(bounds[k], bounds[k + 1])]


Box = tuple[float, float, float, float]  # a filled or ruled cell drawn on the page: l, b, r, t


def _boxed(
    line: list[Run], columns: list[tuple[float, float]], boxes: list[Box]
) -> list[str] | None:
    """A heading over groups of columns whose words sit in drawn cells (a spreadsheet's shaded
    header): each word reaches over the columns under its cell; a word in no cell takes the
    columns no cell reaches, where it is the only such word over them. None when no word sits
    in a cell, or when a column's heading would be a guess."""
    middles = [(left + right) / 2 for left, right in columns]
    shares: list[str | None] = [None] * len(columns)
    loose: list[Run] = []
    for run in line:
        inside = [
            b
            for b in boxes
            if b[0] - 1 <= run.left and run.right <= b[2] + 1 and b[1] - 1 <= run.middle <= b[3] + 1
        ]
        if not inside:
            loose.append(run)
            continue
        left, _, right, _ = min(inside, key=lambda b: b[2] - b[0])
        for column, middle in enumerate(middles):
            if left <= middle <= right:
                if shares[column] is not None:
                    return None
                shares[column] = run.text.strip()
    if len(loose) == len(line):
        return None
    free = [c for c, share in enumerate(shares) if share is None]
    runs_of_free: list[list[int]] = []
    for column in free:
        if runs_of_free and runs_of_free[-1][-1] == column - 1:
            runs_of_free[-1].append(column)
        else:
            runs_of_free.append([column])
    for group in runs_of_free:
        low, high = columns[group[0]][0], columns[group[-1]][1]
        over = [r for r in loose if r.right > low - _ALIGN * 4 and r.left < high + _ALIGN * 4]
        if len(over) > 1:
            return None
        if not over:
            continue  # no heading over these columns in this line
        for column in group:
            shares[column] = over[0].text.strip()
    return [share or "" for share in shares]


def _headings(
    above: list[list[Run]],
    columns: list[tuple[float, float]],
    boxes: list[Box],
) -> list[str]:
    """Each column's heading: the words over it in the heading lines, top line first. A line
    whose words sit over neighbouring columns, one each (and perhaps over columns left empty),
    is read word by column, and widens the columns to its words; a line whose words skip
    columns heads groups of them, and is read only as `_spanning` allows."""
    parts: list[list[str]] = [[] for _ in columns]
    spans = list(columns)
    full: list[tuple[list[Run], list[int | None]]] = []
    for line in above:
        words = [run for run in line if run.right > columns[0][0] - _ALIGN]
        placed = [_column_of(run, columns) for run in words]
        found = sorted(c for c in placed if c is not None)
        over = [
            sum(1 for left, right in columns if run.left < right and left < run.right)
            for run in words
        ]
        contiguous = bool(found) and found == list(range(found[0], found[0] + len(found)))
        outside = all(  # a word over no column must head an empty one, beyond the figures
            column is not None or run.left >= columns[-1][1] or run.right <= columns[0][0]
            for run, column in zip(words, placed, strict=True)
        )
        if contiguous and outside and max(over) <= 1:
            full.append((words, placed))
            for run, column in zip(words, placed, strict=True):
                if column is not None:
                    left, right = spans[column]
                    spans[column] = (min(left, run.left), max(right, run.right))
    for line in above:
        words = [run for run in line if run.right > columns[0][0] - _ALIGN]
        placed_line = next((placed for w, placed in full if w == words), None)
        if placed_line is not None:
            for run, column in zip(words, placed_line, strict=True):
                if column is not None:
                    parts[column].append(run.text.strip())
        elif len(words) >= 2:  # one word alone over several columns says nothing of its reach
            shares = _boxed(words, spans, boxes) or _spanning(words, spans) or []
            for column, share in enumerate(shares):
                if share:
                    parts[column].append(share)
    return [" ".join(p) for p in parts]


def _not_heading(text: str) -> bool:
    """Figures, or a sentence ("These were received and noted."): not a column's heading."""
    text = text.strip()
    return is_figure(text) or len(text.split()) > _HEADING_WORDS or text.endswith(".")


def _heading_lines(lines: list[list[Run]], first: int) -> list[list[Run]]:
    """The lines of words set close above a table's first row (top line first)."""
    above: list[list[Run]] = []
    below = lines[first]
    for line in reversed(lines[max(0, first - _HEADING_LINES) : first]):
        height = max(run.top - run.bottom for run in line)
        if min(run.bottom for run in below) - max(run.top for run in line) > 2.5 * height:
            break  # a gap: what is above it is not the table's
        if any(_not_heading(run.text) for run in line):
            break  # figures, or a sentence: the caption or the text before the table
        above.insert(0, line)
        below = line
    return above


def _density(rows: list[list[Run]], columns: list[tuple[float, float]]) -> float:
    """The share of a table's cells that hold a figure: a table is dense; figures that happen to
    line up in running text are not."""
    filled = sum(
        1
        for row in rows
        for run in row
        if is_figure(run.text) and _column_of(run, columns) is not None
    )
    return filled / (len(rows) * len(columns))


def render_row(label: str, cells: list[tuple[str, str]]) -> str:
    """'Label | Heading: value | value': a row with each figure's column heading."""
    parts = [label] if label else []
    parts += [f"{heading}: {value}" if heading else value for heading, value in cells]
    return " | ".join(parts)


@dataclass(frozen=True)
class Cell:
    """A cell of a table set out as rows: its text, and the columns of the table's grid it
    spans (a Word or web page cell may be merged across several). A cell merged down rows is
    in each of them, its text with it (`merged_down` below its first): a row written with its
    headings then still says what it is ("Adults | 2025-26: £5.1m" under "Adults" merged down
    two years), while a row written as it is says it once."""

    text: str
    column: int
    span: int = 1
    merged_down: bool = False


def cell_span(count: str | None) -> int:
    """The columns a merged cell spans, from its markup's count (Word's gridSpan, a web page's
    colspan): a whole number up to MAX_SPAN, else 1."""
    found = _COUNT.fullmatch((count or "").strip())
    return min(max(int(found.group()), 1), MAX_SPAN) if found else 1


def row_cells(texts: list[str]) -> list[Cell]:
    """A row holding one cell per column (a Markdown or pipe table's)."""
    return [Cell(text, column) for column, text in enumerate(texts)]


def row_text(row: list[Cell]) -> str:
    """A row as it is: its cells that hold text, joined with " | " (a cell merged down from
    the row above is said there)."""
    return " | ".join(cell.text for cell in row if cell.text and not cell.merged_down)


def merged_down(cell: Cell, column: int) -> Cell:
    """A cell merged down from the row above, as it stands in this row."""
    return Cell(cell.text, column, cell.span, merged_down=True)


def headed_rows(rows: list[list[Cell]]) -> list[str] | None:
    """A table's rows as text, when its first row heads its columns: the header row as it is,
    and each row below by `render_row`, its first column's cell the label and every other cell
    with its column's heading (an empty cell left out). None when the first row is no header."""
    headings = _column_headings(rows)
    if headings is None:
        return None
    written = [row_text(rows[0])]
    for row in rows[1:]:
        label = next((cell.text for cell in row if cell.column == 0), "")
        cells = [
            (_heading_of(cell, headings), cell.text)
            for cell in row
            if cell.column > 0 and cell.text
        ]
        written.append(render_row(label, cells))
    return written


def _column_headings(rows: list[list[Cell]]) -> list[str] | None:
    """Each grid column's heading from the first row: its cell's words, not a figure. None when
    the table has no row below it, when the first row is a record's fields ("Decision maker:",
    "Yeas:") rather than headings, when it heads no column beyond the labels', or when, with two
    columns, the second holds words below it rather than figures ("Report of | Director of
    Finance" is a field and its value, not a column of figures under a heading)."""
    width = max((cell.column + cell.span for row in rows for cell in row), default=0)
    if len(rows) < 2 or width < 2 or any(cell.text.endswith(":") for cell in rows[0]):
        return None
    headings = [""] * width
    for cell in rows[0]:
        if not is_figure(cell.text):
            headings[cell.column : cell.column + cell.span] = [cell.text] * cell.span
    if not any(headings[1:]):
        return None
    if width == 2:
        values = [cell.text for row in rows[1:] for cell in row if cell.column == 1 and cell.text]
        if not values or 2 * sum(map(is_figure, values)) < len(values):
            return None
    return headings


def _heading_of(cell: Cell, headings: list[str]) -> str:
    """A cell's heading: its column's, or, for a cell merged across columns, theirs when they
    share it; none where that would be a guess."""
    spanned = set(headings[cell.column : cell.column + cell.span])
    return spanned.pop() if len(spanned) == 1 else ""


def row_key(text: str) -> str:
    """A row's text without its spacing, which a page's text and its runs may set differently."""
    return "".join(text.split())


def table_rows(runs: list[Run], boxes: list[Box] | None = None) -> dict[str, str]:
    """For each row of figures on a page, its `row_key` mapped to the row written out with its
    headings."""
    lines = lines_of([run for run in runs if run.text.strip()])
    rendered: dict[str, str] = {}
    index = 0
    while index < len(lines):
        if not _is_row(lines[index]):
            index += 1
            continue
        first = index
        rows: list[list[Run]] = []
        while index < len(lines) and (_is_row(lines[index]) or len(lines[index]) == 1):
            if _is_row(lines[index]):
                rows.append(lines[index])
            index += 1
        columns = _columns(rows)
        if len(rows) < MIN_ROWS or len(columns) < 2 or _density(rows, columns) < _DENSITY:
            continue
        headings = _headings(_heading_lines(lines, first), columns, boxes or [])
        for row in rows:
            label = " ".join(run.text.strip() for run in row if not is_figure(run.text))
            cells = []
            for run in row:
                if is_figure(run.text):
                    column = _column_of(run, columns)
                    heading = headings[column] if column is not None else ""
                    cells.append((heading, run.text.strip()))
            if any(heading for heading, _ in cells):
                key = row_key(" ".join(run.text for run in row))
                rendered[key] = render_row(label, cells)
    return rendered
