"""Scanned pages read by OCR: RapidOCR's ONNX build, whose detection and recognition models ship
inside its wheel (nothing is downloaded), run on the page as PDFium renders it.

The recogniser reads a line of print as one string and often drops the spaces between words
("ON28thJanuary2021byZoom"); it also says where each character stands, so a space is put back
wherever two characters stand further apart than letters of one word do. Lines on one baseline
are joined left to right, and a taller gap than a line's own height starts a new paragraph.

OCR is optional: when RapidOCR (or the OpenCV it needs) cannot be loaded, scanned pages are
reported unreadable, as they are when OCR is switched off.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

SCALE = 2.0  # render at 144 dpi: small print stays legible, a page stays quick
_SPACE = 0.25  # of a line's height: a gap this wide between two characters is a word space
_PARAGRAPH = 1.2  # of a line's height: a taller gap between lines starts a paragraph
_MIN_SCORE = 0.5  # recognition confidence below which a line is noise (a stamp, a smudge)
_lock = threading.Lock()  # one page at a time through the engine


class OcrUnavailableError(Exception):
    """RapidOCR or what it needs could not be loaded."""


@lru_cache(maxsize=1)
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except Exception as error:  # ImportError, or OpenCV's missing system library (OSError)
        raise OcrUnavailableError(f"OCR unavailable: {error}") from error
    return RapidOCR()


def available() -> bool:
    try:
        _engine()
    except OcrUnavailableError:
        return False
    return True


def read_page(page: Any) -> str:
    """The text of a rendered PDF page, as lines and paragraphs; '' when nothing is legible."""
    engine = _engine()
    image = page.render(scale=SCALE).to_numpy()
    with _lock:
        found, _ = engine(image, return_word_box=True)
    lines = [_line(item) for item in found or [] if item[2] >= _MIN_SCORE]
    return _page_text([line for line in lines if line[3].strip()])


def _line(item: list[Any]) -> tuple[float, float, float, str]:
    """(top, bottom, left, text) of one recognised line, its word spaces put back."""
    box, text = item[0], item[1]
    top, bottom, left = box[0][1], box[2][1], box[0][0]
    if len(item) < 5 or not item[3] or len(item[3]) != len(item[4]):
        return top, bottom, left, text
    height = bottom - top
    chars, letters = item[3], item[4]
    out = letters[0]
    for before, after, letter in zip(chars, chars[1:], letters[1:], strict=False):
        gap = after[0][0] - before[1][0]
        if letter != " " and not out.endswith(" ") and gap >= _SPACE * height:
            out += " "
        out += letter
    return top, bottom, left, " ".join(out.split())


def _page_text(lines: list[tuple[float, float, float, str]]) -> str:
    """Lines on one baseline joined left to right; a wide gap between lines, a paragraph."""
    rows: list[list[tuple[float, float, float, str]]] = []
    for line in sorted(lines):
        middle = (line[0] + line[1]) / 2
        if rows and rows[-1][0][0] <= middle <= rows[-1][0][1]:
            rows[-1].append(line)
        else:
            rows.append([line])
    out: list[str] = []
    previous_bottom = None
    for row in rows:
        top, bottom = min(x[0] for x in row), max(x[1] for x in row)
        if previous_bottom is not None and top - previous_bottom > _PARAGRAPH * (bottom - top):
            out.append("")
        out.append(" ".join(x[3] for x in sorted(row, key=lambda x: x[2])))
        previous_bottom = bottom
    return "\n".join(out)
