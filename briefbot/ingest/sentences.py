"""Sentence spans by rule (no model): careful with amounts, abbreviations and initials."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefbot.models import Block

# A sentence may end at ., ! or ?, with closing quotes or brackets, before whitespace.
_END = re.compile(r"[.!?]+[\"'”’)\]»]*(?=\s)")
_WORD = re.compile(r"\S+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr cllr clr st no nos e.g i.e eg ie etc approx jan feb mar apr jun jul aug sep "
    "sept oct nov dec a.m p.m am pm prof rev sr jr vs cf fig figs para paras ref refs incl "
    "est dept govt hon rt op ch cl sec vol ed".split()
)
_OPENERS = frozenset("\"'“‘«([£$€•·-–—*▪◦")
MAX_SENTENCE_WORDS = 200
WINDOW_WORDS = 100
MAX_SENTENCE_CHARS = 4000


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) inside text[start:end], without surrounding whitespace."""
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text, start, end):
        for begin, finish in _sentences(text, line_start, line_end):
            spans.extend(bounded(text, begin, finish))
    return spans


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Every newline is a hard boundary: paragraphs and preformatted lines never merge."""
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        yield position, stop
        position = stop + 1


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    begin = start
    for match in _END.finditer(text, start, end):
        if _is_boundary(text, match, end):
            span = strip_span(text, begin, match.end())
            if span:
                yield span
            begin = match.end()
    span = strip_span(text, begin, end)
    if span:
        yield span


def _is_boundary(text: str, match: re.Match[str], end: int) -> bool:
    """A real sentence end: the next word opens a sentence and the dot is not an abbreviation."""
    following = match.end()
    while following < end and text[following].isspace():
        following += 1
    if following >= end:
        return False  # the line's end closes the sentence anyway
    opener = text[following]
    if not (opener.isupper() or opener.isdigit() or opener in _OPENERS):
        return False
    return match.group().rstrip("\"'”’)]»") != "." or not _abbreviation(text, match.start())


def _abbreviation(text: str, dot: int) -> bool:
    """True when the word before a full stop is a known abbreviation or an initial."""
    first = dot
    while first > 0 and (text[first - 1].isalpha() or text[first - 1] == "."):
        first -= 1
    word = text[first:dot].strip(".")
    if not word:
        return False
    if first > 0 and text[first - 1].isdigit():
        return False  # a figure's unit ("£1.7m.", "15km.", "7pm."), no initial: the sentence ends
    if all(len(part) <= 1 for part in word.split(".")):
        return True  # "J." or "J.R." are initials
    return word.lower() in _ABBREVIATIONS


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without leading and trailing whitespace, or None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def word_windows(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """Cut a span into runs of at most `size` words, breaking at whitespace."""
    words = [match.span() for match in _WORD.finditer(text, start, end)]
    return [
        (words[index][0], words[min(index + size, len(words)) - 1][1])
        for index in range(0, len(words), size)
    ]


def bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence as it is, or cut into ~100-word windows when it runs past ~200 words."""
    if end - start <= MAX_SENTENCE_CHARS and count_words(text, start, end) <= MAX_SENTENCE_WORDS:
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    for begin, finish in word_windows(text, start, end, WINDOW_WORDS):
        for offset in range(begin, finish, MAX_SENTENCE_CHARS):  # a monster "word" is cut too
            span = strip_span(text, offset, min(offset + MAX_SENTENCE_CHARS, finish))
            if span:
                spans.append(span)
    return spans


def count_words(text: str, start: int, end: int) -> int:
    """Whitespace-separated words in text[start:end]."""
    return len(text[start:end].split())


def paper_sentences(text: str, blocks: Sequence[Block]) -> list[tuple[int, int, int]]:
    """Every sentence of a paper, block by block: (start, end, block number). The answerer's
    candidates and the sentence vectors a refresh stores are both these."""
    return [
        (start, end, number)
        for number, block in enumerate(blocks)
        for start, end in split_sentences(text, block.start, block.end)
    ]
