"""Text runs with their positions on a page (PDF points, y rising up the page), and the lines they
make: what the readers of tables and of columns share."""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
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


Box = tuple[float, float, float, float]  # left, bottom, right, top
Shape = tuple[Box, bool]  # a drawn path's bounds, and whether it is stroked (outlined)
Reader = Callable[[float, float, float, float], str]  # left, bottom, right, top -> text

_INSET = 0.5  # points: a run's box, read a little inside its edges


def page_runs(textpage: Any) -> list[Run]:
    """A PDFium text page's runs, in the order PDFium keeps them. Each run's text is read a
    little inside its box: boxes of neighbouring runs can overlap by a fraction of a point, and
    read to their edges the next run would repeat the last letter of this one ("position of" /
    "f the authority")."""
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        inset = min(_INSET, (right - left) / 4, (top - bottom) / 4)
        text = textpage.get_text_bounded(left + inset, bottom + inset, right - inset, top - inset)
        if text.strip():
            runs.append(Run(text, left, bottom, right, top))
    return runs


_MIN_BOX = 8.0  # points: a drawn shape narrower or lower than this is a rule, not a cell


def page_shapes(page: Any) -> list[Shape]:
    """The bounds of the paths drawn on a PDFium page (PDF points), and whether each is stroked
    (outlined) rather than only filled. A path inside a form (a spreadsheet's table pasted into
    a slide or a report is often one) has its bounds in the form's own space: the forms'
    matrices place it on the page, where the text is."""
    import pypdfium2.raw as raw

    shapes = []
    for obj in page.get_objects(max_depth=4):
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
            bounds = obj.get_bounds()
            form = obj.container
            while form is not None:
                bounds = form.get_matrix().on_rect(*bounds)
                form = form.container
            shapes.append((bounds, bool(stroke.value) and _square(obj.raw)))
    return shapes


_AXIS = 0.5  # points: a segment moving less than this across runs along an axis


def _square(path: Any) -> bool:
    """Whether every segment of a path runs straight across or straight up, as a box's or a
    rule's do: a stroked diagonal line (a slide's decoration) outlines no box, though its
    bounds are one."""
    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    last: tuple[float, float] | None = None
    for index in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, index)
        if not segment or not raw.FPDFPathSegment_GetPoint(
            segment, ctypes.byref(x), ctypes.byref(y)
        ):
            return False
        point = (x.value, y.value)
        moves = raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO
        if last is not None and not moves:
            if abs(point[0] - last[0]) > _AXIS and abs(point[1] - last[1]) > _AXIS:
                return False
        last = point
    return True


def drawn_boxes(shapes: list[Shape]) -> list[Box]:
    """The shapes big enough to hold text (a shaded cell, a ruled box); thinner ones are rules."""
    return [box for box, _ in shapes if box[2] - box[0] >= _MIN_BOX and box[3] - box[1] >= _MIN_BOX]


_SAMPLED = 400  # characters whose angle is read to find a page's reading direction


@dataclass(frozen=True)
class Frame:
    """The direction a page's text reads in: quarter turns (counterclockwise) of its baselines.
    A landscape table printed onto a portrait page, or a page turned by /Rotate, has its text
    running up or down the page; in the frame of its text, lines run left to right again and
    the readers of lines, tables and columns work on it unchanged."""

    turns: int = 0

    def _axes(self) -> tuple[tuple[float, float], tuple[float, float]]:
        angle = self.turns * math.pi / 2
        along = (round(math.cos(angle)), round(math.sin(angle)))
        return along, (-along[1], along[0])  # the baseline's direction, and "up" from it

    def reading(self, box: Box) -> Box:
        """A page box in the text's frame."""
        along, up = self._axes()
        return _bounds(box, lambda x, y: (x * along[0] + y * along[1], x * up[0] + y * up[1]))

    def page(self, box: Box) -> Box:
        """A box of the text's frame on the page."""
        along, up = self._axes()
        return _bounds(box, lambda x, y: (x * along[0] + y * up[0], x * along[1] + y * up[1]))

    def runs(self, runs: list[Run]) -> list[Run]:
        """Runs in the text's frame."""
        turned = []
        for run in runs:
            left, bottom, right, top = self.reading((run.left, run.bottom, run.right, run.top))
            turned.append(replace(run, left=left, bottom=bottom, right=right, top=top))
        return turned


def _bounds(box: Box, move: Any) -> Box:
    left, bottom, right, top = box
    corners = [move(x, y) for x in (left, right) for y in (bottom, top)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def page_frame(textpage: Any) -> Frame:
    """The direction most of the page's characters read in (sampled)."""
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    turns: Counter[int] = Counter()
    for index in range(0, count, max(1, count // _SAMPLED)):
        angle = raw.FPDFText_GetCharAngle(textpage.raw, index)
        if angle >= 0:  # PDFium measures it clockwise
            turns[-round(angle / (math.pi / 2)) % 4] += 1
    return Frame(turns.most_common(1)[0][0] if turns else 0)


def line_text(lines: list[list[Run]]) -> str:
    """Lines of runs as text, a line each, runs apart by a space."""
    return "\n".join(" ".join(run.text.strip() for run in line) for line in lines)
