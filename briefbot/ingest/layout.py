"""Lines to paragraphs to a PaperText: the layout rules every format shares."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from briefbot.errors import PaperError
from briefbot.ingest.clean import clean_line, clean_text
from briefbot.ingest.furniture import keep_lines
from briefbot.models import Block, PaperText

BLOCK_SEPARATOR = "\n\n"
_WRAP_MIN_CHARS = 60
_TERMINAL = tuple(".!?:\"'”’»")
_BULLET = re.compile(
    r"^(?:[·•▪◦‣●○■□➢➤✓✔\-–—*+](?:\s|$)"
    r"|\(?[a-zA-Z]\)\s|\(?\d{1,3}[.)]\s|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]\s)"
)


@dataclass
class Chunk:
    """Lines that belong together (a blank-line group, an HTML block, a DOCX paragraph)."""

    lines: list[str]
    page: int | None = None
    section: tuple[str, ...] = ()
    heading: bool = False
    verbatim: bool = False  # preformatted: keep the lines as they are
    item: bool = False  # a list item (HTML <li>, a Markdown or Word list paragraph)


def plain_chunks(text: str, page: int | None = None) -> list[Chunk]:
    """Split plain text into blank-line-separated chunks of cleaned lines."""
    chunks: list[Chunk] = []
    current: list[str] = []
    for raw in clean_text(text).split("\n"):
        line = clean_line(raw)
        if line:
            current.append(line)
        elif current:
            chunks.append(Chunk(current, page=page))
            current = []
    if current:
        chunks.append(Chunk(current, page=page))
    return chunks


def drop_furniture(chunks: list[Chunk]) -> list[Chunk]:
    """Remove web-furniture lines (and a furniture tail) across a whole capture."""
    flat = [line for chunk in chunks for line in chunk.lines]
    keep = iter(keep_lines(flat))
    kept: list[Chunk] = []
    for chunk in chunks:
        lines = [line for line in chunk.lines if next(keep)]
        if lines:
            kept.append(
                Chunk(lines, chunk.page, chunk.section, chunk.heading, chunk.verbatim, chunk.item)
            )
    return kept


def is_hard_wrap(previous: str, line: str) -> bool:
    """True when a line break inside a chunk only wraps a long line: same paragraph."""
    return (
        len(previous) >= _WRAP_MIN_CHARS
        and not previous.endswith(_TERMINAL)
        and line[:1].islower()
        and not _BULLET.match(line)
    )


def paragraphs(lines: list[str]) -> Iterator[str]:
    """Group a chunk's lines into paragraphs: each line starts one unless it is a hard wrap."""
    current: list[str] = []
    for line in lines:
        if current and not is_hard_wrap(current[-1], line):
            yield " ".join(current)
            current = []
        current.append(line)
    if current:
        yield " ".join(current)


def chunk_paragraphs(chunk: Chunk) -> Iterator[str]:
    """The paragraph texts of one chunk, by its kind."""
    lines = [clean_line(line) for line in chunk.lines]
    lines = [line for line in lines if line]
    if not lines:
        return
    if chunk.heading:
        yield " ".join(lines)
    elif chunk.verbatim:
        yield "\n".join(lines)
    else:
        yield from paragraphs(lines)


def build_paper_text(
    chunks: Iterable[Chunk], *, title: str | None, date: str | None, fmt: str
) -> PaperText:
    """Join the paragraphs with blank lines and record each one's offsets as a Block."""
    parts: list[str] = []
    blocks: list[Block] = []
    position = 0
    for chunk in chunks:
        for text in chunk_paragraphs(chunk):
            if parts:
                position += len(BLOCK_SEPARATOR)
            end = position + len(text)
            blocks.append(
                Block(
                    start=position,
                    end=end,
                    paragraph=len(blocks) + 1,
                    page=chunk.page,
                    section=chunk.section,
                    heading=chunk.heading,
                    item=chunk.item or bool(_BULLET.match(text)),
                )
            )
            parts.append(text)
            position = end
    if not blocks:
        raise PaperError("no text found")
    return PaperText(
        text=BLOCK_SEPARATOR.join(parts), blocks=blocks, title=title, date=date, format=fmt
    )
