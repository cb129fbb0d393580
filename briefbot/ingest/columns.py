"""Pages set in columns, read column by column.

PDFium joins text that shares a baseline into one line, so a newsletter or a council journal
whose columns were drawn line by line across the page reads "The parish council met on Monday to
The footpath by the church will close": two sentences spliced. Here a page's body is looked at
for gutters, the upright strips of white between columns that the lines of a band of the page
leave empty, with prose on both sides; the band is then read a column at a time, left to right,
and what is above and below it (a masthead, a footer) as it was. Tables, whose cells also leave
strips of white, are left alone: their columns hold figures or a few words, not running prose.
"""

from __future__ import annotations

from briefbot.ingest.positions import Reader, Run, lines_of
from briefbot.ingest.tables import is_figure

_GAP = 1.5  # of a line's height: wider than any space between words
MIN_LINES = 5  # lines with prose either side of a gutter, for the gutter to count
_PROSE_WORDS = 5  # words a line of running prose holds, on average
_PROSE_SHARE = 0.6
_FULL = 0.75  # of a column's width: a line of prose runs (nearly) across it
_APART = 40.0  # points: two gutters closer than this are one
MAX_COLUMNS = 4


def _words(runs: list[Run]) -> int:
    return sum(len(run.text.split()) for run in runs)


def _sides(line: list[Run], x: float) -> tuple[list[Run], list[Run]] | None:
    """The line's runs left and right of x, or None if a run crosses x."""
    if any(run.left < x < run.right for run in line):
        return None
    return [r for r in line if r.right <= x], [r for r in line if r.left >= x]


def _prose(lines: list[list[Run]]) -> bool:
    """Whether one side of a band reads as running prose set to a measure: most of its lines
    run the column's width, hold several words, mostly in lower case; a table's cells are
    ragged, short, and capitalised."""
    lines = [line for line in lines if line]
    if len(lines) < MIN_LINES:
        return False
    left = min(run.left for line in lines for run in line)
    width = max(run.right for line in lines for run in line) - left
    full = sum(1 for line in lines if line[-1].right - line[0].left >= _FULL * width)
    words = [w for line in lines for run in line for w in run.text.split()]
    lower = sum(1 for w in words if w[:1].islower())
    return (
        full >= _PROSE_SHARE * len(lines)
        and len(words) >= _PROSE_WORDS * len(lines)
        and lower >= _PROSE_SHARE * len(words)
        and not any(is_figure(run.text) for line in lines for run in line[-1:])
    )


def _band(lines: list[list[Run]], x: float) -> tuple[int, int, int] | None:
    """The longest stretch of lines that leave x empty, as (first, last, lines with text on
    both sides), when there is running prose on both sides of it."""
    best: tuple[int, int, int] | None = None
    start, both = 0, 0
    for index in range(len(lines) + 1):
        sides = _sides(lines[index], x) if index < len(lines) else None
        if sides is None:
            band = lines[start:index]
            if both >= MIN_LINES and (best is None or both > best[2]):
                halves = [_sides(line, x) for line in band]
                left = [h[0] for h in halves if h]
                right = [h[1] for h in halves if h]
                if _prose(left) and _prose(right):
                    best = (start, index - 1, both)
            start, both = index + 1, 0
            continue
        if sides[0] and sides[1]:
            both += 1
    return best


def _candidates(lines: list[list[Run]]) -> list[float]:
    """Where gutters may run: the middles of the wide gaps inside lines, close ones merged."""
    middles = sorted(
        (a.right + b.left) / 2
        for line in lines
        for a, b in zip(line, line[1:], strict=False)
        if b.left - a.right > _GAP * (a.top - a.bottom)
    )
    merged: list[list[float]] = []
    for x in middles:
        if merged and x - merged[-1][-1] <= _APART / 2:
            merged[-1].append(x)
        else:
            merged.append([x])
    return [sorted(group)[len(group) // 2] for group in merged if len(group) >= MIN_LINES]


def column_text(runs: list[Run], read: Reader) -> str | None:
    """The page's text read column by column, or None when its body is not set in columns."""
    lines = lines_of(runs)
    found = [(x, band) for x in _candidates(lines) if (band := _band(lines, x))]
    if not found:
        return None
    _, (first, last, _) = max(found, key=lambda f: f[1][2])
    gutters = sorted(
        x
        for x, (start, end, _) in found
        if start <= last and end >= first  # the same band
    )
    gutters = [x for i, x in enumerate(gutters) if i == 0 or x - gutters[i - 1] >= _APART]
    if len(gutters) >= MAX_COLUMNS:
        return None  # more columns than prose is set in: a table
    body = [run for line in lines[first : last + 1] for run in line]
    top, bottom = max(r.top for r in body), min(r.bottom for r in body)
    left, right = min(r.left for r in runs) - 1, max(r.right for r in runs) + 1
    page_top, page_bottom = max(r.top for r in runs) + 1, min(r.bottom for r in runs) - 1
    edges = [left, *gutters, right]
    parts = [read(left, top + 0.5, right, page_top)] if page_top > top + 0.5 else []
    parts += [read(edges[i], bottom, edges[i + 1], top) for i in range(len(edges) - 1)]
    if bottom - 0.5 > page_bottom:
        parts.append(read(left, page_bottom, right, bottom - 0.5))
    return "\n\n".join(part.strip("\r\n") for part in parts if part.strip())  # a chunk each
