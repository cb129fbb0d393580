"""Text runs with their positions on a page (PDF points, y rising up the page), and the lines they
make: what the readers of tables and of columns share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_JOIN = 0.5  # of a line's height: a word space, not the gap between columns
_TOUCH = 0.15  # of a line's height: glyphs of one word


@dataclass(frozen=True)
class Run:
    """A run of text on a page and its box: left, bottom, right, top."""

    text: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def middle(self) -> float:
        return (self.bottom + self.top) / 2

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2


def lines_of(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines (sharing a baseline), top of the page first, left to right."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        line = next((x for x in lines if x[0].bottom <= run.middle <= x[0].top), None)
        if line is None:
            lines.append([run])
        else:
            line.append(run)
    return [_joined(sorted(line, key=lambda r: r.left)) for line in lines]


def _joined(line: list[Run]) -> list[Run]:
    """Runs set a space or less apart joined into one: a date drawn digit by digit ("13 - 0 2 -
    1 9") is one cell, not seven; cells of a table stand further apart."""
    out = [line[0]]
    for run in line[1:]:
        last = out[-1]
        gap = (run.left - last.right) / (last.top - last.bottom)
        if gap <= _JOIN:
            space = " " if gap > _TOUCH or last.text.endswith(" ") else ""
            text = f"{last.text.rstrip()}{space}{run.text.strip()}"
            top, bottom = max(last.top, run.top), min(last.bottom, run.bottom)
            out[-1] = Run(text, last.left, bottom, max(last.right, run.right), top)
        else:
            out.append(run)
    return out


def page_runs(textpage: Any) -> list[Run]:
    """A PDFium text page's runs, in the order PDFium keeps them."""
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top)
        if text.strip():
            runs.append(Run(text, left, bottom, right, top))
    return runs


_MIN_BOX = 8.0  # points: a drawn shape narrower or lower than this is a rule, not a cell


def page_boxes(page: Any) -> list[tuple[float, float, float, float]]:
    """The bounds of the shapes drawn on a page (a shaded cell, a ruled box), PDF points."""
    import pypdfium2.raw as raw

    boxes = []
    for obj in page.get_objects(max_depth=4):
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            if right - left >= _MIN_BOX and top - bottom >= _MIN_BOX:
                boxes.append((left, bottom, right, top))
    return boxes
